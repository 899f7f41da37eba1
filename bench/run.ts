/**
 * `npm run bench`: how fast the standalone Antom mock answers, against the RSA signing ceiling.
 *
 * 1. Baseline: a plain RSA-2048 signing loop (node:crypto, the bundled merchant key) for
 *    BENCH_BASELINE seconds. Per request the mock verifies one signature (cheap) and signs one
 *    response (expensive), so a single-threaded mock cannot beat the loop's signatures per second:
 *    that is the ceiling, and ratio = mock rps / baseline signs per second.
 * 2. Reference: a bare node:http server that only verifies and signs (bench/reference-server.ts),
 *    under the same load: the best a single-threaded server gets on this machine. No target.
 * 3. The mock, started in-process with startMockServer (127.0.0.1, a free port), driven by
 *    autocannon from a worker thread with pre-signed requests (see bench/load.ts for both choices):
 *    (a) server-to-server pay with card data and tokenizeMode ENABLED, a new paymentRequestId each;
 *    (b) token reuse: pay with the cardToken of a first ENABLED pay and isCardOnFile true.
 * 4. Prints scenario | rps | p50 | p99 | ratio | target | pass/fail, writes bench/results/latest.json.
 * 5. Adyen POST /sessions on the mock and on Stoplight Prism (Adyen's CheckoutService-v71.json),
 *    same load, target ≥ 15× Prism's rps and p99 ≤ 5 ms (bench/adyen.ts; BENCH_ADYEN=0 skips it).
 *
 * Environment: BENCH_DURATION (s, default 5), BENCH_CONNECTIONS (10), BENCH_WARMUP (s, 1),
 * BENCH_BASELINE (s, 3), BENCH_REFERENCE=0 (skip the reference server), BENCH_PROFILE=1 (write a
 * CPU profile of the server thread per mock scenario to bench/results/), BENCH_STRICT=1 (exit 1
 * when a target is missed; otherwise only wrong answers and outbound notifications fail the run).
 *
 * Notifications: pays carry no paymentNotifyUrl and the default merchant has no notify URL, so the
 * outbox keeps each notification as `no_url` and the bench makes no outbound HTTP (checked at the
 * end). The recorder keeps its default capacity (20 000 exchanges, oldest dropped first): recording
 * every exchange is part of what the mock does per request, so it stays in the measurement.
 */
import { createPublicKey } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus } from 'node:os'
import { antomTestKeys } from '../mocks/antom/test-keys.ts'
import { startMockServer, type MockServer } from '../mocks/server.ts'
import { CLIENT_ID, PAY_PATH, cardTokenOf, merchantKey, payBody, payProblems, signPayPool, signRequest, signedContent, type PayMethod, type ResponseSample } from './antom.ts'
import { runAdyenBench, type AdyenBenchResult } from './adyen.ts'
import { runLoad, type LoadJob, type LoadReport } from './load.ts'
import { selfTimeByBucket, withCpuProfile } from './profile.ts'
import { startReferenceServer } from './reference-server.ts'
import { measureSigningBaseline, type SigningBaseline } from './signing-baseline.ts'
import { DEFAULT_TARGETS, evaluate, formatPercent, formatTable, percentile, targetLabel, type ScenarioRow } from './table.ts'

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
  reference: process.env.BENCH_REFERENCE !== '0',
  profile: process.env.BENCH_PROFILE === '1',
  strict: process.env.BENCH_STRICT === '1',
  samples: 5,
}

const RESULTS = new URL('./results/', import.meta.url)
const log = (line: string): void => void process.stderr.write(`${line}\n`)

interface ScenarioResult {
  readonly row: ScenarioRow
  readonly detail: Record<string, unknown>
}

/**
 * The server cannot answer faster than the signing ceiling, so ceiling × run time bounds the
 * requests it can take; 15 % and a fixed margin cover noise. Pool entries are never reused by a
 * mock scenario unless it runs out, which is reported (reuse would be an idempotent replay).
 */
