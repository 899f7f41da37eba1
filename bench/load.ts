/**
 * Runs autocannon against the mock from a worker thread.
 *
 * Why a worker: the mock server runs on this process's main thread, and the machine has 2 cores.
 * autocannon in the same thread would take turns with the server on one event loop, so every
 * request it builds or parses would be time the server cannot spend answering. A worker_threads
 * Worker puts the load generator on its own thread (the second core) while sharing the process,
 * so the server is still started in-process and closed at the end. A child process running the
 * autocannon CLI would do the same, at the cost of passing the pool through a file.
 *
 * Why a pool: every Antom request carries a fresh RSA256 signature over its own paymentRequestId,
 * and signing one costs about as much as the server's own per-request signing. Signing inside
 * setupRequest during the run would take CPU from the server and measure the client's crypto, so
 * the whole pool is signed BEFORE the run and setupRequest only picks the next entry. The mock
 * checks the Request-Time format, not its age, so signing a few seconds early changes nothing.
 */
import type { ResponseSample, SignedRequest } from './antom.ts'
import { runTsWorker } from './ts-worker.ts'

export interface LoadJob {
  readonly url: string
  readonly path: string
  readonly pool: readonly SignedRequest[]
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
  /** Responses whose body was not a resultStatus S answer. */
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
  /** Times the pool ran out and started over (replays of already used request ids). */
  readonly wraps: number
  readonly samples: readonly ResponseSample[]
  /** The first bodies that were not a resultStatus S answer. */
  readonly failures: readonly string[]
}

/** Starts bench/load-worker.ts under tsx in a worker thread and waits for its report. */
export function runLoad(job: LoadJob): Promise<LoadReport> {
  return runTsWorker<LoadJob, LoadReport>(new URL('./load-worker.ts', import.meta.url), job)
}
