/**
 * The in-process rows of `npm run bench` and `npm run bench:generators`. Generated requests per second, validated end to end in-process, per provider: generate a valid
 * request (schema arbitraries + the provider's overrides), sign it with the provider's wire client,
 * send it through the in-process mock (msw), read the answer's documented code and parse a 2xx
 * answer with the contract's response schema. The baseline row of each provider is the same
 * generation and the request's zod validation without the mock, so the table shows what the mock
 * and its transport cost. Target: ≥ 2,000 requests/s end to end.
 */
import fc from 'fast-check'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import type { ProviderId } from '../contracts/registry.ts'
import { operationCases, validAnswerProblem, type OperationCases } from '../generators/test-support/mock-cases.ts'
import { BATCH, inProcess, sendWithTimeout } from '../generators/test-support/mock-properties.ts'
import { contractRegistry } from '../contracts/registry.ts'
import type { MockCore } from '../mocks/core.ts'
import { withBody } from '../mocks/engine/responses.ts'
import { cleanUrlOf } from '../mocks/engine/route-pattern.ts'

const SEED = 20_261_130

export interface InProcessRow {
  readonly provider: ProviderId
  readonly baseline: number
  readonly endToEnd: number
  /** The same loop with msw taken out: requests handed straight to the route's resolver. */
  readonly direct: number
  readonly problems: number
}

/**
 * A fetch that hands each request to the mock's resolver for its route, as the standalone server
 * does: what the mock itself costs, without msw's interception (handler matching, cookies).
 */
function directFetch(mock: MockCore): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    const table = mock.tableFor(url.pathname)
    const found = table?.match(request.method, url.pathname, cleanUrlOf(url))
    if (table === undefined || found === undefined) throw new Error(`no route for ${request.method} ${request.url}`)
    return withBody((await table.serve(found, { request, body: () => request.text(), tooLarge: false, recordHeaders: request.headers })).response)
  }
}

/** One arbitrary over all the operations the client sends, as the properties draw them. */
const mixed = (cases: readonly OperationCases[]) => fc.oneof(...cases.map((c) => c.valid.map((body) => ({ cases: c, body }))))

// fc.sample per batch with a moving seed: generation stays inside the measured loop, as in a property run.
const sampleBatch = (arbitrary: fc.Arbitrary<{ cases: OperationCases; body: unknown }>, i: number) => fc.sample(arbitrary, { numRuns: BATCH, seed: SEED + i })

/** Generated requests per second for one provider, in-process through msw (`REQUESTS` of them), and the same loop without msw. */
export async function measureInProcess(provider: ProviderId, REQUESTS: number): Promise<InProcessRow> {
  const running = await inProcess.start(provider)
  try {
    const cases = operationCases(provider, running.client)
    const arbitrary = mixed(cases)
    const operations: Readonly<Record<string, { request: { safeParse(v: unknown): { success: boolean } } }>> = contractRegistry[provider].operations

    const start = performance.now()
    for (let i = 0; i < REQUESTS / BATCH; i++) {
      for (const { cases: c, body } of sampleBatch(arbitrary, i)) operations[c.operation]?.request.safeParse(body)
    }
    const baseline = REQUESTS / ((performance.now() - start) / 1000)

    // Warm-up: the first requests pay for module loading and JIT, not for the mock.
    for (const { cases: c, body } of sampleBatch(arbitrary, -1)) await sendWithTimeout(running.client, { operation: c.operation, body })

    let problems = 0
    const endToEndLoop = async (): Promise<number> => {
      const begin = performance.now()
      for (let i = 0; i < REQUESTS / BATCH; i++) {
        const batch = sampleBatch(arbitrary, i)
        const answers = await Promise.all(batch.map(({ cases: c, body }) => sendWithTimeout(running.client, { operation: c.operation, body })))
        answers.forEach((answer, j) => {
          const sent = batch[j]
          if (sent !== undefined && validAnswerProblem(running.client, sent.cases, answer) !== undefined) problems++
        })
      }
      return REQUESTS / ((performance.now() - begin) / 1000)
    }
    const endToEnd = await endToEndLoop()
    await running.mock.reset()
    const realFetch = globalThis.fetch
    globalThis.fetch = directFetch(running.mock)
    let direct: number
    try {
      direct = await endToEndLoop()
    } finally {
      globalThis.fetch = realFetch
    }
    return { provider, baseline, endToEnd, direct, problems }
  } finally {
    await running.close()
  }
}

const FLOOR_URL = 'http://msw-floor.tokenproof.test/echo'

/**
 * The reference for the in-process rows: msw alone, one handler answering a constant JSON body to a
 * JSON POST, sent by `fetch` in batches of the same size, read as JSON. No generation, no mock: what
 * interception costs on this machine, the most any in-process row could reach.
 */
export async function measureMswFloor(REQUESTS: number): Promise<number> {
  const server = setupServer(http.post(FLOOR_URL, () => HttpResponse.json({ resultCode: 'Authorised', pspReference: 'QFQTPCQ8HXSKGK82' })))
  server.listen({ onUnhandledRequest: 'error' })
  try {
    const body = JSON.stringify({ amount: { value: 1000, currency: 'EUR' }, reference: 'order-0001', returnUrl: 'https://merchant.example/return', merchantAccount: 'TokenproofECOM', shopperReference: 'shopper-0001' })
    const send = async (): Promise<void> => {
      const answer = (await (await fetch(FLOOR_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { resultCode?: unknown }
      if (answer.resultCode !== 'Authorised') throw new Error(`msw floor: unexpected answer ${JSON.stringify(answer).slice(0, 200)}`)
    }
    // Warmed as the provider rows are (their warm-up batch follows modules already compiled by the mock's start).
    for (let i = 0; i < REQUESTS / BATCH / 4; i++) await Promise.all(Array.from({ length: BATCH }, send))
    const begin = performance.now()
    for (let i = 0; i < REQUESTS / BATCH; i++) await Promise.all(Array.from({ length: BATCH }, send))
    return REQUESTS / ((performance.now() - begin) / 1000)
  } finally {
    server.close()
  }
}
