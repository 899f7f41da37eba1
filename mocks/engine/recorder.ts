import { redact, redactBody, redactHeaders, redactText } from './masking.ts'
import { DEFAULT_RETENTION, pageOf, RetainedLog, type Page, type RetentionLimit } from './retention.ts'

/** A request as recorded: redacted. */
export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: unknown
  /** The body with what the merchant sealed (an encrypted card) in its unsealed form, redacted (`ProviderMock.unseal`). */
  readonly sealed?: unknown
}

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
  readonly request: RecordedRequest
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
  readonly request: {
    readonly method: string
    readonly url: string
    readonly headers: Headers | Record<string, string>
    readonly body: string
    readonly sealed?: unknown
    /** Body and sealed form already redacted by the caller (from a parse it shared): kept as given. */
    readonly redacted?: Pick<RecordedRequest, 'body' | 'sealed'>
  }
  readonly response: { readonly status: number; readonly headers: Headers | Record<string, string>; readonly body: string } | { readonly error: string }
  readonly tags?: Readonly<Record<string, string | number | boolean>>
}

export interface ExchangeFilter {
  readonly provider?: string | undefined
  readonly operation?: string | undefined
  readonly direction?: RecordedExchange['direction'] | undefined
  readonly sinceId?: number | undefined
}

/** Longest body text an exchange keeps, request and response alike: a 1 MB rejected body is kept as its first 64 KiB. */
export const MAX_RECORDED_BODY_CHARS = 64 * 1024

const clip = (text: string): string =>
  text.length <= MAX_RECORDED_BODY_CHARS ? text : `${text.slice(0, MAX_RECORDED_BODY_CHARS)}… [tokenproof: ${text.length - MAX_RECORDED_BODY_CHARS} more characters not recorded]`

/** A body text as the recorder keeps it: clipped, then redacted (as JSON where it parses). */
export const recordedBody = (text: string): unknown => redactBody(clip(text))

export interface ExchangePageQuery extends ExchangeFilter {
  readonly limit: number
  /** Examined at most per page (see Collection.page). */
  readonly budget?: number | undefined
}

/**
 * Keeps every exchange in both directions, masked at the moment it is recorded so that no full card
 * number or CVV is ever held by the recorder. Bounded by count and age (mocks/engine/retention.ts):
 * the oldest exchanges go first, and a body is kept up to MAX_RECORDED_BODY_CHARS.
 */
export class Recorder {
  // A log whose sequence is the exchange id: a page from `sinceId` starts there, in O(1).
  readonly #log: RetainedLog<RecordedExchange>
  // Never reset: an order across resets costs nothing and keeps a late exchange from looking early.
  #seq = 0
  readonly #listeners = new Set<(exchange: RecordedExchange) => void>()

  /** `limit`: a count (the older signature) or a count and an age; `wall` is real time, for the age. */
  constructor(limit: number | RetentionLimit = DEFAULT_RETENTION.exchanges, wall: () => number = Date.now) {
    const fixed: RetentionLimit = typeof limit === 'number' ? { maxCount: Math.max(1, limit), maxAgeMs: Number.MAX_SAFE_INTEGER } : limit
    this.#log = new RetainedLog(() => fixed, wall)
  }

  /** Calls `listener` with each exchange as it is recorded (the standalone server logs unserved calls); returns the unsubscribe. */
  onRecord(listener: (exchange: RecordedExchange) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Marks an exchange's start: its place in `startedSeq` order. */
  begin(): number {
    return ++this.#seq
  }

  record(raw: RawExchange): RecordedExchange {
    const response =
      'error' in raw.response
        ? { error: redactText(clip(raw.response.error)) }
        : { status: raw.response.status, headers: redactHeaders(raw.response.headers), body: recordedBody(raw.response.body) }
    const exchange: RecordedExchange = {
      id: this.#log.nextSeq,
      direction: raw.direction,
      provider: raw.provider,
      operation: raw.operation,
      startedAt: raw.startedAt,
      startedSeq: raw.startedSeq ?? this.begin(),
      durationMs: raw.durationMs,
      request: {
        method: raw.request.method,
        // Query strings carry card numbers too (a GET with `?cardNo=`): the URL is redacted like a body.
        url: redactText(clip(raw.request.url)),
        headers: redactHeaders(raw.request.headers),
        ...(raw.request.redacted ?? {
          body: recordedBody(raw.request.body),
          // Redacted like the body: the card a seal held is kept masked, its CVC removed.
          ...(raw.request.sealed === undefined ? {} : { sealed: redact(raw.request.sealed) }),
        }),
      },
      response,
      tags: { ...raw.tags },
    }
    this.#log.push(exchange)
    for (const listener of this.#listeners) listener(exchange)
    return exchange
  }

  /** Every exchange kept that matches, oldest first (in-process callers; the control API pages with `page`). */
  list(filter: ExchangeFilter = {}): RecordedExchange[] {
    const out: RecordedExchange[] = []
    for (const [, e] of this.#log.after(filter.sinceId ?? 0)) if (exchangeMatches(e, filter)) out.push(e)
    return out
  }

  /** One page of exchanges after `sinceId`, and the cursor of the next (see Collection.page). */
  page(query: ExchangePageQuery): Page<RecordedExchange> {
    return pageOf(this.#log.after(query.sinceId ?? 0), { limit: query.limit, budget: query.budget, where: (e) => exchangeMatches(e, query) })
  }

  /** Exchanges after `sinceId` with their ids, oldest first, read lazily (the control API streams them). */
  entries(sinceId = 0): Iterable<readonly [number, RecordedExchange]> {
    return this.#log.after(sinceId)
  }

  /** The exchange with this id, while it is kept. */
  get(id: number): RecordedExchange | undefined {
    return this.#log.at(id)
  }

  /** Evicts exchanges past the age limit (recording evicts by count as it goes). */
  evictExpired(): void {
    this.#log.evict()
  }

  get size(): number {
    return this.#log.size
  }

  clear(): void {
    this.#log.clear()
  }
}

/** Whether an exchange fits a listing's filters (its cursor aside). */
export function exchangeMatches(e: RecordedExchange, filter: ExchangeFilter): boolean {
  return (
    (filter.provider === undefined || e.provider === filter.provider) &&
    (filter.operation === undefined || e.operation === filter.operation) &&
    (filter.direction === undefined || e.direction === filter.direction)
  )
}