const poolSizeFor = (baseline: SigningBaseline): number => Math.ceil(baseline.signsPerSecond * (config.durationSeconds + config.warmupSeconds) * 1.15) + 200

const loadJob = (url: string, pool: LoadJob['pool']): LoadJob => ({
  url,
  path: PAY_PATH,
  pool,
  connections: config.connections,
  durationSeconds: config.durationSeconds,
  warmupSeconds: config.warmupSeconds,
  samples: config.samples,
})

function summarize(name: string, report: LoadReport, baseline: SigningBaseline, expectToken: boolean, kind: 'target' | 'reference'): ScenarioResult {
  const m = report.measured
  const sampleProblems = report.samples.map((s) => payProblems(s, { cardToken: expectToken })).filter((p) => p.length > 0)
  const faults = m.errors + m.timeouts + m.non2xx + m.mismatches + sampleProblems.length
  if (kind === 'target' && report.wraps > 0) log(`[${name}] WARNING: the pool ran out ${report.wraps} time(s); later requests were idempotent replays`)
  if (report.failures.length > 0) log(`[${name}] first non-S bodies:\n  ${report.failures.join('\n  ')}`)
  if (sampleProblems.length > 0) log(`[${name}] sampled responses with problems: ${JSON.stringify(sampleProblems)}`)
  const row = evaluate({ scenario: name, kind, rps: m.completed / m.seconds, p50Ms: percentile(m.latenciesMs, 50), p99Ms: percentile(m.latenciesMs, 99), faults }, baseline.signsPerSecond)
  return {
    row,
    detail: {
      poolSize: report.poolSize,
      used: report.used,
      wraps: report.wraps,
      completed: m.completed,
      sent: m.sent,
      seconds: m.seconds,
      errors: m.errors,
      timeouts: m.timeouts,
      non2xx: m.non2xx,
      mismatches: m.mismatches,
      statusCodes: m.statusCodes,
      p90Ms: percentile(m.latenciesMs, 90),
      p999Ms: percentile(m.latenciesMs, 99.9),
      maxMs: percentile(m.latenciesMs, 100),
      samplesChecked: report.samples.length,
      sampleProblems,
      warmup: report.warmup ? { completed: report.warmup.completed, seconds: report.warmup.seconds, errors: report.warmup.errors, mismatches: report.warmup.mismatches } : undefined,
    },
  }
}

async function mockScenario(server: MockServer, baseline: SigningBaseline, name: string, slug: string, method: PayMethod, expectToken: boolean): Promise<ScenarioResult> {
  const size = poolSizeFor(baseline)
  log(`[${name}] signing a pool of ${size} requests before the run…`)
  const signStart = performance.now()
  const pool = signPayPool(size, `bench-${slug}`, method)
  log(`[${name}] signed in ${((performance.now() - signStart) / 1000).toFixed(1)} s; ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s at ${config.connections} connections`)
  const job = loadJob(server.url, pool)
  if (!config.profile) return summarize(name, await runLoad(job), baseline, expectToken, 'target')

  const file = new URL(`${slug}.cpuprofile`, RESULTS)
  const { value: report, profile } = await withCpuProfile(file, () => runLoad(job))
  const top = selfTimeByBucket(profile).slice(0, 15)
  log(`[${name}] server-thread profile (warm-up included) → bench/results/${slug}.cpuprofile; self time by place:`)
  for (const { bucket, share } of top) log(`  ${formatPercent(share).padStart(7)}  ${bucket}`)
  return summarize(name, report, baseline, expectToken, 'target')
}

