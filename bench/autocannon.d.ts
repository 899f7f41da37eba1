// autocannon ships no types and @types/autocannon is not a dependency: the few parts the bench uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  export interface RawRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
  }

  export interface RequestSpec extends RawRequest {
    /** Builds each request; returning a falsy value restarts the request list. */
    setupRequest?: (request: RawRequest, context: Record<string, unknown>) => RawRequest | null | undefined
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void
  }

  export interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    timeout?: number
    pipelining?: number
    requests?: RequestSpec[]
    verifyBody?: (body: string) => boolean
  }

  /**
   * The result as autocannon gives it inside a worker thread: not aggregated (it takes any worker
   * thread for one of its own workers), so no latency or request histograms as objects.
   */
  export interface Result {
    readonly duration: number
    readonly totalCompletedRequests: number
    readonly totalRequests: number
    readonly errors: number
    readonly timeouts: number
    readonly mismatches: number
    readonly non2xx: number
    readonly resets: number
    readonly statusCodeStats: Record<string, { count: number }>
  }

  export interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void
  }

  export default function autocannon(options: Options): Instance
}
