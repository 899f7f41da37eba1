/**
 * Soak: a long, bounded run against a `tokenproof serve` on 127.0.0.1 (a child process), printing
 * the server's RSS and the throughput per tenth of the run. Requests are valid generated requests
 * (generators/, the same arbitraries as the mock properties), fresh ones all the way through (new
 * request ids, shoppers and cards), mixed round-robin across every provider, so the store keeps
 * growing into its retention limits (mocks/engine/retention.ts) instead of replaying a pool.
 *
 *   npm run soak                       # 1,000,000 requests
 *   npm run soak -- --requests 200000 --concurrency 4 --retain-payments 20000
 *   npm run soak -- --requests 100000 --gc-probe      # also the live heap after a forced full GC
 *
 * Each row also shows the server's V8 heap (heapTotal: reserved, heapUsed: in use, live or not yet
 * collected), `external` and `arrayBuffers` (Buffers outside the heap) from GET /__tokenproof/stats.
 * `--gc-probe` starts the server with --expose-gc and reads the live heap after a full collection at
 * each row: the figure retention bounds (it forces collections, so RSS is not comparable then).
 *
 * Passes when the last tenth's throughput is within 10 % of the first's and RSS over the second
 * half of the run stays within 10 % of its value at the half-way mark (the store is full by then).
 */
import fc from 'fast-check'
import { z } from 'zod'
import { contractRegistry, type ProviderId } from '../contracts/registry.ts'
import { operationCases, resourceCases } from '../generators/test-support/mock-cases.ts'
import type { WireClient, WireRequest } from '../mocks/test-support/wire-client.ts'
import { wireClients } from '../mocks/test-support/wire-clients.ts'
import { numberArg, pad, passThrough, remoteMock, startChildServer } from './child-server.ts'

const argv = process.argv.slice(2)
const REQUESTS = numberArg(argv, 'requests', 1_000_000)
const CONCURRENCY = numberArg(argv, 'concurrency', 4)
const GC_PROBE = argv.includes('--gc-probe')
const WINDOWS = 10
const REQUEST_TIMEOUT_MS = 10_000
const PROVIDERS = Object.keys(contractRegistry) as ProviderId[]

interface Source {
  readonly provider: ProviderId
  readonly client: WireClient
  readonly arbitrary: fc.Arbitrary<WireRequest>
  buffer: WireRequest[]
  seed: number
}

function sourceOf(provider: ProviderId, url: string): Source {
  const client = wireClients[provider](url, remoteMock)
  const cases = [
    ...operationCases(provider, client).map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid })),
    ...resourceCases(provider, client).map((c) => fc.record({ operation: fc.constant(c.operation), body: c.valid, pathParams: c.pathParams })),
  ]
  return { provider, client, arbitrary: fc.oneof(...cases), buffer: [], seed: PROVIDERS.indexOf(provider) * 1_000_003 }
}

/** The next fresh request: generated 500 at a time, each batch from its own seed (reproducible). */
function next(source: Source): WireRequest {
  if (source.buffer.length === 0) source.buffer = fc.sample(source.arbitrary, { numRuns: 500, seed: source.seed++ }).reverse()
  return source.buffer.pop()!
}

interface Window {
  requests: number
  ok: number
  status4xx: number
  status5xx: number
  errors: number
}
const emptyWindow = (): Window => ({ requests: 0, ok: 0, status4xx: 0, status5xx: 0, errors: 0 })

const Stats = z.object({
  clock: z.object({ pendingTasks: z.number() }),
  retained: z.object({ payments: z.number() }).passthrough(),
  sideTables: z.record(z.string(), z.number()),
  memoryMb: z.object({ rss: z.number(), heapTotal: z.number(), heapUsed: z.number(), external: z.number(), arrayBuffers: z.number() }),
})

async function readStats(url: string, gc: boolean): Promise<z.infer<typeof Stats>> {
  return Stats.parse(await fetch(`${url}/__tokenproof/stats${gc ? '?gc=1' : ''}`).then((r) => r.json()))
}

