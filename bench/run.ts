/**
 * `npm run bench`: every speed target of the mock, each measured against references run in the
 * same process, on the same machine, under the same load (issue 17; docs/performance.md).
 *
 * 1. Antom: the RSA-2048 signing loop (the single-thread ceiling), a bare node:http server that only
 *    verifies and signs (bench/reference-server.ts), then the mock: (a) server-to-server pay with
 *    card data and tokenizeMode ENABLED, (b) pay with the token of a first pay. Target: ≥ 85 % of the
 *    bare server's rps, p99 ≤ 1.5× its p99.
 * 2. Adyen POST /v71/sessions, AppotaPay POST /credit-card/token, Pivot POST /v2/payments
 *    (saveForFuture): the mock, and a bare node:http server answering the mock's own JSON; for Adyen
 *    also Stoplight Prism on Adyen's OpenAPI description (BENCH_PRISM=0 skips it). Target: ≥ 40 % of
 *    the bare server, p99 ≤ 5 ms, and for Adyen ≥ 15× Prism.
 * 3. In-process through msw, generated requests (bench/in-process.ts): ≥ 2,000 req/s for Adyen,
 *    AppotaPay and Pivot; Antom ≥ 60 % of the signing loop.
 * 4. `tokenproof serve`: first successful answer ≤ 500 ms from process start (bench/startup.ts).
 *
 * Every HTTP row runs the one load loop (bench/load.ts: autocannon in a worker thread, requests
 * prepared before the run). Prints the table, writes bench/results/latest.json (git-ignored: the
 * figures are this machine's) with the table as markdown beside it.
 *
 * Environment: BENCH_DURATION (s, default 5), BENCH_CONNECTIONS (10), BENCH_WARMUP (s, 1),
 * BENCH_BASELINE (s, 3), BENCH_PRISM=0, BENCH_IN_PROCESS=0, BENCH_STARTUP=0 (skip those rows),
 * BENCH_IN_PROCESS_REQUESTS (per provider, default 4000), BENCH_PROFILE=1 (a CPU profile of the
 * server thread per Antom scenario, to bench/results/), BENCH_STRICT=1 (exit 1 when a target is
 * missed; otherwise only wrong answers and outbound notifications fail the run).
 *
 * Notifications: Antom pays carry no paymentNotifyUrl and the default merchant has none, so the
 * outbox keeps each as `no_url` and the bench makes no outbound HTTP (checked). The recorder keeps
 * its default capacity: recording every exchange is part of what the mock does per request.
 */
import { createPublicKey } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus } from 'node:os'
import { antomTestKeys } from '../mocks/antom/test-keys.ts'
import { startMockServer, type MockServer } from '../mocks/server.ts'
import { CLIENT_ID, PAY_PATH, cardTokenOf, merchantKey, payBody, payProblems, signPayPool, signRequest, signedContent, type PayMethod, type ResponseSample } from './antom.ts'
import { startPrism } from './adyen.ts'
import { JSON_CALLS, type JsonCall } from './calls.ts'
import type { CheckName } from './checks.ts'
import { describeScavenges, withScavenges } from './gc-watch.ts'
import { measureInProcess, measureMswFloor } from './in-process.ts'
import { runLoad, type LoadReport, type WireEntry } from './load.ts'
import { selfTimeByBucket, withCpuProfile } from './profile.ts'
import { startJsonReferenceServer, startReferenceServer } from './reference-server.ts'
import { measureSigningBaseline } from './signing-baseline.ts'
import { CLONE_LAUNCHER, installedLauncher, measureServeStartup } from './startup.ts'
import { formatMarkdown, formatPercent, formatTable, msAtMost, p99AtMost, p99Within, passOf, percentile, rpsAtLeast, shareOf, timesOf, type BenchRow, type Check } from './table.ts'

