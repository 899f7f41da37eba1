import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { antomSchemas } from './antom/schemas.ts'
import {
  findStale,
  generatedPaths,
  renderAll,
  serializeDocument,
  toJsonSchemaDocument,
  toTypeScript,
  writeGenerated,
  type JsonSchema,
  type SchemaSet,
} from './json-schema.ts'

const doc = toJsonSchemaDocument('antom', antomSchemas)
const def = (name: string): JsonSchema => {
  const found = doc.$defs[name]
  if (!found) throw new Error(`no $def ${name}`)
  return found
}
const property = (schema: JsonSchema, name: string): JsonSchema => (schema['properties'] as Record<string, JsonSchema>)[name]!

/** Every value reachable from `node`, depth first. */
function* walk(node: unknown): Generator<unknown> {
  yield node
  if (Array.isArray(node)) for (const item of node) yield* walk(item)
  else if (node !== null && typeof node === 'object') for (const value of Object.values(node)) yield* walk(value)
}

describe('toJsonSchemaDocument', () => {
  test('is a draft 2020-12 document with one $def per named schema', () => {
    expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(doc.$id).toBe('https://tokenproof.dev/schemas/antom.json')
    expect(Object.keys(doc.$defs).sort()).toEqual(Object.keys(antomSchemas).sort())
  })

  test.each(Object.entries(doc.$defs))('$def %s is a schema', (_name, schema) => {
    const kinds = ['type', 'anyOf', 'oneOf', 'allOf', '$ref', 'const', 'enum'].filter((key) => key in schema)
    expect(kinds.length).toBeGreaterThan(0)
    expect(schema).not.toHaveProperty('$schema')
    expect(schema).not.toHaveProperty('$id')
  })

  test('every $ref points at a $def of the document', () => {
    const refs = [...walk(doc)].flatMap((node) =>
      node !== null && typeof node === 'object' && '$ref' in node ? [(node as { $ref: string }).$ref] : [],
    )
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) expect(Object.keys(doc.$defs).map((name) => `#/$defs/${name}`)).toContain(ref)
  })

  test('shared types are referenced, not copied', () => {
    expect(property(def('PayRequest'), 'paymentAmount')).toEqual({ $ref: '#/$defs/Amount' })
    expect(property(def('NotifyPayment'), 'result')).toEqual({ $ref: '#/$defs/Result' })
  })

  test('createVaultingSession carries the seed 002 limits and required fields', () => {
    const request = def('CreateVaultingSessionRequest')
    expect(property(request, 'vaultingRequestId')).toMatchObject({ type: 'string', maxLength: 64 })
    expect(property(request, 'paymentMethodType')).toMatchObject({ type: 'string', maxLength: 64 })
    expect(property(request, 'vaultingNotificationUrl')).toMatchObject({ type: 'string', maxLength: 2048 })
    expect(property(request, 'passThroughMetadata')).toMatchObject({ type: 'string', maxLength: 2048 })
    expect(request['required']).toEqual(['paymentMethodType', 'vaultingRequestId'])

    const [success, other] = def('CreateVaultingSessionResponse')['anyOf'] as JsonSchema[]
    expect(property(success!, 'vaultingSessionData')).toMatchObject({ maxLength: 4096 })
    expect(property(success!, 'vaultingSessionId')).toMatchObject({ maxLength: 64 })
    expect(property(success!, 'vaultingSessionExpiryTime')).toMatchObject({ format: 'date-time' })
    expect(success!['required']).toEqual(['result', 'vaultingSessionData', 'vaultingSessionId', 'vaultingSessionExpiryTime'])
    expect(other!['required']).toEqual(['result'])
  })

  test('card and amount formats reach the document', () => {
    const card = def('CardPaymentMethodMetaData')
    expect(property(card, 'cardNo')).toMatchObject({ minLength: 12, maxLength: 19, pattern: '^\\d{12,19}$' })
    expect(property(card, 'cvv')).toMatchObject({ minLength: 3, maxLength: 4 })
    expect(def('Currency')).toMatchObject({ type: 'string', pattern: '^[A-Z]{3}$' })
    expect(property(def('Order'), 'orderDescription')).toMatchObject({ maxLength: 256 })
  })

  test('requests admit unknown fields; responses and notifications say nothing either way', () => {
    for (const name of ['PayRequest', 'CreatePaymentSessionRequest', 'VaultPaymentMethodRequest']) {
      expect(def(name)['additionalProperties'], name).toEqual({})
    }
    for (const name of ['PayResponse', 'NotifyPayment', 'NotificationAck']) {
      expect(def(name), name).not.toHaveProperty('additionalProperties')
    }
  })

  test('two names for one zod instance are refused', () => {
    const shared = z.string()
    expect(() => toJsonSchemaDocument('dup', { A: shared, B: shared })).toThrow(/same zod instance/)
  })

  test('serialization is stable and ends with a newline', () => {
    const again = serializeDocument(toJsonSchemaDocument('antom', antomSchemas))
    expect(again).toBe(serializeDocument(doc))
    expect(again.endsWith('}\n')).toBe(true)
  })
})

