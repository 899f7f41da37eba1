/**
 * Laws of the schema-derived arbitraries, for every schema of every contract in the registry
 * (iterated, never named): each generated value parses with the contract's zod schema and
 * validates (ajv, draft 2020-12 with formats) against the exported JSON Schema on disk, and the
 * same seed gives the same values. Then the deriver's own features on small synthetic schemas.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import fc from 'fast-check'
import { z } from 'zod'
import { describe, expect, test } from 'vitest'
import { arbitraryOverrides } from '../contracts/arbitraries.ts'
import type { ProviderContract } from '../contracts/core/provider-contract.ts'
import { generatedPaths, toJsonSchemaDocument } from '../contracts/json-schema.ts'
import { contractRegistry, type ProviderId } from '../contracts/registry.ts'
import { providerArbitraries, requestArbitrary } from './index.ts'
import { JsonSchemaArbitraries, UnsupportedSchemaError, arbitraryFromJsonSchema } from './json-schema-arbitrary.ts'

const SAMPLES = 80
const SEED = 20_261_130
const contractsDir = join(import.meta.dirname, '..', 'contracts')

function newAjv(): Ajv2020 {
  // strictTypes off: zod emits `{ $ref, minimum }` without repeating the type next to the bound.
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true })
  addFormats.default(ajv)
  return ajv
}

/** Throws with both verdicts, so a failing law shows the value, zod's issues and ajv's errors. */
function holdsFor(schema: z.ZodType, validate: ValidateFunction, value: unknown): void {
  const parsed = schema.safeParse(value)
  const valid = validate(value)
  if (!parsed.success || !valid) {
    throw new Error(
      `value ${JSON.stringify(value)}\nzod: ${parsed.success ? 'ok' : JSON.stringify(parsed.error.issues)}\najv: ${valid ? 'ok' : JSON.stringify(validate.errors)}`,
    )
  }
}

const providers = Object.entries(contractRegistry) as [ProviderId, ProviderContract][]

describe.each(providers)('laws: %s', (providerId, contract) => {
  const exported = JSON.parse(readFileSync(generatedPaths(contractsDir, contract.id).schema, 'utf8')) as { $id: string }
  const ajv = newAjv()
  ajv.addSchema(exported)
  const { arbitraries } = providerArbitraries(providerId)

  test.each(Object.keys(contract.schemas))('%s: every value parses with zod and validates against the exported JSON Schema', (name) => {
    const validate = ajv.getSchema(`${exported.$id}#/$defs/${name}`)
    if (validate === undefined) throw new Error(`${name} is not in the exported document`)
    const schema = contract.schemas[name]!
    fc.assert(
      fc.property(arbitraries.arbitrary(name), (value) => holdsFor(schema, validate, value)),
      { numRuns: SAMPLES, seed: SEED },
    )
  })

  test('the same seed gives the same values, from a fresh deriver too', () => {
    const fresh = new JsonSchemaArbitraries(exported, { overrides: arbitraryOverrides[providerId] })
    for (const name of Object.keys(contract.schemas)) {
      const first = fc.sample(arbitraries.arbitrary(name), { seed: SEED, numRuns: 20 })
      expect(fc.sample(arbitraries.arbitrary(name), { seed: SEED, numRuns: 20 }), name).toEqual(first)
      expect(fc.sample(fresh.arbitrary(name), { seed: SEED, numRuns: 20 }), name).toEqual(first)
    }
  })

  test('every operation request is generated and holds to its zod schema and its JSON Schema', () => {
    const { document } = providerArbitraries(providerId)
    const own = newAjv()
    own.addSchema(document)
    const names = providerArbitraries(providerId).names
    for (const [operationName, op] of Object.entries(contract.operations)) {
      const validate = own.getSchema(`${document.$id}#/$defs/${names.get(op.request)}`)!
      fc.assert(
        fc.property(requestArbitrary(providerId, operationName), (value) => holdsFor(op.request, validate, value)),
        { numRuns: 30, seed: SEED },
      )
    }
  })
})

