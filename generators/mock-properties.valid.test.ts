/**
 * Every mock, both transports: a valid generated request gets a documented result (its code in the
 * provider's tables, with the table's HTTP status, never an undocumented 5xx) and a 2xx answer
 * parses with the contract's response schema. A business decline is a documented result too.
 */
import fc from 'fast-check'
import { describe, test } from 'vitest'
import { operationCases, resourceCases, validAnswerProblem } from './test-support/mock-cases.ts'
import { batchOf, budget, inProcess, overHttp, PROVIDERS, sendWithTimeout, timeoutFor, settings, type Transport } from './test-support/mock-properties.ts'

const BUDGET = budget(0.42, 200)

async function validRequestsGetDocumentedResults(transport: Transport, provider: (typeof PROVIDERS)[number], runs: number, timeLimitMs: number): Promise<void> {
  const running = await transport.start(provider)
  try {
    const cases = [...operationCases(provider, running.client).map((c) => ({ ...c, pathParams: fc.constant({}) })), ...resourceCases(provider, running.client)]
    // The operation by name, so a counterexample prints as the request and not as the arbitraries.
    const byName = new Map(cases.map((c) => [c.operation, c]))
    const request = fc.oneof(...cases.map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid, pathParams: c.pathParams })))
    await fc.assert(
      fc.asyncProperty(batchOf(request), async (batch) => {
        const answers = await Promise.all(batch.map(({ operation, body, pathParams }) => sendWithTimeout(running.client, { operation, body, pathParams })))
        answers.forEach((answer, i) => {
          const sent = batch[i]
          const c = sent && byName.get(sent.operation)
          if (sent === undefined || c === undefined) return
          const problem = validAnswerProblem(running.client, c, answer)
          if (problem !== undefined) throw new Error(`${provider} ${sent.operation} over ${transport.name}: ${problem}`)
        })
      }),
      settings(runs, timeLimitMs),
    )
  } finally {
    await running.close()
  }
}

describe.each(PROVIDERS)('%s: valid requests get a documented result valid against the contract', (provider) => {
  test(`in-process, ${BUDGET.inProcess} requests`, () => validRequestsGetDocumentedResults(inProcess, provider, BUDGET.inProcess, timeoutFor(100_000)), timeoutFor(120_000))
  test(`over HTTP, ${BUDGET.http} requests`, () => validRequestsGetDocumentedResults(overHttp, provider, BUDGET.http, timeoutFor(45_000)), timeoutFor(60_000))
})
