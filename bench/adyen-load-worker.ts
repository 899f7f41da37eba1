/**
 * The load generator of the Adyen bench, run in a worker thread by bench/adyen.ts: autocannon
 * sending one fixed request (the same bytes to the mock and to Prism). Posts back one report.
 */
import { parentPort, workerData } from 'node:worker_threads'
import autocannon, { type Result } from 'autocannon'
import type { AdyenLoadJob, AdyenLoadReport, AdyenRun } from './adyen.ts'

const job = workerData as AdyenLoadJob
const failures: string[] = []

/** A /sessions answer: a session id and the sessionData Drop-in needs. */
const isSession = (body: string): boolean => {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; sessionData?: unknown }
    return typeof parsed.id === 'string' && typeof parsed.sessionData === 'string'
  } catch {
    return false
  }
}

async function run(seconds: number, measured: boolean): Promise<AdyenRun> {
  const latencies: number[] = []
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    timeout: 10,
    requests: [{ method: 'POST', path: job.path, headers: job.headers, body: job.body }],
    verifyBody: (body) => {
      const ok = isSession(body)
      if (!ok && measured && failures.length < 5) failures.push(body.slice(0, 300))
      return ok
    },
  })
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    if (measured) latencies.push(responseTime)
  })
  const result: Result = await instance
  return {
    seconds: result.duration,
    completed: result.totalCompletedRequests,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    latenciesMs: latencies,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count])),
  }
}

if (job.warmupSeconds > 0) await run(job.warmupSeconds, false)
const measured = await run(job.durationSeconds, true)
const report: AdyenLoadReport = { measured, failures }
parentPort?.postMessage(report)