// ---------------------------------------------------------------------------------------------
// The deriver on synthetic schemas
// ---------------------------------------------------------------------------------------------

const doc = (defs: Record<string, unknown>) => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://example.test/s.json', $defs: defs })

function assertValid(document: ReturnType<typeof doc>, name: string, options?: ConstructorParameters<typeof JsonSchemaArbitraries>[1], numRuns = 200): unknown[] {
  const ajv = newAjv()
  ajv.addSchema(document)
  const validate = ajv.getSchema(`${document.$id}#/$defs/${name}`)!
  const values = fc.sample(new JsonSchemaArbitraries(document, options).arbitrary(name), { seed: SEED, numRuns })
  for (const value of values) expect(validate(value), `${JSON.stringify(value)} ${JSON.stringify(validate.errors)}`).toBe(true)
  return values
}

describe('deriver', () => {
  test('keywords the contracts use and a few more hold under ajv', () => {
    const values = assertValid(
      doc({
        Kind: { type: 'string', enum: ['a', 'b'] },
        All: {
          type: 'object',
          properties: {
            kind: { $ref: '#/$defs/Kind' },
            fixed: { const: 'X' },
            nullable: { anyOf: [{ type: 'string', minLength: 2, maxLength: 3 }, { type: 'null' }] },
            either: { type: ['integer', 'boolean'] },
            bounded: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
            step: { type: 'integer', minimum: -20, maximum: 20, multipleOf: 5 },
            code: { type: 'string', pattern: '^[A-Z]{3}$' },
            digits: { type: 'string', minLength: 4, maxLength: 6, pattern: '^\\d+$' },
            when: { type: 'string', format: 'date-time' },
            mail: { type: 'string', format: 'email', maxLength: 40 },
            site: { type: 'string', format: 'uri' },
            id: { type: 'string', format: 'uuid' },
            ip: { type: 'string', format: 'ipv4' },
            tags: { type: 'array', items: { type: 'string', maxLength: 3 }, minItems: 1, maxItems: 3, uniqueItems: true },
            pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, minItems: 2 },
            map: { type: 'object', propertyNames: { type: 'string', pattern: '^k' }, additionalProperties: { type: 'boolean' } },
            big: { $ref: '#/$defs/Kind', default: 'a' },
          },
          required: ['kind', 'fixed', 'nullable', 'tags'],
          additionalProperties: false,
        },
      }),
      'All',
    )
    // Optional properties are sometimes present, sometimes not.
    expect(values.some((v) => Object.hasOwn(v as object, 'code'))).toBe(true)
    expect(values.some((v) => !Object.hasOwn(v as object, 'code'))).toBe(true)
  })

  test('oneOf over a discriminator, and allOf over objects', () => {
    const d = doc({
      Shape: {
        oneOf: [
          { type: 'object', properties: { kind: { const: 'circle' }, r: { type: 'number', minimum: 0 } }, required: ['kind', 'r'] },
          { type: 'object', properties: { kind: { const: 'square' }, side: { type: 'integer' } }, required: ['kind', 'side'] },
        ],
      },
      Both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { type: 'object', properties: { b: { type: 'boolean' } } }] },
    })
    assertValid(d, 'Shape')
    assertValid(d, 'Both')
  })

  test('$ref recursion unfolds to at most maxRefDepth levels and stays valid', () => {
    const d = doc({ Node: { type: 'object', properties: { value: { type: 'integer' }, children: { type: 'array', items: { $ref: '#/$defs/Node' } } }, required: ['value', 'children'] } })
    const depth = (n: unknown): number => 1 + Math.max(0, ...(n as { children: unknown[] }).children.map(depth))
    const values = assertValid(d, 'Node', { maxRefDepth: 3 }, 100)
    expect(Math.max(...values.map(depth))).toBeLessThanOrEqual(4)
    expect(values.some((v) => depth(v) > 1)).toBe(true)
  })

  test('a recursion that never bottoms out is refused, not looped on', () => {
    const d = doc({ Loop: { type: 'object', properties: { next: { $ref: '#/$defs/Loop' } }, required: ['next'] } })
    expect(() => arbitraryFromJsonSchema(d, 'Loop')).toThrow(UnsupportedSchemaError)
  })

  test('$ref with a sibling bound tightens the target', () => {
    const d = doc({ Amount: { type: 'number', exclusiveMinimum: 0, maximum: 1e6 }, Charge: { type: 'object', properties: { amount: { $ref: '#/$defs/Amount', minimum: 1000 } }, required: ['amount'] } })
    for (const v of assertValid(d, 'Charge')) expect((v as { amount: number }).amount).toBeGreaterThanOrEqual(1000)
  })

  test.each([
    ['an unsupported keyword', { type: 'object', properties: { a: { not: { type: 'string' } } } }, '/$defs/X/properties/a'],
    ['an unknown format', { type: 'object', properties: { a: { type: 'string', format: 'iban' } } }, '/$defs/X/properties/a'],
    ['overlapping oneOf branches', { oneOf: [{ type: 'string' }, { type: 'string', minLength: 2 }] }, '/$defs/X'],
    ['a remote $ref', { $ref: 'https://example.test/other.json' }, '/$defs/X'],
    ['a pattern the length bounds exclude', { type: 'string', pattern: '^a{10}$', maxLength: 3 }, '/$defs/X'],
    ['minLength above maxLength', { type: 'string', minLength: 4, maxLength: 3 }, '/$defs/X'],
    ['patternProperties', { type: 'object', patternProperties: { '^x': { type: 'string' } } }, '/$defs/X'],
  ])('refuses %s, naming the schema path', (_what, schema, pointer) => {
    let error: unknown
    try {
      arbitraryFromJsonSchema(doc({ X: schema }), 'X')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UnsupportedSchemaError)
    expect((error as UnsupportedSchemaError).pointer).toBe(pointer)
    expect((error as Error).message).toContain(pointer)
  })

  test('overrides apply by name and by pointer, and a misspelt one is an error', () => {
    const d = doc({ Id: { type: 'string' }, Obj: { type: 'object', properties: { id: { $ref: '#/$defs/Id' }, n: { type: 'integer' } }, required: ['id', 'n'] } })
    const values = fc.sample(
      new JsonSchemaArbitraries(d, { overrides: { schemas: { Id: () => fc.constant('fixed') }, pointers: { '/$defs/Obj/properties/n': () => fc.constant(7) } } }).arbitrary('Obj'),
      { seed: SEED, numRuns: 10 },
    )
    expect(values).toEqual(Array.from({ length: 10 }, () => ({ id: 'fixed', n: 7 })))
    expect(() => new JsonSchemaArbitraries(d, { overrides: { schemas: { Idd: () => fc.constant('x') } } })).toThrow(/Idd/)
    expect(() => new JsonSchemaArbitraries(d, { overrides: { pointers: { '/$defs/Obj/properties/m': () => fc.constant(1) } } })).toThrow(/properties\/m/)
  })

  test('a zod refinement JSON Schema cannot carry breaks the law until an override states it', () => {
    const Either = z.object({ a: z.string().optional(), b: z.string().optional() }).refine((r) => r.a !== undefined || r.b !== undefined)
    const document = toJsonSchemaDocument('synthetic', { Either })
    const plain = fc.sample(new JsonSchemaArbitraries(document).arbitrary('Either'), { seed: SEED, numRuns: 100 })
    expect(plain.some((v) => !Either.safeParse(v).success)).toBe(true)
    const stated = new JsonSchemaArbitraries(document, {
      overrides: { schemas: { Either: ({ derived }) => derived().filter((v) => Either.safeParse(v).success) } },
    })
    for (const v of fc.sample(stated.arbitrary('Either'), { seed: SEED, numRuns: 100 })) expect(Either.safeParse(v).success).toBe(true)
  })
})
