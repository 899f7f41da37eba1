/**
 * Soak: a long, bounded run against a `tokenproof serve` on 127.0.0.1 (a child process), printing
 * the server's RSS and the throughput per tenth of the run. Requests are valid generated requests
 * (generators/, the same arbitraries as the mock properties), fresh ones all the way through (new
 * request ids, shoppers and cards), mixed round-robin across every provider, so the store keeps
 * growing into its retention limits (mocks/engine/retention.ts) instead of replaying a pool.
 *
 *   npm run soak                                   # 1,000,000 requests, the warm-up included
 *   npm run soak -- --requests 100000 --concurrency 4
 *   npm run soak -- --retention-scale 1            # the server's default limits (a far longer warm-up)
 *   npm run soak -- --retain-payments 5000         # one limit given outright; the others scaled
 *   npm run soak -- --requests 100000 --gc-probe   # also the live heap after a forced full GC
 *
 * What is judged is the steady state: the server starts with its retention limits scaled by
 * `--retention-scale` (0.1: 2,000 payments, 5,000 tokens, 1,000 exchanges, 2,000 notifications),
 * and an unmeasured warm-up runs until the store is full (every one of those kinds at its limit)
 * and RSS has settled after it (RSS_SETTLE_*: V8 sizing its heap to the load), at most
 * `--warmup-max` requests, 80 % of `--requests` by default; the rest of `--requests` is
 * measured in tenths. Tokens fill last (about one per 15 requests of the mix): at 0.1 the store is
 * full after about 75,000 requests. It passes when the store was full before measuring, every tenth's RSS is within ±10 %
 * of the first tenth's, the last tenth's throughput is within ±10 % of the first's, no provider's
 * share of 4xx answers rose from the first tenth to the last by more than 5 points and more than
 * chance (a client whose credential expired, such as a Pivot access token after 900 s, shows as a
 * rising 4xx share) and nothing answered 5xx or failed.
 *
 * Each row also shows the server's V8 heap (heapTotal: reserved, heapUsed: in use, live or not yet
 * collected), `external` and `arrayBuffers` (Buffers outside the heap) from GET /__tokenproof/stats.
 * `--gc-probe` starts the server with --expose-gc and reads the live heap after a full collection at
 * each row: the figure retention bounds (it forces collections, so RSS is not comparable then).
 */
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { z } from 'zod'
import { contractRegistry, type ProviderId } from '../contracts/registry.ts'
import { operationCases, resourceCases } from '../generators/test-support/mock-cases.ts'
import { DEFAULT_RETENTION, type RetentionPolicy } from '../mocks/engine/retention.ts'
import type { WireClient, WireRequest } from '../mocks/test-support/wire-client.ts'
import { wireClients } from '../mocks/test-support/wire-clients.ts'
import { numberArg, pad, remoteMock, startChildServer } from './child-server.ts'

const WINDOWS = 10
const REQUEST_TIMEOUT_MS = 10_000
const PROVIDERS = Object.keys(contractRegistry) as ProviderId[]
/** The kinds whose limits the warm-up fills: then every later payment, token, exchange or notification evicts one. */
const FILLED_KINDS = ['payments', 'tokens', 'exchanges', 'notifications'] as const satisfies ReadonlyArray<keyof RetentionPolicy>
/** The share of `--requests` the warm-up may take by default: at least a fifth of the run is measured. */
export const DEFAULT_WARMUP_SHARE = 0.8
/**
 * The warm-up also waits for V8 to size its heap: after the store is full, RSS is read every
 * RSS_SETTLE_STEP requests, and measuring starts once the last RSS_SETTLE_WINDOW readings lie within
 * RSS_SETTLE_SPREAD of their highest (or at `--warmup-max`). A server's heap grows for a while after
 * its live set stops growing, while V8 fits its old space to the allocation rate (docs/performance.md).
 */
export const RSS_SETTLE_STEP = 10_000
export const RSS_SETTLE_WINDOW = 5
export const RSS_SETTLE_SPREAD = 0.03

/** Whether RSS readings (oldest first) have settled: the last `window` within `spread` of their highest. */
export function rssSettled(readings: readonly number[], window = RSS_SETTLE_WINDOW, spread = RSS_SETTLE_SPREAD): boolean {
  if (readings.length < window) return false
  const last = readings.slice(-window)
  const high = Math.max(...last)
  return high > 0 && (high - Math.min(...last)) / high <= spread
}

