/**
 * The runner of the mock properties (generators/mock-properties.*.test.ts): the two transports, the
 * case budget per provider, and the sending of a batch of requests with a timeout. A failure is
 * fast-check's report: the seed and path to replay it, and the shrunk request.
 */
import fc from 'fast-check'
import { contractRegistry, type ProviderId } from '../../contracts/registry.ts'
import type { MockCore } from '../../mocks/core.ts'
import { deliverOnce } from '../../mocks/engine/deliver.ts'
import { startInProcessMock } from '../../mocks/node.ts'
import { startMockServer } from '../../mocks/server.ts'
import type { WireAnswer, WireClient, WireRequest } from '../../mocks/test-support/wire-client.ts'
import { wireClients } from '../../mocks/test-support/wire-clients.ts'
import { RESERVED_TLDS } from '../string-formats.ts'

export const PROVIDERS = Object.keys(contractRegistry) as ProviderId[]

/** Fixed so that `npm test` is reproducible; fast-check prints it (with the path) on failure. */
export const SEED = Number(process.env.TOKENPROOF_PROPERTY_SEED ?? 20_261_130)

/** Cases per provider across the three property files; `npm run test:properties` raises it. */
export const CASES_PER_PROVIDER = Number(process.env.TOKENPROOF_PROPERTY_RUNS ?? 10_000)

/** A test's timeout, grown with the case budget so the long run (`npm run test:properties`) fits. */
export const timeoutFor = (ms: number): number => Math.round(ms * Math.max(1, CASES_PER_PROVIDER / 10_000))

/** This file's share of the provider's cases, and how many of them go over real HTTP. */
export function budget(share: number, httpCases: number): { readonly inProcess: number; readonly http: number } {
  const total = Math.round(CASES_PER_PROVIDER * share)
  const http = Math.min(total, Math.round((httpCases * CASES_PER_PROVIDER) / 10_000))
  return { inProcess: total - http, http }
}

/**
 * Requests sent together per fast-check run. The mocks' costs are mostly waits (msw's interception,
 * signatures on the thread pool), so a small batch in flight keeps both cores busy.
 */
export const BATCH = 8

/** A request that has not been answered by then is a hang: the property fails instead of the suite timing out. */
export const REQUEST_TIMEOUT_MS = 5_000

export interface Running {
  readonly client: WireClient
  readonly mock: MockCore
  close(): Promise<void>
}

export interface Transport {
  readonly name: 'in-process' | 'http'
  start(provider: ProviderId): Promise<Running>
}

// msw answers whatever origin is asked; a name of our own makes a missed interception fail loudly.
const IN_PROCESS_ORIGIN = 'http://mock.tokenproof.test'

const GENERATED_HOST = new RegExp(`\\.(${RESERVED_TLDS.join('|')})\\.?$`, 'i')

/**
 * The in-process mock's way to merchants: a host under the reserved names generated URLs use is
 * acknowledged with an empty 200 at once. Notifications go out on a connection of their own
 * (mocks/engine/deliver.ts), past msw, so without this every generated notification URL would be a
 * DNS lookup on libuv's thread pool, the pool the signatures run on, and would outlive the run.
 */
function generatedMerchant(url: string, init: RequestInit): Promise<Response> {
  return GENERATED_HOST.test(new URL(url).hostname) ? Promise.resolve(new Response(null, { status: 200 })) : deliverOnce(url, init)
}

export const inProcess: Transport = {
  name: 'in-process',
  start(provider) {
    const running = startInProcessMock({ providers: [provider], baseUrl: IN_PROCESS_ORIGIN, fetch: generatedMerchant })
    const client = wireClients[provider](IN_PROCESS_ORIGIN, running.mock)
    return Promise.resolve({ client, mock: running.mock, close: () => Promise.resolve(running.close()) })
  },
}

/** The standalone node:http server on 127.0.0.1, a free port. Never in the same process as `inProcess` at once: msw would intercept it. */
export const overHttp: Transport = {
  name: 'http',
  async start(provider) {
    const server = await startMockServer({ port: 0, providers: [provider] })
    return { client: wireClients[provider](server.url, server.mock), mock: server.mock, close: () => server.close() }
  },
}

/** Sends one request; a hang becomes an error naming the request instead of a stuck suite. */
export async function sendWithTimeout(client: WireClient, request: WireRequest): Promise<WireAnswer> {
  const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms to ${request.operation}: ${JSON.stringify(request.body).slice(0, 300)}`)), REQUEST_TIMEOUT_MS + 500)
  })
  try {
    return await Promise.race([client.send({ ...request, signal }), hang])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * fast-check's settings for `runs` requests in batches, with the fixed seed. Shrinking a batch of
 * requests can take longer than the test may; past `timeLimitMs` fast-check stops and reports the
 * counterexample shrunk so far (with its seed and path) instead of the test timing out silently.
 */
export const settings = (runs: number, timeLimitMs: number) => ({ numRuns: Math.max(1, Math.ceil(runs / BATCH)), seed: SEED, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: true })

/** A batch of `BATCH` values of one of the arbitraries: the unit a fast-check run sends. */
export const batchOf = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T[]> => fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH })
