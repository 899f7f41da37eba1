/**
 * Every mock, both transports: a valid request with one labelled mutation (generators/mutations.ts)
 * gets exactly the documented error the provider's table (contracts/<id>/invalid-requests.ts) names
 * for that kind and field: the code and its HTTP status, never a success, never a crash.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { invalidRequestTables } from '../contracts/invalid-requests.ts'
import type { InvalidRequestTable } from './mutations.ts'
import { invalidAnswerProblem, mutationRequest, operationCases } from './test-support/mock-cases.ts'
import { batchOf, budget, inProcess, overHttp, PROVIDERS, sendWithTimeout, timeoutFor, settings, type Transport } from './test-support/mock-properties.ts'

const BUDGET = budget(0.48, 200)

async function invalidRequestsGetTheirDocumentedError(transport: Transport, provider: (typeof PROVIDERS)[number], runs: number, timeLimitMs: number, table?: InvalidRequestTable): Promise<void> {
  const running = await transport.start(provider)
  try {
    const cases = operationCases(provider, running.client, undefined, table)
    // The operation by name, so a counterexample prints as the request and not as the arbitraries.
    const byName = new Map(cases.map((c) => [c.operation, c]))
    const request = fc.oneof(...cases.map((c) => fc.record({ operation: fc.constant(c.operation), mutation: c.invalid })))
    await fc.assert(
      fc.asyncProperty(batchOf(request), async (batch) => {
        const answers = await Promise.all(batch.map(({ operation, mutation }) => sendWithTimeout(running.client, mutationRequest(operation, mutation))))
        answers.forEach((answer, i) => {
          const sent = batch[i]
          const c = sent && byName.get(sent.operation)
          if (sent === undefined || c === undefined) return
          const problem = invalidAnswerProblem(running.client, c, sent.mutation, answer)
          if (problem !== undefined) throw new Error(`${provider} ${sent.operation} over ${transport.name}: ${problem}`)
        })
      }),
      settings(runs, timeLimitMs),
    )
  } finally {
    await running.close()
  }
}

describe.each(PROVIDERS)('%s: an invalid request gets exactly its documented error', (provider) => {
  test(`in-process, ${BUDGET.inProcess} requests`, () => invalidRequestsGetTheirDocumentedError(inProcess, provider, BUDGET.inProcess, timeoutFor(100_000)), timeoutFor(120_000))
  test(`over HTTP, ${BUDGET.http} requests`, () => invalidRequestsGetTheirDocumentedError(overHttp, provider, BUDGET.http, timeoutFor(45_000)), timeoutFor(60_000))
})

test('a wrong expectation fails with a shrunk counterexample and the seed and path to replay it', async () => {
  const provider = PROVIDERS[0]
  if (provider === undefined) return
  const table = invalidRequestTables[provider]
  const broken: InvalidRequestTable = { ...table, missingAuth: { httpStatus: 599, code: 'NOT_THE_DOCUMENTED_CODE' } }
  const failure = await invalidRequestsGetTheirDocumentedError(inProcess, provider, 400, 4_000, broken).then(
    () => undefined,
    // fast-check's report is the message; the property's own error is its cause.
    (error: unknown) => (error instanceof Error ? `${error.message}\n${String(error.cause)}` : String(error)),
  )
  expect(failure).toMatch(/seed: -?\d+, path: "[\d:]+"/)
  expect(failure).toMatch(/Shrunk \d+ time/)
  expect(failure).toMatch(/missingAuth .*expected NOT_THE_DOCUMENTED_CODE\/HTTP 599/)
}, 20_000)