const seconds = (name: string, fallback: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`)
  return value
}

const config = {
  durationSeconds: Math.max(1, seconds('BENCH_DURATION', 5)),
  warmupSeconds: seconds('BENCH_WARMUP', 1),
  baselineSeconds: Math.max(0.5, seconds('BENCH_BASELINE', 3)),
  connections: Math.max(1, Math.round(seconds('BENCH_CONNECTIONS', 10))),
  inProcessRequests: Math.max(8, Math.round(seconds('BENCH_IN_PROCESS_REQUESTS', 4_000))),
  prism: process.env.BENCH_PRISM !== '0',
  inProcess: process.env.BENCH_IN_PROCESS !== '0',
  startup: process.env.BENCH_STARTUP !== '0',
  profile: process.env.BENCH_PROFILE === '1',
  strict: process.env.BENCH_STRICT === '1',
  samples: 5,
}

const TARGETS = {
  antom: { ofBare: 0.85, p99Factor: 1.5 },
  json: { ofBare: 0.4, p99Ms: 5, timesPrism: 15 },
  inProcess: { rps: 2_000, antomOfSigning: 0.6 },
  startupMs: 500,
} as const

const RESULTS = new URL('./results/', import.meta.url)
const log = (line: string): void => void process.stderr.write(`${line}\n`)

interface Measured {
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly faults: number
  readonly detail: Record<string, unknown>
}

function measuredOf(name: string, report: LoadReport, extraProblems: readonly string[][] = []): Measured {
  const m = report.measured
  if (report.wraps > 0 && report.poolSize > 1) log(`[${name}] WARNING: the pool ran out ${report.wraps} time(s); later requests were repeats`)
  if (report.failures.length > 0) log(`[${name}] first answers that failed the check:\n  ${report.failures.join('\n  ')}`)
  const problems = extraProblems.filter((p) => p.length > 0)
  if (problems.length > 0) log(`[${name}] sampled responses with problems: ${JSON.stringify(problems)}`)
  return {
    rps: m.completed / m.seconds,
    p50Ms: percentile(m.latenciesMs, 50),
    p99Ms: percentile(m.latenciesMs, 99),
    faults: m.errors + m.timeouts + m.non2xx + m.mismatches + problems.length,
    detail: { poolSize: report.poolSize, used: report.used, wraps: report.wraps, completed: m.completed, seconds: m.seconds, errors: m.errors, timeouts: m.timeouts, non2xx: m.non2xx, mismatches: m.mismatches, statusCodes: m.statusCodes, p999Ms: percentile(m.latenciesMs, 99.9), maxMs: percentile(m.latenciesMs, 100) },
  }
}

const load = (url: string, path: string, pool: readonly WireEntry[], check: CheckName) =>
  runLoad({ url, method: 'POST', path, pool, check, connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, samples: config.samples })

const rowOf = (scenario: string, kind: BenchRow['kind'], m: Measured, checks: readonly Check[]): BenchRow & { detail: Record<string, unknown> } => ({ scenario, kind, rps: m.rps, p50Ms: m.p50Ms, p99Ms: m.p99Ms, faults: m.faults, checks, detail: m.detail })

/** The mock cannot sign faster than the loop: loop rate × run time bounds the pool an Antom scenario needs. */
const poolSize = (perSecond: number): number => Math.ceil(perSecond * (config.durationSeconds + config.warmupSeconds) * 1.15) + 200

async function antomRows(signsPerSecond: number): Promise<BenchRow[]> {
  const bareName = 'bare verify+sign'
  const reference = await startReferenceServer()
  let bare: Measured
  try {
    log(`[antom] bare node:http verify + sign server…`)
    bare = measuredOf(bareName, await load(reference.url, PAY_PATH, signPayPool(3_000, 'bench-reference', { kind: 'card' }), 'antomPay'))
  } finally {
    await reference.close()
  }
  const rows: BenchRow[] = [rowOf('antom: bare node:http, verify + sign only', 'reference', bare, [])]
  const server = await startMockServer({ port: 0, providers: ['antom'], clockOptions: { mode: 'system' } })
  try {
    const scenario = async (name: string, slug: string, method: PayMethod, expectToken: boolean): Promise<BenchRow> => {
      const pool = signPayPool(poolSize(signsPerSecond), `bench-${slug}`, method)
      log(`[${name}] ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s at ${config.connections} connections`)
      const run = () => load(server.url, PAY_PATH, pool, 'antomPay')
      let report: LoadReport
      if (config.profile) {
        const profiled = await withCpuProfile(new URL(`${slug}.cpuprofile`, RESULTS), run)
        report = profiled.value
        for (const { bucket, share } of selfTimeByBucket(profiled.profile).slice(0, 15)) log(`  ${formatPercent(share).padStart(7)}  ${bucket}`)
      } else report = await run()
      const m = measuredOf(name, report, report.samples.map((s) => payProblems(s, { cardToken: expectToken })))
      return rowOf(name, 'target', m, [shareOf(m.rps, { name: bareName, rps: bare.rps }, TARGETS.antom.ofBare), p99Within(m.p99Ms, { name: bareName, p99Ms: bare.p99Ms }, TARGETS.antom.p99Factor)])
    }
    rows.push(await scenario('antom: pay S2S ENABLED (card data, tokenize)', 's2s-enabled', { kind: 'card' }, true))
    rows.push(await scenario('antom: pay token reuse (isCardOnFile)', 'token-reuse', { kind: 'token', token: await createToken(server) }, false))
    const outbound = server.mock.engine.recorder.list({ direction: 'outbound' }).length
    const notSent = server.mock.engine.outbox.list({ provider: 'antom' }).every((n) => n.status === 'no_url')
    if (outbound > 0 || !notSent) throw new Error(`the Antom bench sent notifications (${outbound} outbound exchanges)`)
  } finally {
    await server.close()
  }
  return rows
}

/** One signed S2S ENABLED pay, outside the load run: the card token the reuse scenario charges. */
async function createToken(server: MockServer): Promise<string> {
  const request = signRequest(PAY_PATH, payBody('bench-token-source', { kind: 'card' }))
  const response = await fetch(`${server.url}${PAY_PATH}`, { method: 'POST', headers: request.headers, body: request.body })
  const sample: ResponseSample = { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
  const problems = payProblems(sample, { cardToken: true })
  if (problems.length > 0) throw new Error(`the token-creating pay failed: ${problems.join('; ')}\n${sample.body}`)
  return cardTokenOf(sample.body)
}

/**
 * A JSON row's run with what explains its tail, logged and kept in its detail: the server thread's
 * scavenges (warm-up included), and the mean time a call spends in the server by Little's law
 * (connections over rps), which a closed loop of busy connections cannot go below.
 */
async function withThreadFacts(name: string, run: () => Promise<LoadReport>): Promise<Measured> {
  const { value, scavenges } = await withScavenges(run)
  const m = measuredOf(name, value)
  const meanMs = (config.connections / m.rps) * 1000
  log(`[${name}] server thread: ${describeScavenges(scavenges)}; mean time per call by Little's law ${meanMs.toFixed(2)} ms (p50 ${m.p50Ms.toFixed(2)}, p99 ${m.p99Ms.toFixed(2)})`)
  return { ...m, detail: { ...m.detail, scavenges, littleMeanMs: meanMs } }
}

