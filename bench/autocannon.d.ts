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

  export interface Histogram {
    readonly average: number
    readonly mean: number
    readonly stddev: number
    readonly min: number
    readonly max: number
    readonly total: number
    readonly p50: number
    readonly p90: number
    readonly p99: number
    readonly [percentile: string]: number
  }

  export interface Result {
    readonly duration: number
    readonly errors: number
    readonly timeouts: number
    readonly mismatches: number
    readonly non2xx: number
    readonly resets: number
    readonly '2xx': number
    readonly latency: Histogram
    readonly requests: Histogram & { readonly sent: number }
    readonly statusCodeStats: Record<string, { count: number }>
  }

  export interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void
  }

  export default function autocannon(options: Options): Instance
}