/** The bounds of the verdict. */
export const RSS_TOLERANCE = 0.1
export const THROUGHPUT_TOLERANCE = 0.1
/** Most a provider's 4xx share may rise from the first tenth to the last (a share, 0.05 = 5 points). */
export const FOUR_XX_RISE = 0.05

export interface SoakOptions {
  /** Requests in all: the warm-up first, the rest measured. */
  readonly requests: number
  readonly concurrency: number
  /** The server's default retention limits times this (counts only; ages stay the defaults). */
  readonly retentionScale: number
  /** Limits given outright (`--retain-payments 5000` or `5000/12h`), passed to `tokenproof serve` as they are. */
  readonly retain: Partial<Record<keyof RetentionPolicy, string>>
  /** Most of `requests` the warm-up may take: measuring starts then even though the store is not full (a failed check). */
  readonly warmupMax: number
  readonly gcProbe: boolean
}

/** Options from the command line. */
export function soakOptionsOf(argv: readonly string[]): SoakOptions {
  const requests = numberArg(argv, 'requests', 1_000_000)
  const warmupMax = numberArg(argv, 'warmup-max', Math.floor(requests * DEFAULT_WARMUP_SHARE))
  if (requests - warmupMax < WINDOWS) throw new Error(`--requests must leave at least ${WINDOWS} requests (one per tenth) after --warmup-max`)
  const retain: Partial<Record<keyof RetentionPolicy, string>> = {}
  for (const kind of FILLED_KINDS) {
    const at = argv.indexOf(`--retain-${kind}`)
    const value = at < 0 ? undefined : argv[at + 1]
    if (value !== undefined) retain[kind] = value
  }
  return {
    requests,
    concurrency: numberArg(argv, 'concurrency', 4),
    retentionScale: numberArg(argv, 'retention-scale', 0.1),
    retain,
    warmupMax,
    gcProbe: argv.includes('--gc-probe'),
  }
}

/** The `--retain-*` flags the server starts with: those given, the rest the defaults' counts scaled. */
export function retentionFlags(options: Pick<SoakOptions, 'retentionScale' | 'retain'>): string[] {
  return FILLED_KINDS.flatMap((kind) => [`--retain-${kind}`, options.retain[kind] ?? String(Math.max(1, Math.round(DEFAULT_RETENTION[kind].maxCount * options.retentionScale)))])
}

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

/** Answers of one tenth, by class, and per provider the requests and their 4xx. */
export interface Counts {
  requests: number
  ok: number
  status4xx: number
  status5xx: number
  errors: number
  readonly byProvider: Record<string, { requests: number; status4xx: number }>
}
const emptyCounts = (): Counts => ({ requests: 0, ok: 0, status4xx: 0, status5xx: 0, errors: 0, byProvider: Object.fromEntries(PROVIDERS.map((p) => [p, { requests: 0, status4xx: 0 }])) })

const Limit = z.object({ maxCount: z.number() })
const Stats = z.object({
  clock: z.object({ pendingTasks: z.number() }),
  limits: z.record(z.string(), z.unknown()),
  retained: z.record(z.string(), z.number()),
  sideTables: z.record(z.string(), z.number()),
  memoryMb: z.object({ rss: z.number(), heapTotal: z.number(), heapUsed: z.number(), external: z.number(), arrayBuffers: z.number() }),
})
type Stats = z.infer<typeof Stats>

async function readStats(url: string, gc: boolean): Promise<Stats> {
  return Stats.parse(await fetch(`${url}/__tokenproof/stats${gc ? '?gc=1' : ''}`).then((r) => r.json()))
}

const limitOf = (stats: Stats, kind: string): number => Limit.parse(stats.limits[kind]).maxCount

/** One measured tenth. */
export interface Tenth {
  /** Requests sent at its end, the warm-up's included. */
  readonly done: number
  readonly seconds: number
  readonly rps: number
  /** The machine's 1-minute load average at its end: on a shared machine the rate follows it. */
  readonly loadAverage: number
  /** The server's CPU time (user and system) per request of the tenth: its cost, whatever the machine's load. */
  readonly serverCpuMsPerRequest: number
  /** The same for this process, the load generator (requests generated, sent and read). */
  readonly clientCpuMsPerRequest: number
  readonly rssMb: number
  readonly counts: Counts
  readonly heapTotalMb: number
  readonly heapUsedMb: number
  /** The heap after a forced full collection (`--gc-probe`). */
  readonly liveMb: number | undefined
  readonly externalMb: number
  readonly arrayBuffersMb: number
  readonly clockTasks: number
  readonly retained: Readonly<Record<string, number>>
  readonly sideTableEntries: number
}