async function referenceScenario(baseline: SigningBaseline): Promise<ScenarioResult> {
  const name = 'reference: bare node:http, verify + sign only'
  // The reference keeps no state, so a small pool may wrap around without changing anything.
  const pool = signPayPool(3_000, 'bench-reference', { kind: 'card' })
  const server = await startReferenceServer()
  log(`[${name}] ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s at ${config.connections} connections`)
  try {
    return summarize(name, await runLoad(loadJob(server.url, pool)), baseline, false, 'reference')
  } finally {
    await server.close()
  }
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

/** The bench must not send notifications anywhere: every one should be stored as `no_url`. */
function notificationCheck(server: MockServer): { ok: boolean } & Record<string, unknown> {
  const { engine } = server.mock
  const merchants = (server.mock.provider('antom').describe(server.url).merchants ?? []) as Array<{ clientId: string; notifyUrl: string | null }>
  const statuses: Record<string, number> = {}
  for (const n of engine.outbox.list({ provider: 'antom' })) statuses[n.status] = (statuses[n.status] ?? 0) + 1
  const outbound = engine.recorder.list({ direction: 'outbound' }).length
  return {
    ok: Object.keys(statuses).every((s) => s === 'no_url') && outbound === 0,
    defaultMerchantNotifyUrl: merchants.find((m) => m.clientId === CLIENT_ID)?.notifyUrl ?? null,
    notificationsByStatus: statuses,
    paymentsStored: engine.store.payments.size,
    outboundExchangesRecorded: outbound,
  }
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown'
  log(`Tokenproof bench — Node ${process.version}, ${availableParallelism()} cores (${cpu})`)
  await mkdir(RESULTS, { recursive: true })

  log(`[baseline] RSA-2048 signing loop for ${config.baselineSeconds} s…`)
  const content = signedContent(PAY_PATH, CLIENT_ID, String(Date.now()), payBody('bench-baseline-000001', { kind: 'card' }))
  const baseline = measureSigningBaseline(content, merchantKey, createPublicKey(antomTestKeys.merchantPublicKey), config.baselineSeconds * 1000)
  log(`[baseline] ${baseline.signsPerSecond.toFixed(0)} signs/s, ${baseline.verifiesPerSecond.toFixed(0)} verifies/s over ${baseline.contentBytes} bytes`)

  const results: ScenarioResult[] = []
  if (config.reference) results.push(await referenceScenario(baseline))

  const server = await startMockServer({ port: 0, providers: ['antom'], clockOptions: { mode: 'system' } })
  log(`[server] ${server.url}`)
  let notifications: ReturnType<typeof notificationCheck>
  try {
    results.push(await mockScenario(server, baseline, 'pay S2S ENABLED (card data, tokenize)', 's2s-enabled', { kind: 'card' }, true))
    const token = await createToken(server)
    results.push(await mockScenario(server, baseline, 'pay token reuse (isCardOnFile)', 'token-reuse', { kind: 'token', token }, false))
    notifications = notificationCheck(server)
  } finally {
    await server.close()
  }

  // Adyen POST /sessions against Stoplight Prism, same load (bench/adyen.ts); BENCH_ADYEN=0 skips it.
  const adyen: AdyenBenchResult | undefined =
    process.env.BENCH_ADYEN === '0' ? undefined : await runAdyenBench({ durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, connections: config.connections })

  const rows = results.map((r) => r.row)
  const table = formatTable(baseline, rows, DEFAULT_TARGETS)
  process.stdout.write(`\n${table}\n\nnotifications: ${JSON.stringify(notifications)}\n`)
  if (adyen) process.stdout.write(`\n${adyen.table}\n`)

  const output = {
    date: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    cpu,
    config,
    targets: { ...DEFAULT_TARGETS, label: targetLabel(DEFAULT_TARGETS) },
    baseline,
    scenarios: results.map((r) => ({ ...r.row, ...r.detail })),
    notifications,
    table,
    adyen,
  }
  await writeFile(new URL('latest.json', RESULTS), `${JSON.stringify(output, null, 2)}\n`)
  log('written bench/results/latest.json')

  const targetRows = rows.filter((r) => r.pass !== null)
  const wrong = targetRows.some((r) => r.faults > 0) || !notifications.ok || (adyen !== undefined && adyen.mock.faults > 0)
  if (wrong || (config.strict && (!targetRows.every((r) => r.pass) || adyen?.pass === false))) process.exitCode = 1
}

await main()
