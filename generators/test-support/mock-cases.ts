/**
 * What the mock properties and the generator bench share: for each provider and each operation its
 * WireClient sends, the arbitraries of valid and of invalid requests, and the checks of an answer.
 * Provider-neutral: everything provider-specific comes from the registries.
 */
import fc from 'fast-check'
import type { z } from 'zod'
import { invalidRequestTables } from '../../contracts/invalid-requests.ts'
import { contractRegistry, type ProviderId } from '../../contracts/registry.ts'
import type { WireAnswer, WireClient } from '../../mocks/test-support/wire-client.ts'
import { providerArbitraries, requestArbitrary } from '../index.ts'
import { checkedKinds, expectedError, invalidRequestArbitrary, type InvalidRequestTable, type Mutation, type MutationKind } from '../mutations.ts'

export interface OperationCases {
  readonly provider: ProviderId
  readonly operation: string
  readonly response: z.ZodType
  readonly valid: fc.Arbitrary<unknown>
  readonly invalid: fc.Arbitrary<Mutation>
  readonly table: InvalidRequestTable
}

/**
 * The provider's cases, one per operation its client sends; the request bound to the client's account.
 * `table` replaces the provider's expected errors (to show that a wrong expectation fails).
 */
export function operationCases(provider: ProviderId, client: WireClient, only?: ReadonlySet<MutationKind>, table: InvalidRequestTable = invalidRequestTables[provider]): OperationCases[] {
  const kinds = new Set([...checkedKinds(table)].filter((kind) => only === undefined || only.has(kind)))
  const { document, names } = providerArbitraries(provider)
  const contract = contractRegistry[provider]
  const operations: Readonly<Record<string, { request: z.ZodType; response: z.ZodType }>> = contract.operations
  return client.operations.map((operation) => {
    const op = operations[operation]
    if (op === undefined) throw new Error(`${provider}: the wire client sends ${operation}, which the contract does not declare`)
    const valid = requestArbitrary(provider, operation).map((body) => client.bind(operation, body))
    const root = { $ref: `#/$defs/${names.get(op.request) ?? ''}` }
    const rejects = (body: unknown) => !op.request.safeParse(body).success
    return { provider, operation, response: op.response, valid, invalid: invalidRequestArbitrary(valid, document, root, rejects, kinds), table }
  })
}

/** A valid request of an operation on a resource: its body or query, and the ids its path names. */
export interface ResourceCases {
  readonly provider: ProviderId
  readonly operation: string
  readonly response: z.ZodType
  readonly valid: fc.Arbitrary<unknown>
  readonly pathParams: fc.Arbitrary<Record<string, string>>
}

/** Ids the mock did not issue, shaped like ids: the answer is the provider's documented "not found". */
const pathId = fc.stringMatching(/^[0-9A-Za-z]{8,32}$/)

/** The provider's resource operations (ids in the path, queries instead of bodies), for valid-request properties. */
export function resourceCases(provider: ProviderId, client: WireClient): ResourceCases[] {
  const contract = contractRegistry[provider]
  const operations: Readonly<Record<string, { request: z.ZodType; response: z.ZodType; path: string }>> = contract.operations
  return (client.resourceOperations ?? []).map((operation) => {
    const op = operations[operation]
    if (op === undefined) throw new Error(`${provider}: the wire client sends ${operation}, which the contract does not declare`)
    const inBody = new Set(Object.keys((op.request as { shape?: Record<string, unknown> }).shape ?? {}))
    const params = [...op.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!).filter((name) => !inBody.has(name))
    const pathParams = fc.record(Object.fromEntries(params.map((name) => [name, pathId])))
    return { provider, operation, response: op.response, valid: requestArbitrary(provider, operation).map((body) => client.bind(operation, body)), pathParams }
  })
}

/** Why an answer to a valid request is not a documented result valid against the contract, or `undefined`. */
export function validAnswerProblem(client: WireClient, cases: Pick<OperationCases, 'operation' | 'response'>, answer: WireAnswer): string | undefined {
  const documented = client.documented(cases.operation, answer)
  if (documented === undefined) return `undocumented answer ${answer.status}: ${answer.raw.slice(0, 500)}`
  if (documented.httpStatus !== answer.status) return `code ${documented.code} is documented with HTTP ${documented.httpStatus}, answered with ${answer.status}`
  if (answer.status >= 500) return `server error ${documented.code}: ${answer.raw.slice(0, 500)}`
  if (answer.status < 300) {
    const parsed = cases.response.safeParse(answer.body)
    if (!parsed.success) return `2xx answer outside the response schema: ${JSON.stringify(parsed.error.issues).slice(0, 500)}\n${answer.raw.slice(0, 500)}`
  }
  return undefined
}

/** Why an answer to an invalid request is not exactly its expected documented error, or `undefined`. */
export function invalidAnswerProblem(client: WireClient, cases: OperationCases, mutation: Mutation, answer: WireAnswer): string | undefined {
  const expected = expectedError(cases.table, cases.operation, mutation)
  const documented = client.documented(cases.operation, answer)
  if (documented === undefined) return `${mutation.kind} ${mutation.path}: undocumented answer ${answer.status}: ${answer.raw.slice(0, 500)}`
  if (documented.code !== expected.code || answer.status !== expected.httpStatus) {
    return `${mutation.kind} ${mutation.path}: expected ${expected.code}/HTTP ${expected.httpStatus}, got ${documented.code}/HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`
  }
  return undefined
}

/** The WireRequest fields a mutation changes. */
export const mutationRequest = (operation: string, m: Mutation) => ({
  operation,
  body: m.body,
  ...(m.raw !== undefined ? { raw: m.raw } : {}),
  ...(m.contentType !== undefined ? { contentType: m.contentType } : {}),
  ...(m.auth !== undefined ? { auth: m.auth } : {}),
})