export interface WarmUp {
  readonly requests: number
  readonly seconds: number
  /** Whether every FILLED_KINDS count reached its limit. */
  readonly full: boolean
  /** The warm-up request count at which each kind first reached its limit. */
  readonly filledAt: Readonly<Record<string, number | undefined>>
  readonly limits: Readonly<Record<string, number>>
  readonly retained: Readonly<Record<string, number>>
  readonly rssMb: number
  /** The warm-up request count at which RSS had settled once the store was full; undefined: not by `--warmup-max`. */
  readonly rssSettledAt?: number | undefined
}

export interface Check {
  readonly name: string
  readonly target: string
  readonly actual: string
  readonly ok: boolean
}

export interface Verdict {
  readonly pass: boolean
  readonly checks: readonly Check[]
}

const percent = (ratio: number): string => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`
const share = (c: { requests: number; status4xx: number }): number => (c.requests === 0 ? 0 : c.status4xx / c.requests)

/** The verdict on the measured tenths, against the first of them (the steady state's start). */
export function judge(warmUp: Pick<WarmUp, 'full' | 'retained' | 'limits' | 'requests'>, tenths: readonly Tenth[]): Verdict {
  const first = tenths[0]
  const last = tenths.at(-1)
  if (first === undefined || last === undefined) return { pass: false, checks: [{ name: 'measured', target: 'at least one tenth', actual: 'none', ok: false }] }
  const notFull = FILLED_KINDS.filter((kind) => (warmUp.retained[kind] ?? 0) < (warmUp.limits[kind] ?? Infinity))
  const rssDeviations = tenths.map((t) => (t.rssMb - first.rssMb) / first.rssMb)
  const worstRss = rssDeviations.reduce((worst, d) => (Math.abs(d) > Math.abs(worst) ? d : worst), 0)
  const throughput = (last.rps - first.rps) / first.rps
  const totals = tenths.reduce((t, r) => ({ s5xx: t.s5xx + r.counts.status5xx, errors: t.errors + r.counts.errors }), { s5xx: 0, errors: 0 })
  const rises = Object.keys(first.counts.byProvider).map((provider) => {
    const a = first.counts.byProvider[provider]!
    const b = last.counts.byProvider[provider] ?? { requests: 0, status4xx: 0 }
    const from = share(a)
    const to = share(b)
    // A rise counts when it passes FOUR_XX_RISE and chance (three standard errors of the difference):
    // a short run's tenths hold a few dozen requests per provider, whose share swings by 10 points.
    const pooled = (a.status4xx + b.status4xx) / Math.max(1, a.requests + b.requests)
    const noise = 3 * Math.sqrt(pooled * (1 - pooled) * (1 / Math.max(1, a.requests) + 1 / Math.max(1, b.requests)))
    return { provider, from, to, rising: to - from > Math.max(FOUR_XX_RISE, noise) }
  })
  const checks: Check[] = [
    {
      name: 'store full before measuring',
      target: `${FILLED_KINDS.join(', ')} at their limits`,
      actual: warmUp.full ? `full after ${warmUp.requests} warm-up requests` : `not full after ${warmUp.requests} warm-up requests: ${notFull.map((k) => `${k} ${warmUp.retained[k] ?? 0} of ${warmUp.limits[k] ?? '?'}`).join(', ')}`,
      ok: warmUp.full,
    },
    {
      name: 'RSS flat',
      target: `every tenth within ±${RSS_TOLERANCE * 100} % of the first (${first.rssMb.toFixed(0)} MB)`,
      actual: `${Math.min(...tenths.map((t) => t.rssMb)).toFixed(0)}–${Math.max(...tenths.map((t) => t.rssMb)).toFixed(0)} MB, at most ${percent(worstRss)}`,
      ok: Number.isFinite(worstRss) && Math.abs(worstRss) <= RSS_TOLERANCE,
    },
    {
      name: 'throughput steady',
      target: `last tenth within ±${THROUGHPUT_TOLERANCE * 100} % of the first (${Math.round(first.rps)} req/s)`,
      actual: `${Math.round(last.rps)} req/s (${percent(throughput)})`,
      ok: Number.isFinite(throughput) && Math.abs(throughput) <= THROUGHPUT_TOLERANCE,
    },
    {
      name: '4xx share steady',
      target: `no provider's 4xx share up from the first tenth to the last by more than ${FOUR_XX_RISE * 100} points and chance`,
      actual: rises.map((r) => `${r.provider} ${(r.from * 100).toFixed(1)} → ${(r.to * 100).toFixed(1)} %${r.rising ? ' RISING' : ''}`).join(', '),
      ok: rises.every((r) => !r.rising),
    },
    { name: 'no 5xx', target: '0', actual: String(totals.s5xx), ok: totals.s5xx === 0 },
    { name: 'no transport errors or timeouts', target: '0', actual: String(totals.errors), ok: totals.errors === 0 },
  ]
  return { pass: checks.every((c) => c.ok), checks }
}

