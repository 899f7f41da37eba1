/**
 * Every mock, both transports: a request sent again with the same idempotency key (in the
 * provider's header, or the request id of the body for providers keyed on it) gets the identical
 * answer, status and bytes, on the operations the provider makes idempotent. A request the provider
 * refused (4xx) is not stored, so its replay is refused again: same status and documented code, with
 * a fresh reference where the provider gives each answer one. On an operation without an
 * idempotency key (the wire client says which) a repeated request is a new one: its answer must
 * still be documented (a duplicate-reference error, say), never a crash.
 */
import fc from 'fast-check'
import { describe, test } from 'vitest'
import { idempotencyKey } from './domain.ts'
import { operationCases, validAnswerProblem } from './test-support/mock-cases.ts'
import { budget, inProcess, overHttp, PROVIDERS, sendWithTimeout, settings, timeoutFor, type Transport } from './test-support/mock-properties.ts'

const BUDGET = budget(0.1, 40)

// Keys repeat across runs when fast-check shrinks or replays a value; a suffix per send keeps a
// replayed key from meeting an earlier, different request (a documented conflict, not a replay).
let sent = 0

async function replaysGetIdenticalAnswers(transport: Transport, provider: (typeof PROVIDERS)[number], runs: number, timeLimitMs: number): Promise<void> {
  const running = await transport.start(provider)
  try {
    const idempotent = new Set(running.client.idempotentOperations)
    const cases = operationCases(provider, running.client)
    // The operation by name, so a counterexample prints as the request and not as the arbitraries.
    const byName = new Map(cases.map((c) => [c.operation, c]))
    const request = fc.oneof(...cases.map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid, key: idempotencyKey() })))
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, body, key }) => {
        const c = byName.get(operation)
        if (c === undefined) throw new Error(`no cases for ${operation}`)
        const wire = { operation, body, idempotencyKey: `${key}-${(sent++).toString(36)}` }
        const first = await sendWithTimeout(running.client, wire)
        const again = await sendWithTimeout(running.client, wire)
        const problem = validAnswerProblem(running.client, c, first) ?? validAnswerProblem(running.client, c, again)
        if (problem !== undefined) throw new Error(`${provider} ${c.operation} over ${transport.name}: ${problem}`)
        if (!idempotent.has(operation)) return
        const code = (answer: typeof first) => running.client.documented(operation, answer)?.code
        const identical = first.status < 400 ? again.status === first.status && again.raw === first.raw : again.status === first.status && code(again) === code(first)
        if (!identical) {
          throw new Error(`${provider} ${c.operation} over ${transport.name}: the replay answered ${again.status} ${again.raw.slice(0, 300)}\nafter ${first.status} ${first.raw.slice(0, 300)}`)
        }
      }),
      // Two requests per run.
      { ...settings(runs, timeLimitMs), numRuns: Math.max(1, Math.ceil(runs / 2)) },
    )
  } finally {
    await running.close()
  }
}

describe.each(PROVIDERS)('%s: a replay gets the identical answer where the provider is idempotent, a documented one elsewhere', (provider) => {
  test(`in-process, ${BUDGET.inProcess} requests`, () => replaysGetIdenticalAnswers(inProcess, provider, BUDGET.inProcess, timeoutFor(100_000)), timeoutFor(120_000))
  test(`over HTTP, ${BUDGET.http} requests`, () => replaysGetIdenticalAnswers(overHttp, provider, BUDGET.http, timeoutFor(45_000)), timeoutFor(60_000))
})
