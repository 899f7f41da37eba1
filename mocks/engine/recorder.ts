import { redactBody, redactHeaders, redactText } from './masking.ts'

/** One HTTP exchange as it crossed the wire, already redacted. */
export interface RecordedExchange {
  readonly id: number
  /** `inbound`: the merchant called the provider. `outbound`: the provider notified the merchant. */
  readonly direction: 'inbound' | 'outbound'
  readonly provider: string
  /** The provider's operation or notification name, when known. */
  readonly operation: string | undefined
  readonly startedAt: number
  /** The order exchanges started in (ids follow the order they ended in): a notification sent while a request is processed starts after it. */
  readonly startedSeq: number
  readonly durationMs: number
  readonly request: { readonly method: string; readonly url: string; readonly headers: Record<string, string>; readonly body: unknown }
  readonly response:
    | { readonly status: number; readonly headers: Record<string, string>; readonly body: unknown }
    | { readonly error: string }
  /** Free labels for later readers: the notification id, the attempt number, the injected fault. */
  readonly tags: Readonly<Record<string, string | number | boolean>>
}

export interface RawExchange {
  readonly direction: RecordedExchange['direction']
  readonly provider: string
  readonly operation?: string | undefined
  readonly startedAt: number
  /** From `begin()` when the exchange started; the recording order otherwise. */
  readonly startedSeq?: number
  readonly durationMs: number
  readonly request: { readonly method: string; readonly url: string; readonly headers: Headers | Record<string, string>; readonly body: string }
  readonly response: { readonly status: number; readonly headers: Headers | Record<string, string>; readonly body: string } | { readonly error: string }
  readonly tags?: Readonly<Record<string, string | number | boolean>>
}

export interface ExchangeFilter {
  readonly provider?: string | undefined
  readonly operation?: string | undefined
  readonly direction?: RecordedExchange['direction'] | undefined
  readonly sinceId?: number | undefined
}

/**
 * Keeps every exchange in both directions, masked at the moment it is recorded so that no full card
 * number or CVV is ever held by the recorder. Bounded: the oldest exchanges go first.
 */
export class Recorder {
  // A ring: once full, each new exchange overwrites the oldest in O(1) (a shifting array cost a
  // copy of the whole recording per request on a long-running server).
  readonly #ring: RecordedExchange[] = []
  #start = 0
  #nextId = 1
  // Never reset: an order across resets costs nothing and keeps a late exchange from looking early.
  #seq = 0
  readonly #capacity: number

  constructor(capacity = 20_000) {
    this.#capacity = Math.max(1, capacity)
  }

  /** Marks an exchange's start: its place in `startedSeq` order. */
  begin(): number {
    return ++this.#seq
  }

  record(raw: RawExchange): RecordedExchange {
    const response =
      'error' in raw.response
        ? { error: redactText(raw.response.error) }
        : { status: raw.response.status, headers: redactHeaders(raw.response.headers), body: redactBody(raw.response.body) }
    const exchange: RecordedExchange = {
      id: this.#nextId++,
      direction: raw.direction,
      provider: raw.provider,
      operation: raw.operation,
      startedAt: raw.startedAt,
      startedSeq: raw.startedSeq ?? this.begin(),
      durationMs: raw.durationMs,
      request: {
        method: raw.request.method,
        // Query strings carry card numbers too (a GET with `?cardNo=`): the URL is redacted like a body.
        url: redactText(raw.request.url),
        headers: redactHeaders(raw.request.headers),
        body: redactBody(raw.request.body),
      },
      response,
      tags: { ...raw.tags },
    }
    if (this.#ring.length < this.#capacity) this.#ring.push(exchange)
    else {
      this.#ring[this.#start] = exchange
      this.#start = (this.#start + 1) % this.#capacity
    }
    return exchange
  }

  list(filter: ExchangeFilter = {}): RecordedExchange[] {
    const inOrder = this.#start === 0 ? this.#ring : [...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)]
    return inOrder.filter(
      (e) =>
        (filter.provider === undefined || e.provider === filter.provider) &&
        (filter.operation === undefined || e.operation === filter.operation) &&
        (filter.direction === undefined || e.direction === filter.direction) &&
        (filter.sinceId === undefined || e.id > filter.sinceId),
    )
  }

  clear(): void {
    this.#ring.length = 0
    this.#start = 0
  }
}