async function jsonRows(call: JsonCall): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const server = await startMockServer({ port: 0, providers: [call.provider], clockOptions: { mode: 'system' } })
  let mock: Measured
  let answer: { status: number; contentType: string; body: string }
  let firstHeaders: Record<string, string> = {}
  let requests: WireEntry[] = []
  try {
    const [first, ...pool] = await call.pool(server.url, poolSize(12_000))
    if (!first) throw new Error(`${call.label}: empty pool`)
    firstHeaders = first.headers
    requests = pool.length > 0 ? pool : [first]
    // The mock's own answer to the call: what the bare reference repeats.
    const captured = await fetch(`${server.url}${call.path}`, { method: 'POST', headers: first.headers, body: first.body })
    answer = { status: captured.status, contentType: captured.headers.get('content-type') ?? 'application/json', body: await captured.text() }
    if (!captured.ok) throw new Error(`${call.label}: the mock answered ${captured.status}: ${answer.body}`)
    log(`[${call.label}] mock: ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s at ${config.connections} connections`)
    mock = await withThreadFacts(call.label, () => load(server.url, call.path, requests, call.check))
  } finally {
    await server.close()
  }
  const bareName = 'bare JSON server'
  const reference = await startJsonReferenceServer(answer)
  let bare: Measured
  try {
    // The same requests the mock got: the reference reads and parses the same bodies, then writes the mock's answer.
    bare = await withThreadFacts(`${call.label} bare`, () => load(reference.url, call.path, requests, call.check))
  } finally {
    await reference.close()
  }
  rows.push(rowOf(`${call.provider}: bare node:http, same JSON`, 'reference', bare, []))
  const checks: Check[] = [shareOf(mock.rps, { name: bareName, rps: bare.rps }, TARGETS.json.ofBare), p99AtMost(mock.p99Ms, TARGETS.json.p99Ms)]
  if (call.provider === 'adyen' && config.prism) {
    log(`[adyen] Stoplight Prism on CheckoutService-v71.json…`)
    const prismServer = await startPrism()
    try {
      const prism = measuredOf('prism', await load(prismServer.url, '/sessions', [{ headers: firstHeaders, body: (await call.pool('', 0))[0]?.body ?? '' }], 'adyenSession'))
      rows.push(rowOf('adyen: Stoplight Prism 5, POST /sessions', 'reference', prism, []))
      checks.push(timesOf(mock.rps, { name: 'Prism', rps: prism.rps }, TARGETS.json.timesPrism))
    } finally {
      await prismServer.stop()
    }
  }
  rows.push(rowOf(call.label, 'target', mock, checks))
  return rows
}

