/**
 * The Adyen part of `npm run bench`: POST /sessions on the standalone mock and on Stoplight Prism
 * (mocking Adyen's published CheckoutService-v71.json), side by side under the same load.
 *
 * Both get the same request bytes and the same autocannon settings from a worker thread (the
 * mock runs on this process's main thread, see bench/load.ts); Prism runs as a child process,
 * started on a free port and killed at the end. Target: the mock answers at least 15 times
 * Prism's requests per second with p99 ≤ 5 ms, and every answer is a session (status 201, `id`,
 * `sessionData`). The mock keeps its recorder on: recording is part of each request's work.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { DEFAULT_API_KEY, DEFAULT_MERCHANT_ACCOUNT } from '../mocks/adyen/merchants.ts'
import { startMockServer } from '../mocks/server.ts'
import { percentile } from './table.ts'
import { runTsWorker } from './ts-worker.ts'

export interface AdyenLoadJob {
  readonly url: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
  readonly connections: number
  readonly durationSeconds: number
  readonly warmupSeconds: number
}

export interface AdyenRun {
  readonly seconds: number
  readonly completed: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly mismatches: number
  readonly latenciesMs: readonly number[]
  readonly statusCodes: Readonly<Record<string, number>>
}

export interface AdyenLoadReport {
  readonly measured: AdyenRun
  readonly failures: readonly string[]
}

export interface AdyenBenchOptions {
  readonly durationSeconds: number
  readonly warmupSeconds: number
  readonly connections: number
}

export interface AdyenRow {
  readonly scenario: string
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly faults: number
  readonly statusCodes: Readonly<Record<string, number>>
}

export interface AdyenBenchResult {
  readonly mock: AdyenRow
  readonly prism: AdyenRow
  /** Mock rps over Prism rps. */
  readonly speedup: number
  readonly pass: boolean
  readonly reasons: readonly string[]
  readonly table: string
}

export const ADYEN_TARGETS = { minSpeedup: 15, maxP99Ms: 5 } as const

const SPEC = fileURLToPath(new URL('../contracts/adyen/openapi/CheckoutService-v71.json', import.meta.url))
const PRISM = fileURLToPath(new URL('../node_modules/.bin/prism', import.meta.url))

/** The seed 003 session request: store with consent, card on file, e-commerce. */
export const SESSION_BODY = JSON.stringify({
  merchantAccount: DEFAULT_MERCHANT_ACCOUNT,
  reference: 'bench-order-0001',
  amount: { currency: 'EUR', value: 1999 },
  returnUrl: 'https://merchant.example/checkout/return',
  countryCode: 'NL',
  shopperReference: 'bench-shopper-7f3a91',
  storePaymentMethodMode: 'askForConsent',
  recurringProcessingModel: 'CardOnFile',
  shopperInteraction: 'Ecommerce',
})
const HEADERS = { 'content-type': 'application/json', 'x-api-key': DEFAULT_API_KEY }

const log = (line: string): void => void process.stderr.write(`${line}\n`)

function runLoad(job: AdyenLoadJob): Promise<AdyenLoadReport> {
  return runTsWorker<AdyenLoadJob, AdyenLoadReport>(new URL('./adyen-load-worker.ts', import.meta.url), job)
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Starts `prism mock` on 127.0.0.1 and resolves once it listens. */
async function startPrism(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort()
  const child = spawn(PRISM, ['mock', SPEC, '-p', String(port), '-h', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start within 90 s:\n${output.slice(-2000)}`)), 90_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      if (output.includes('Prism is listening')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`prism exited with code ${String(code)} before listening:\n${output.slice(-2000)}`))
    })
  })
  // Prism logs every request; the output is drained so the pipe never blocks it.
  child.stdout?.removeAllListeners('data')
  child.stderr?.removeAllListeners('data')
  child.stdout?.resume()
  child.stderr?.resume()
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

function rowOf(scenario: string, report: AdyenLoadReport): AdyenRow {
  const m = report.measured
  if (report.failures.length > 0) log(`[${scenario}] first answers that were not a session:\n  ${report.failures.join('\n  ')}`)
  return {
    scenario,
    rps: m.completed / m.seconds,
    p50Ms: percentile(m.latenciesMs, 50),
    p99Ms: percentile(m.latenciesMs, 99),
    faults: m.errors + m.timeouts + m.non2xx + m.mismatches,
    statusCodes: m.statusCodes,
  }
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '–')

export function formatAdyenTable(mock: AdyenRow, prism: AdyenRow, speedup: number, pass: boolean, reasons: readonly string[]): string {
  const header = ['scenario', 'rps', 'p50 ms', 'p99 ms', 'faults', 'target', 'pass/fail']
  const target = `≥ ${ADYEN_TARGETS.minSpeedup}× Prism rps, p99 ≤ ${ADYEN_TARGETS.maxP99Ms} ms`
  const rows = [
    [prism.scenario, prism.rps.toFixed(0), ms(prism.p50Ms), ms(prism.p99Ms), String(prism.faults), '–', '(reference)'],
    [mock.scenario, mock.rps.toFixed(0), ms(mock.p50Ms), ms(mock.p99Ms), String(mock.faults), target, pass ? `PASS (${speedup.toFixed(1)}×)` : `FAIL (${reasons.join(', ')}; ${speedup.toFixed(1)}×)`],
  ]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n')
}

/** Runs both servers under the same load, one after the other, and compares them. */
export async function runAdyenBench(options: AdyenBenchOptions): Promise<AdyenBenchResult> {
  const job = (url: string, path: string): AdyenLoadJob => ({ url, path, headers: HEADERS, body: SESSION_BODY, ...options })
  log(`[adyen] starting Stoplight Prism on CheckoutService-v71.json…`)
  const prismServer = await startPrism()
  let prism: AdyenRow
  try {
    log(`[adyen] Prism POST /sessions: ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s at ${options.connections} connections`)
    prism = rowOf('adyen POST /sessions — Stoplight Prism 5 (reference)', await runLoad(job(prismServer.url, '/sessions')))
  } finally {
    await prismServer.stop()
  }
  const server = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'system' } })
  let mock: AdyenRow
  try {
    log(`[adyen] mock POST /v71/sessions: ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s at ${options.connections} connections`)
    mock = rowOf('adyen POST /sessions — Tokenproof mock', await runLoad(job(server.url, '/v71/sessions')))
  } finally {
    await server.close()
  }
  const speedup = prism.rps > 0 ? mock.rps / prism.rps : Number.POSITIVE_INFINITY
  const reasons: string[] = []
  if (speedup < ADYEN_TARGETS.minSpeedup) reasons.push('speedup')
  if (!(mock.p99Ms <= ADYEN_TARGETS.maxP99Ms)) reasons.push('p99')
  if (mock.faults > 0) reasons.push('faults')
  const pass = reasons.length === 0
  return { mock, prism, speedup, pass, reasons, table: formatAdyenTable(mock, prism, speedup, pass, reasons) }
}

// Run on its own: `npx tsx bench/adyen.ts` (npm run bench runs it after the Antom scenarios).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await runAdyenBench({ durationSeconds: Number(process.env.BENCH_DURATION ?? 5), warmupSeconds: Number(process.env.BENCH_WARMUP ?? 1), connections: Number(process.env.BENCH_CONNECTIONS ?? 10) })
  process.stdout.write(`\n${result.table}\n`)
  if (result.mock.faults > 0) process.exitCode = 1
}