const COLUMNS: ReadonlyArray<readonly [string, number]> = [
  ['requests', 10],
  ['elapsed s', 9],
  ['req/s', 7],
  ['load', 5],
  ['srv cpu ms/req', 14],
  ['gen cpu ms/req', 14],
  ['RSS MB', 7],
  ['vs 1st', 7],
  ['heap tot', 8],
  ['heap used', 9],
  ['live', 5],
  ['ext', 4],
  ['arrbuf', 6],
  ['2xx', 7],
  ['4xx', 7],
  ...PROVIDERS.map((p): readonly [string, number] => [`4xx% ${p}`, Math.max(8, `4xx% ${p}`.length)]),
  ['5xx', 4],
  ['errors', 6],
  ['clock tasks', 11],
  ['payments', 8],
  ['tokens', 7],
  ['idem keys', 9],
  ['side entries', 12],
]

export const tableHeader = (): string => COLUMNS.map(([name, width]) => pad(name, width)).join(' ')

/** One row of the table per tenth; `vs 1st` is its RSS against the first tenth's. */
export function tableRow(tenth: Tenth, first: Tenth): string {
  const c = tenth.counts
  const values: Array<string | number> = [
    tenth.done,
    tenth.seconds.toFixed(1),
    Math.round(tenth.rps),
    tenth.loadAverage.toFixed(1),
    tenth.serverCpuMsPerRequest.toFixed(2),
    tenth.clientCpuMsPerRequest.toFixed(2),
    tenth.rssMb.toFixed(0),
    percent((tenth.rssMb - first.rssMb) / first.rssMb),
    tenth.heapTotalMb.toFixed(0),
    tenth.heapUsedMb.toFixed(0),
    tenth.liveMb === undefined ? '-' : tenth.liveMb.toFixed(0),
    tenth.externalMb.toFixed(0),
    tenth.arrayBuffersMb.toFixed(0),
    c.ok,
    c.status4xx,
    ...PROVIDERS.map((p) => (share(c.byProvider[p] ?? { requests: 0, status4xx: 0 }) * 100).toFixed(1)),
    c.status5xx,
    c.errors,
    tenth.clockTasks,
    tenth.retained.payments ?? 0,
    tenth.retained.tokens ?? 0,
    tenth.retained.idempotencyKeys ?? 0,
    tenth.sideTableEntries,
  ]
  return values.map((value, i) => pad(value, COLUMNS[i]![1])).join(' ')
}

export interface SoakResult {
  readonly warmUp: WarmUp
  readonly tenths: readonly Tenth[]
  readonly verdict: Verdict
  /** What the server kept at the end. */
  readonly end: { readonly retained: Readonly<Record<string, number>>; readonly sideTables: Readonly<Record<string, number>> }
}