describe('toTypeScript', () => {
  test('declares one exported type per $def, and no any', async () => {
    const ts = await toTypeScript(doc)
    for (const name of Object.keys(doc.$defs)) expect(ts).toMatch(new RegExp(`^export (interface|type) ${name}\\b`, 'm'))
    expect(ts).toMatch(/^export interface AntomSchemas \{/m)
    expect(ts).not.toMatch(/\bany\b/)
    expect(ts).not.toContain('This interface was referenced')
    expect(ts).toContain('npm run schemas')
  })

  test('loose objects get an index signature, strict ones none', async () => {
    const ts = await toTypeScript(doc)
    const body = (name: string) => ts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))?.[1] ?? ''
    expect(body('PayRequest')).toContain('[k: string]: unknown')
    expect(body('PayResponse')).not.toContain('[k: string]')
  })
})

describe('generated files', () => {
  let outDir: string
  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'tokenproof-schemas-'))
  })
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true })
  })

  const version = (maxLength: number): SchemaSet => ({
    id: 'demo',
    schemas: { Thing: z.object({ ref: z.string().max(maxLength) }) },
  })

  test('are written under <outDir>/<id>/generated and then found up to date', async () => {
    const files = await renderAll([version(64)], outDir)
    expect(files.map((f) => f.path)).toEqual([generatedPaths(outDir, 'demo').schema, generatedPaths(outDir, 'demo').types])
    expect(await findStale(files)).toEqual([
      { path: generatedPaths(outDir, 'demo').schema, reason: 'missing' },
      { path: generatedPaths(outDir, 'demo').types, reason: 'missing' },
    ])
    await writeGenerated(files)
    expect(await findStale(files)).toEqual([])
  })

  test('are stale once a schema changes', async () => {
    await writeGenerated(await renderAll([version(64)], outDir))
    // A new limit changes the JSON Schema only; TypeScript has no maxLength.
    expect(await findStale(await renderAll([version(65)], outDir))).toEqual([{ path: generatedPaths(outDir, 'demo').schema, reason: 'differs' }])
    // A new field changes both.
    const widened: SchemaSet = { id: 'demo', schemas: { Thing: z.object({ ref: z.string().max(64), note: z.string().optional() }) } }
    expect(await findStale(await renderAll([widened], outDir))).toEqual([
      { path: generatedPaths(outDir, 'demo').schema, reason: 'differs' },
      { path: generatedPaths(outDir, 'demo').types, reason: 'differs' },
    ])
  })

  test('are stale when edited by hand, and a leftover file is reported', async () => {
    const files = await renderAll([version(64)], outDir)
    await writeGenerated(files)
    const { types } = generatedPaths(outDir, 'demo')
    await writeFile(types, `${files[1]!.contents}// edited\n`)
    const leftover = join(outDir, 'demo', 'generated', 'old.schema.json')
    await writeFile(leftover, '{}\n')
    expect(await findStale(files)).toEqual([
      { path: types, reason: 'differs' },
      { path: leftover, reason: 'unexpected' },
    ])
  })
})
