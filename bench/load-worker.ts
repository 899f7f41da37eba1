/**
 * The load generator, run in a worker thread by bench/load.ts: autocannon over a pool of
 * pre-signed requests. Receives a LoadJob as workerData and posts back one LoadReport.
 */
import { parentPort, workerData } from 'node:worker_threads'
import autocannon, { type RawRequest, type Result } from 'autocannon'
import type { LoadJob, LoadReport, RunSummary } from './load.ts'
import type { ResponseSample } from './antom.ts'

const job = workerData as LoadJob
let next = 0
const samples: ResponseSample[] = []
const failures: string[] = []

/** Only picks the next pre-signed request: no signing here (see bench/load.ts). */
const setupRequest = (request: RawRequest): RawRequest => {
  const item = job.pool[next++ % job.pool.length]
  if (!item) throw new Error('empty request pool')
  request.method = 'POST'
  request.path = job.path
  request.headers = item.headers
  request.body = item.body
  return request
}

const isS = (body: string): boolean => {
  try {
    return (JSON.parse(body) as { result?: { resultStatus?: string } }).result?.resultStatus === 'S'
  } catch {
    return false
  }
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
      const ok = isS(body)
      if (!ok && measured && failures.length < 5) failures.push(body.slice(0, 300))
      return ok
    },
  })
  // In a worker thread autocannon returns its raw result, without latency percentiles (and its
  // histogram has 1 ms resolution anyway): keep every response time, as a float, here.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime)
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
// Past the end of the pool, requests repeat (idempotent replays): reported, and the pool is sized to avoid it.
const wraps = Math.max(0, Math.ceil(next / job.pool.length) - 1)
const report: LoadReport = { warmup: warmup ? { ...warmup, latenciesMs: [] } : undefined, measured, used: next, poolSize: job.pool.length, wraps, samples, failures }
parentPort?.postMessage(report)