/** Runs the soak against a fresh `tokenproof serve`, printing through `print`; always stops the server. */
export async function runSoak(options: SoakOptions, print: (line: string) => void = console.log): Promise<SoakResult> {
  const flags = retentionFlags(options)
  const server = await startChildServer(flags, options.gcProbe ? ['--expose-gc'] : [])
  try {
    const sources = PROVIDERS.map((p) => sourceOf(p, server.url))
    const firstProblems: string[] = []
    let counts = emptyCounts()

    /** Sends one request of the round-robin, counting its answer in the current tenth. */
    const sendNext = async (index: number): Promise<void> => {
      const source = sources[index % sources.length]!
      const request = next(source)
      // Counted in the tenth it ends in: the one whose throughput it adds to.
      const count = (outcome: 'ok' | 'status4xx' | 'status5xx' | 'errors'): void => {
        counts[outcome]++
        counts.requests++
        const perProvider = counts.byProvider[source.provider]!
        perProvider.requests++
        if (outcome === 'status4xx') perProvider.status4xx++
      }
      try {
        const answer = await source.client.send({ ...request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        if (answer.status >= 500) {
          count('status5xx')
          if (firstProblems.length < 5) firstProblems.push(`${source.provider} ${request.operation}: ${answer.status} ${answer.raw.slice(0, 200)}`)
        } else count(answer.status >= 400 ? 'status4xx' : 'ok')
      } catch (error) {
        count('errors')
        if (firstProblems.length < 5) firstProblems.push(`${source.provider} ${request.operation}: ${error instanceof Error ? error.message : String(error)}`)
      }
      const crash = server.exited()
      if (crash !== undefined) throw new Error(`the server died: ${crash}`)
    }
    /** `count` requests from `from` on, `concurrency` in flight. */
    const drive = async (from: number, count: number, after?: (done: number) => Promise<void>): Promise<void> => {
      let issued = 0
      let done = 0
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (issued < count) {
            const index = from + issued++
            await sendNext(index)
            done++
            if (after) await after(done)
          }
        }),
      )
    }

    print(`soak: ${options.requests} requests (a warm-up until the store is full and RSS has settled, at most ${options.warmupMax}, then the rest measured in tenths), ${options.concurrency} in flight, across ${PROVIDERS.join(', ')}; server ${server.url} (pid ${server.pid})`)
    print(`retention: ${flags.join(' ')} (the defaults' counts × ${options.retentionScale} unless given; ages are the defaults)`)

    // Warm-up, not measured: the JIT settles and the store fills to its limits, so what is measured is
    // a server that evicts as much as it stores. Checked every WARMUP_BATCH requests.
    const WARMUP_BATCH = 500
    const warmStarted = performance.now()
    let warmed = 0
    const filledAt: Record<string, number | undefined> = {}
    let stats = await readStats(server.url, false)
    const limits = Object.fromEntries(FILLED_KINDS.map((kind) => [kind, limitOf(stats, kind)]))
    const isFull = (s: Stats): boolean => FILLED_KINDS.every((kind) => (s.retained[kind] ?? 0) >= limits[kind]!)
    // RSS at every RSS_SETTLE_STEP requests once the store is full.
    const settling: number[] = []
    let settledAt: number | undefined
    while ((!isFull(stats) || settledAt === undefined) && warmed < options.warmupMax) {
      const batch = Math.min(WARMUP_BATCH, options.warmupMax - warmed)
      await drive(warmed, batch)
      warmed += batch
      stats = await readStats(server.url, false)
      for (const kind of FILLED_KINDS) if (filledAt[kind] === undefined && (stats.retained[kind] ?? 0) >= limits[kind]!) filledAt[kind] = warmed
      if (warmed % RSS_SETTLE_STEP !== 0) continue
      const rss = await server.rssMb()
      if (isFull(stats)) {
        settling.push(rss)
        if (rssSettled(settling)) settledAt = warmed
      }
      print(`  warming up: ${warmed} requests, ${FILLED_KINDS.map((k) => `${k} ${stats.retained[k] ?? 0}/${limits[k]}`).join(', ')}; RSS ${rss.toFixed(0)} MB`)
    }
    const warmUp: WarmUp = {
      requests: warmed,
      seconds: (performance.now() - warmStarted) / 1000,
      full: isFull(stats),
      filledAt,
      limits,
      retained: stats.retained,
      rssMb: await server.rssMb(),
      rssSettledAt: settledAt,
    }
    const warmProblems = counts.status5xx + counts.errors
    print(
      `warm-up (not measured): ${warmUp.requests} requests in ${warmUp.seconds.toFixed(0)} s; ${warmUp.full ? 'store full' : 'store NOT full'}: ${FILLED_KINDS.map((k) => `${k} ${warmUp.retained[k] ?? 0}/${limits[k]}${filledAt[k] === undefined ? '' : ` (full at ${filledAt[k]})`}`).join(', ')}; RSS ${warmUp.rssMb.toFixed(0)} MB, ${settledAt === undefined ? `not settled by ${warmUp.requests} requests` : `settled at ${settledAt} requests (the last ${RSS_SETTLE_WINDOW} readings, ${RSS_SETTLE_STEP} requests apart, within ${RSS_SETTLE_SPREAD * 100} %: ${settling.slice(-RSS_SETTLE_WINDOW).map((r) => r.toFixed(0)).join(', ')} MB)`}${warmProblems > 0 ? `; ${counts.status5xx} 5xx and ${counts.errors} errors` : ''}`,
    )
    counts = emptyCounts()

    // Tenths end at these counts of measured requests (the last one at the last request, whatever the rounding).
    const measured = options.requests - warmed
    const boundaries = new Set(Array.from({ length: WINDOWS }, (_, k) => Math.round(((k + 1) * measured) / WINDOWS)))
    const tenths: Tenth[] = []
    const started = performance.now()
    let windowStarted = started
    let serverCpuAt = await server.cpuSeconds()
    let clientCpuAt = process.cpuUsage()
    let closing = Promise.resolve()
    /** Ends a tenth now (its counts and time are taken at once), then reads the server's figures. */
    const closeWindow = (done: number): Promise<void> => {
      const now = performance.now()
      const window = counts
      counts = emptyCounts()
      const rps = window.requests / ((now - windowStarted) / 1000)
      windowStarted = now
      const clientCpu = process.cpuUsage(clientCpuAt)
      clientCpuAt = process.cpuUsage()
      closing = closing.then(async () => {
        // Read before the stats call below, which the server spends CPU on too.
        const serverCpu = await server.cpuSeconds()
        const serverCpuMs = (serverCpu - serverCpuAt) * 1000
        serverCpuAt = serverCpu
        const rssMb = await server.rssMb()
        // What the server keeps: its heap, the tasks on its clock (expiries, settlements, retries), its records.
        const s = await readStats(server.url, false)
        const live = options.gcProbe ? (await readStats(server.url, true)).memoryMb.heapUsed : undefined
        const tenth: Tenth = {
          done: warmed + done,
          seconds: (now - started) / 1000,
          rps,
          loadAverage: loadavg()[0] ?? Number.NaN,
          serverCpuMsPerRequest: serverCpuMs / window.requests,
          clientCpuMsPerRequest: (clientCpu.user + clientCpu.system) / 1000 / window.requests,
          rssMb,
          counts: window,
          heapTotalMb: s.memoryMb.heapTotal,
          heapUsedMb: s.memoryMb.heapUsed,
          liveMb: live,
          externalMb: s.memoryMb.external,
          arrayBuffersMb: s.memoryMb.arrayBuffers,
          clockTasks: s.clock.pendingTasks,
          retained: s.retained,
          sideTableEntries: Object.values(s.sideTables).reduce((sum, n) => sum + n, 0),
        }
        tenths.push(tenth)
        if (tenths.length === 1) print(tableHeader())
        print(tableRow(tenth, tenths[0]!))
      })
      return closing
    }
    // The worker that completes a tenth waits for its figures (the others go on), as a reading would.
    await drive(warmed, measured, (done) => (boundaries.has(done) ? closeWindow(done) : Promise.resolve()))
    await closing
    const end = await readStats(server.url, false)
    print(`kept at the end: ${JSON.stringify(end.retained)}`)
    print(`side tables at the end: ${JSON.stringify(end.sideTables)}`)
    const verdict = judge(warmUp, tenths)
    print('')
    for (const check of verdict.checks) print(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.actual} (target: ${check.target})`)
    const [first, last] = [tenths[0], tenths.at(-1)]
    if (first && last) {
      // Not judged: what the throughput would say on an idle machine, beside the load it was measured under.
      // On a shared machine CPU time per request moves too (caches, frequency, other jobs); the load
      // generator does the same work per request all run, so the server's cost against it is the steadier figure.
      const ratio = (t: Tenth): number => t.serverCpuMsPerRequest / t.clientCpuMsPerRequest
      print(
        `info: server CPU per request ${first.serverCpuMsPerRequest.toFixed(2)} → ${last.serverCpuMsPerRequest.toFixed(2)} ms (${percent((last.serverCpuMsPerRequest - first.serverCpuMsPerRequest) / first.serverCpuMsPerRequest)}), load generator ${first.clientCpuMsPerRequest.toFixed(2)} → ${last.clientCpuMsPerRequest.toFixed(2)} ms, server/generator ${ratio(first).toFixed(2)} → ${ratio(last).toFixed(2)}, load average ${first.loadAverage.toFixed(1)} → ${last.loadAverage.toFixed(1)}`,
      )
    }
    for (const problem of firstProblems) print(`  e.g. ${problem}`)
    print(verdict.pass ? 'PASS: the store full, RSS flat within 10 %, throughput within 10 %, 4xx steady, no 5xx, no errors' : 'FAIL: see the checks above')
    return { warmUp, tenths, verdict, end: { retained: end.retained, sideTables: end.sideTables } }
  } finally {
    await server.stop()
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await runSoak(soakOptionsOf(process.argv.slice(2)))
  process.exitCode = result.verdict.pass ? 0 : 1
}