async function inProcessRows(signsPerSecond: number): Promise<BenchRow[]> {
  log(`[in-process] msw alone: ${config.inProcessRequests} requests to one handler answering constant JSON…`)
  const floor = await measureMswFloor(config.inProcessRequests)
  const rows: BenchRow[] = [{ scenario: 'in-process: msw alone, one handler answering constant JSON (req/s)', kind: 'reference', rps: floor, faults: 0, checks: [] }]
  for (const provider of ['antom', 'adyen', 'appotapay', 'pivot'] as const) {
    log(`[in-process] ${provider}: ${config.inProcessRequests} generated requests through msw…`)
    const r = await measureInProcess(provider, config.inProcessRequests)
    const check = provider === 'antom' ? shareOf(r.endToEnd, { name: 'signing loop', rps: signsPerSecond }, TARGETS.inProcess.antomOfSigning) : rpsAtLeast(r.endToEnd, TARGETS.inProcess.rps)
    rows.push({ scenario: `in-process (msw) generators: ${provider}`, kind: 'target', rps: r.endToEnd, faults: r.problems, checks: [check] })
  }
  return rows
}

/** The median of `config.samples` starts, as installed (the target) and in a clone through tsx (for reference). */
async function startupRows(): Promise<BenchRow[]> {
  const medianOf = async (launcher: string): Promise<{ median: number; all: number[] }> => {
    const all: number[] = []
    for (let i = 0; i < config.samples; i++) all.push(await measureServeStartup(launcher))
    return { median: percentile(all, 50), all }
  }
  log('[startup] building dist/ for the installed launcher…')
  const installed = await installedLauncher()
  try {
    log(`[startup] tokenproof serve as installed, ${config.samples} starts…`)
    const asInstalled = await medianOf(installed.launcher)
    log(`[startup] installed: ${asInstalled.all.map((ms) => ms.toFixed(0)).join(', ')} ms`)
    log(`[startup] tokenproof serve in this clone (tsx), ${config.samples} starts…`)
    const inClone = await medianOf(CLONE_LAUNCHER)
    log(`[startup] clone: ${inClone.all.map((ms) => ms.toFixed(0)).join(', ')} ms`)
    return [
      { scenario: 'tokenproof serve installed: first answer from process start (median)', kind: 'target', faults: 0, checks: [msAtMost('first answer', asInstalled.median, TARGETS.startupMs)] },
      { scenario: `tokenproof serve in a clone, through tsx: first answer (median ${inClone.median.toFixed(0)} ms)`, kind: 'reference', faults: 0, checks: [] },
    ]
  } finally {
    await installed.dispose()
  }
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown'
  log(`Tokenproof bench — Node ${process.version}, ${availableParallelism()} cores (${cpu})`)
  await mkdir(RESULTS, { recursive: true })

  log(`[baseline] RSA-2048 signing loop for ${config.baselineSeconds} s…`)
  const content = signedContent(PAY_PATH, CLIENT_ID, String(Date.now()), payBody('bench-baseline-000001', { kind: 'card' }))
  const baseline = measureSigningBaseline(content, merchantKey, createPublicKey(antomTestKeys.merchantPublicKey), config.baselineSeconds * 1000)
  log(`[baseline] ${baseline.signsPerSecond.toFixed(0)} signs/s`)

  const rows: BenchRow[] = [{ scenario: 'baseline: RSA-2048 sign loop (signs/s)', kind: 'reference', rps: baseline.signsPerSecond, faults: 0, checks: [] }]
  rows.push(...(await antomRows(baseline.signsPerSecond)))
  for (const call of JSON_CALLS) rows.push(...(await jsonRows(call)))
  if (config.inProcess) rows.push(...(await inProcessRows(baseline.signsPerSecond)))
  if (config.startup) {
    rows.push(...(await startupRows()))
  }

  const table = formatTable(rows)
  const markdown = formatMarkdown(rows)
  process.stdout.write(`\n${table}\n\nFigures from one run on a shared machine are noisy: compare each row with its references from the same run.\n`)
  const output = { date: new Date().toISOString(), node: process.version, cores: availableParallelism(), cpu, config, targets: TARGETS, baseline, rows: rows.map((r) => ({ ...r, pass: passOf(r) })), table, markdown }
  await writeFile(new URL('latest.json', RESULTS), `${JSON.stringify(output, null, 2)}\n`)
  log('written bench/results/latest.json')

  const targetRows = rows.filter((r) => r.kind === 'target')
  if (targetRows.some((r) => r.faults > 0) || (config.strict && !targetRows.every((r) => passOf(r)))) process.exitCode = 1
}

await main()