async function main(): Promise<void> {
  const server = await startChildServer(passThrough(argv, 'retain-'), GC_PROBE ? ['--expose-gc'] : [])
  const sources = PROVIDERS.map((p) => sourceOf(p, server.url))
  const windowSize = Math.max(1, Math.floor(REQUESTS / WINDOWS))
  const rows: Array<{ done: number; seconds: number; rps: number; rssMb: number; window: Window }> = []
  console.log(`soak: ${REQUESTS} requests, ${CONCURRENCY} in flight, across ${PROVIDERS.join(', ')}; server ${server.url} (pid ${server.pid})`)
  console.log(
    `${pad('requests', 10)} ${pad('elapsed s', 10)} ${pad('req/s', 8)} ${pad('RSS MB', 8)} ${pad('heap tot', 9)} ${pad('heap used', 9)} ${GC_PROBE ? `${pad('live', 6)} ` : ''}${pad('ext', 5)} ${pad('arrbuf', 6)} ${pad('2xx', 7)} ${pad('4xx', 7)} ${pad('5xx', 5)} ${pad('errors', 7)} ${pad('clock tasks', 12)} ${pad('payments', 8)}`,
  )
  // Warm-up, not measured: tsx compiles on first use and the JIT settles.
  const warmup = Math.min(5000, Math.ceil(REQUESTS / 50))
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; i < warmup; i += CONCURRENCY) {
        const source = sources[i % sources.length]!
        await source.client.send({ ...next(source), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => undefined)
      }
    }),
  )
  console.log(`(warm-up: ${warmup} requests, not counted; RSS ${(await server.rssMb()).toFixed(0)} MB)`)
  const started = performance.now()
  let windowStarted = started
  let issued = 0
  let done = 0
  let window = emptyWindow()
  const firstProblems: string[] = []

  async function closeWindow(): Promise<void> {
    const now = performance.now()
    const row = { done, seconds: (now - started) / 1000, rps: window.requests / ((now - windowStarted) / 1000), rssMb: await server.rssMb(), window }
    rows.push(row)
    // What the server keeps: its heap, the tasks on its clock (expiries, settlements, retries), its records.
    const stats = await readStats(server.url, false)
    const live = GC_PROBE ? `${pad((await readStats(server.url, true)).memoryMb.heapUsed.toFixed(0), 6)} ` : ''
    const m = stats.memoryMb
    console.log(
      `${pad(done, 10)} ${pad(row.seconds.toFixed(1), 10)} ${pad(Math.round(row.rps), 8)} ${pad(row.rssMb.toFixed(0), 8)} ${pad(m.heapTotal.toFixed(0), 9)} ${pad(m.heapUsed.toFixed(0), 9)} ${live}${pad(m.external.toFixed(0), 5)} ${pad(m.arrayBuffers.toFixed(0), 6)} ${pad(window.ok, 7)} ${pad(window.status4xx, 7)} ${pad(window.status5xx, 5)} ${pad(window.errors, 7)} ${pad(stats.clock.pendingTasks, 12)} ${pad(stats.retained.payments, 8)}`,
    )
    window = emptyWindow()
    windowStarted = performance.now()
  }

  async function worker(): Promise<void> {
    while (issued < REQUESTS) {
      const source = sources[issued % sources.length]!
      issued++
      const request = next(source)
      try {
        const answer = await source.client.send({ ...request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        if (answer.status >= 500) {
          window.status5xx++
          if (firstProblems.length < 5) firstProblems.push(`${source.provider} ${request.operation}: ${answer.status} ${answer.raw.slice(0, 200)}`)
        } else if (answer.status >= 400) window.status4xx++
        else window.ok++
      } catch (error) {
        window.errors++
        if (firstProblems.length < 5) firstProblems.push(`${source.provider} ${request.operation}: ${error instanceof Error ? error.message : String(error)}`)
      }
      window.requests++
      done++
      if (done % windowSize === 0 || done === REQUESTS) await closeWindow()
      const crash = server.exited()
      if (crash !== undefined) throw new Error(`the server died: ${crash}`)
    }
  }

  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()))
    const end = await readStats(server.url, false)
    console.log(`kept at the end: ${JSON.stringify(end.retained)}; side tables ${JSON.stringify(end.sideTables)}`)
  } finally {
    await server.stop()
  }
  const first = rows[0]
  const last = rows.at(-1)
  const half = rows[Math.floor(rows.length / 2) - 1] ?? first
  if (!first || !last || !half) return
  const secondHalf = rows.slice(Math.floor(rows.length / 2) - 1)
  const rssSpread = (Math.max(...secondHalf.map((r) => r.rssMb)) - half.rssMb) / half.rssMb
  const throughputDrop = (first.rps - last.rps) / first.rps
  const totals = rows.reduce((t, r) => ({ s5xx: t.s5xx + r.window.status5xx, errors: t.errors + r.window.errors }), { s5xx: 0, errors: 0 })
  console.log('')
  console.log(`throughput: first tenth ${Math.round(first.rps)} req/s, last tenth ${Math.round(last.rps)} req/s (${(-throughputDrop * 100).toFixed(1)} %)`)
  console.log(`RSS: ${half.rssMb.toFixed(0)} MB at the half-way mark, at most ${Math.max(...secondHalf.map((r) => r.rssMb)).toFixed(0)} MB after it (+${(rssSpread * 100).toFixed(1)} %); ${last.rssMb.toFixed(0)} MB at the end`)
  console.log(`5xx: ${totals.s5xx}, transport errors or timeouts: ${totals.errors}`)
  for (const problem of firstProblems) console.log(`  e.g. ${problem}`)
  const pass = throughputDrop <= 0.1 && rssSpread <= 0.1 && totals.s5xx === 0 && totals.errors === 0
  console.log(pass ? 'PASS: throughput within 10 %, RSS flat within 10 %, no 5xx, no errors' : 'FAIL: see the figures above')
  process.exitCode = pass ? 0 : 1
}

await main()
