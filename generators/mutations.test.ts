/**
 * Laws of the invalid-request generator, for every request schema of every contract (iterated,
 * never named): every body mutation is rejected by the operation's zod schema and touches the field
 * it names; the same seed gives the same mutations; and the table lookup's field rules.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { z } from 'zod'
import { invalidRequestTables } from '../contracts/invalid-requests.ts'
import { contractRegistry, type ProviderId } from '../contracts/registry.ts'
import { providerArbitraries, requestArbitrary } from './index.ts'
import { bodyMutations, checkedKinds, expectedError, invalidRequestArbitrary, MUTATION_KINDS, wireMutations, type InvalidRequestTable, type Mutation } from './mutations.ts'

const SEED = 20_261_130
const SAMPLES = 40

const valueAt = (body: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), body)

const operations = (Object.keys(contractRegistry) as ProviderId[]).flatMap((provider) => {
  const { names, document } = providerArbitraries(provider)
  const ops: Readonly<Record<string, { request: z.ZodType }>> = contractRegistry[provider].operations
  return Object.entries(ops)
    .filter(([, op]) => names.has(op.request))
    .map(([operation, op]) => ({ provider, operation, schema: op.request, document, root: { $ref: `#/$defs/${names.get(op.request) ?? ''}` } }))
})

describe.each(operations.map((o) => [`${o.provider} ${o.operation}`, o] as const))('%s', (_name, o) => {
  const rejects = (body: unknown) => !o.schema.safeParse(body).success

  test('every body mutation of a valid request is rejected by the zod schema and changes the field it names', () => {
    for (const value of fc.sample(requestArbitrary(o.provider, o.operation), { numRuns: SAMPLES, seed: SEED })) {
      for (const m of bodyMutations(o.document, o.root, value, rejects)) {
        expect(o.schema.safeParse(m.body).success, `${m.kind} ${m.path}`).toBe(false)
        expect(m.path).not.toBe('')
        expect(valueAt(m.body, m.path), `${m.kind} ${m.path}`).not.toEqual(valueAt(value, m.path))
        if (m.kind === 'missingRequired') expect(valueAt(m.body, m.path)).toBeUndefined()
      }
    }
  })

  test('the same seed gives the same invalid requests', () => {
    const arbitrary = () => invalidRequestArbitrary(requestArbitrary(o.provider, o.operation), o.document, o.root, rejects)
    const labels = (ms: Mutation[]) => ms.map((m) => `${m.kind} ${m.path} ${m.raw ?? JSON.stringify(m.body)}`)
    expect(labels(fc.sample(arbitrary(), { numRuns: 20, seed: SEED }))).toEqual(labels(fc.sample(arbitrary(), { numRuns: 20, seed: SEED })))
  })
})

test('across the contracts, every body mutation kind is generated somewhere', () => {
  const seen = new Set<string>()
  for (const o of operations) {
    const rejects = (body: unknown) => !o.schema.safeParse(body).success
    for (const value of fc.sample(requestArbitrary(o.provider, o.operation), { numRuns: 10, seed: SEED })) {
      for (const m of bodyMutations(o.document, o.root, value, rejects)) seen.add(m.kind)
    }
  }
  expect([...seen].sort()).toEqual(['badFormat', 'missingRequired', 'outsideEnum', 'overMaxLength', 'wrongType'])
})

test('wire mutations keep the body and break how it travels', () => {
  const body = { a: 1, b: 'x' }
  const byKind = new Map(wireMutations(body).map((m) => [m.kind, m]))
  expect(() => JSON.parse(byKind.get('malformedJson')?.raw ?? '{}') as unknown).toThrow()
  expect(() => JSON.parse(wireMutations({}).find((m) => m.kind === 'malformedJson')?.raw ?? '{}') as unknown).toThrow()
  expect(byKind.get('wrongContentType')).toMatchObject({ body, contentType: 'text/plain' })
  expect(byKind.get('badAuth')).toMatchObject({ body, auth: 'bad' })
  expect(byKind.get('missingAuth')).toMatchObject({ body, auth: 'missing' })
})

test('the expected error: the kind\u2019s answer, a field\u2019s own (with `*` and an operation scope), and unchecked kinds', () => {
  const base = { httpStatus: 400, code: 'BAD' }
  const table = Object.fromEntries(MUTATION_KINDS.map((kind) => [kind, base])) as Record<(typeof MUTATION_KINDS)[number], InvalidRequestTable[(typeof MUTATION_KINDS)[number]]>
  table.missingRequired = { ...base, byField: { amount: { httpStatus: 422, code: 'AMOUNT' }, 'card.*': { httpStatus: 422, code: 'CARD' }, 'pay cvv': { httpStatus: 200, code: 'CVV' } } }
  table.wrongContentType = { notChecked: 'not documented' }
  expect(expectedError(table, 'op', { kind: 'missingRequired', path: 'amount' })).toEqual({ httpStatus: 422, code: 'AMOUNT' })
  expect(expectedError(table, 'op', { kind: 'missingRequired', path: 'card.number' })).toEqual({ httpStatus: 422, code: 'CARD' })
  expect(expectedError(table, 'op', { kind: 'missingRequired', path: 'card.number.x' })).toEqual(base)
  expect(expectedError(table, 'pay', { kind: 'missingRequired', path: 'cvv' })).toEqual({ httpStatus: 200, code: 'CVV' })
  expect(expectedError(table, 'other', { kind: 'missingRequired', path: 'cvv' })).toEqual(base)
  expect(checkedKinds(table).has('wrongContentType')).toBe(false)
  expect(() => expectedError(table, 'op', { kind: 'wrongContentType', path: '' })).toThrow(/not documented/)
})

test('every provider declares an answer (or why not) for every mutation kind', () => {
  for (const table of Object.values(invalidRequestTables)) expect(Object.keys(table).sort()).toEqual([...MUTATION_KINDS].sort())
})
