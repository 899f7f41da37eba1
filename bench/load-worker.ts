/**
 * The load generator, run in a worker thread by bench/load.ts: autocannon over a pool of prepared
 * requests. Receives a LoadJob as workerData and posts back one LoadReport.
 */
import { parentPort, workerData } from 'node:worker_threads'
import autocannon, { type RawRequest, type Result } from 'autocannon'
import { CHECKS } from './checks.ts'
import type { LoadJob, LoadReport, ResponseSample, RunSummary } from './load.ts'

const job = workerData as LoadJob
const check = CHECKS[job.check]
let next = 0
const samples: ResponseSample[] = []
const failures: string[] = []

/** Only picks the next prepared request: no signing here (see bench/load.ts). */
const setupRequest = (request: RawRequest): RawRequest => {
  const item = job.pool[next++ % job.pool.length]
  if (!item) throw new Error('empty request pool')
  request.method = job.method
  request.path = job.path
  request.headers = item.headers
  if (job.method !== 'GET') request.body = item.body
  return request
}

async function run(seconds: number, measured: boolean): Promise<RunSummary> {
  const latencies: number[] = []
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        setupRequest,
        onResponse: (status, body, _context, headers) => {
          if (measured && samples.length < job.samples) samples.push({ status, body, headers })
        },
      },
    ],
    verifyBody: (body) => {
      const ok = check(body)
      if (!ok && measured && failures.length < 5) failures.push(body.slice(0, 300))
      return ok
    },
  })
  // In a worker thread autocannon returns its raw result, without latency percentiles (and its
  // histogram has 1 ms resolution anyway): keep every response time, as a float, here.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    if (measured) latencies.push(responseTime)
  })
  const result: Result = await instance
  return {
    seconds: result.duration,
    completed: result.totalCompletedRequests,
    sent: result.totalRequests,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    latenciesMs: latencies,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count])),
  }
}

const warmup = job.warmupSeconds > 0 ? await run(job.warmupSeconds, false) : undefined
const measured = await run(job.durationSeconds, true)
// Past the end of the pool, requests repeat: reported, and pools are sized to avoid it.
const wraps = Math.max(0, Math.ceil(next / job.pool.length) - 1)
const report: LoadReport = { warmup: warmup ? { ...warmup, latenciesMs: [] } : undefined, measured, used: next, poolSize: job.pool.length, wraps, samples, failures }
parentPort?.postMessage(report)
