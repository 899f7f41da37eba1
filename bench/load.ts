/**
 * Runs autocannon against a server from a worker thread: the one load loop of `npm run bench`, for
 * every provider and every reference server.
 *
 * Why a worker: the mock server runs on this process's main thread, and the machine has 2 cores.
 * autocannon in the same thread would take turns with the server on one event loop, so every
 * request it builds or parses would be time the server cannot spend answering. A worker_threads
 * Worker puts the load generator on its own thread (the second core) while sharing the process,
 * so the server is still started in-process and closed at the end.
 *
 * Why a pool: a call that must be new each time (an Antom pay signed over its own paymentRequestId,
 * an AppotaPay token with its own merchantRefId) is built BEFORE the run, so that the worker only
 * picks the next entry and the run measures the server, not the client's signing. A call that may
 * repeat (Adyen /sessions) is a pool of one.
 */
import type { CheckName } from './checks.ts'
import { runTsWorker } from './ts-worker.ts'

/** A request ready to put on the wire: its exact body bytes and its headers. */
export interface WireEntry {
  readonly body: string
  readonly headers: Record<string, string>
}

/** One response as the load generator saw it. */
export interface ResponseSample {
  readonly status: number
  readonly headers: Record<string, string | string[]>
  readonly body: string
}

export interface LoadJob {
  readonly url: string
  readonly method: 'POST' | 'GET'
  readonly path: string
  readonly pool: readonly WireEntry[]
  /** How a good answer looks (bench/checks.ts). */
  readonly check: CheckName
  readonly connections: number
  readonly durationSeconds: number
  readonly warmupSeconds: number
  /** How many response bodies and headers to send back for checking. */
  readonly samples: number
}

export interface RunSummary {
  readonly seconds: number
  readonly completed: number
  readonly sent: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  /** Responses whose body failed the job's check. */
  readonly mismatches: number
  readonly latenciesMs: readonly number[]
  readonly statusCodes: Readonly<Record<string, number>>
}

export interface LoadReport {
  readonly warmup: RunSummary | undefined
  readonly measured: RunSummary
  /** Pool entries taken (warm-up and measured run). */
  readonly used: number
  readonly poolSize: number
  /** Times the pool ran out and started over (repeats of already used requests). */
  readonly wraps: number
  readonly samples: readonly ResponseSample[]
  /** The first bodies that failed the check. */
  readonly failures: readonly string[]
}

/** Starts bench/load-worker.ts under tsx in a worker thread and waits for its report. */
export function runLoad(job: LoadJob): Promise<LoadReport> {
  return runTsWorker<LoadJob, LoadReport>(new URL('./load-worker.ts', import.meta.url), job)
}
