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
    /** A plain record is kept as given: the caller hands over one it will not change. */
    readonly headers: Headers | Readonly<Record<string, string>>
    readonly body: string
    /**
     * The body's unsealed form (`ProviderMock.unseal`), made when the exchange is first read: the
     * unsealing depends only on the body and the provider's keys for the life of the process.
     */
    readonly sealed?: (() => unknown) | undefined
  }
  readonly response: { readonly status: number; readonly headers: Headers | Readonly<Record<string, string>>; readonly body: string } | { readonly error: string }
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

/** Headers as they were when recorded: a Fetch `Headers` is copied (its owner could change it), a plain record kept. */
function headersSnapshot(headers: Headers | Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (!(headers instanceof Headers)) return headers
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = value
  })
  return out
}

/**
 * One exchange as the recorder keeps it. What listings filter on (direction, provider, operation,
 * tags, the method and status) is plain; the rest (URL, headers, bodies: what may hold a card number
 * or a CVV) is masked the first time anyone reads `exchange`, and the raw parts are dropped then.
 * Masking every exchange as it was recorded cost the answering path more than most routes do, for
 * records that are mostly evicted unread.
 */
export class KeptExchange {
  readonly direction: RecordedExchange['direction']
  readonly provider: string
  readonly operation: string | undefined
  readonly method: string
  /** The answer's status; undefined when there was none (an outbound delivery that failed). */
  readonly status: number | undefined
  readonly tags: Readonly<Record<string, string | number | boolean>>
  #raw: Raw | undefined
  #masked: RecordedExchange | undefined

  constructor(
    readonly id: number,
    readonly startedSeq: number,
    raw: RawExchange,
  ) {
    this.direction = raw.direction
    this.provider = raw.provider
    this.operation = raw.operation
    this.method = raw.request.method
    const { response } = raw
    this.status = 'status' in response ? response.status : undefined
    this.tags = raw.tags === undefined ? NO_TAGS : { ...raw.tags }
    // Snapshots of what a caller could still change; strings are immutable.
    this.#raw = {
      startedAt: raw.startedAt,
      durationMs: raw.durationMs,
      url: raw.request.url,
      headers: headersSnapshot(raw.request.headers),
      body: raw.request.body,
      sealed: raw.request.sealed,
      response: 'status' in response ? { status: response.status, headers: headersSnapshot(response.headers), body: response.body } : response,
    }
  }

  /** The exchange, masked: card numbers to first 6 / last 4, CVVs removed, secrets redacted. */
  get exchange(): RecordedExchange {
    if (this.#masked === undefined) {
      this.#masked = masked(this, this.#raw as Raw)
      this.#raw = undefined
    }
    return this.#masked
  }
}

const NO_TAGS: Readonly<Record<string, string | number | boolean>> = Object.freeze({})

/** What a kept exchange holds until it is first read. */
interface Raw {
  readonly startedAt: number
  readonly durationMs: number
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly sealed: (() => unknown) | undefined
  readonly response: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string } | { readonly error: string }
}

function masked(kept: KeptExchange, raw: Raw): RecordedExchange {
  const sealed = raw.sealed?.()
  return {
    id: kept.id,
    direction: kept.direction,
    provider: kept.provider,
    operation: kept.operation,
    startedAt: raw.startedAt,
    startedSeq: kept.startedSeq,
    durationMs: raw.durationMs,
    request: {
      method: kept.method,
      // Query strings carry card numbers too (a GET with `?cardNo=`): the URL is redacted like a body.
      url: redactText(clip(raw.url)),
      headers: redactHeaders(raw.headers),
      body: recordedBody(raw.body),
      // Redacted like the body: the card a seal held is kept masked, its CVC removed.
      ...(sealed === undefined ? {} : { sealed: redact(sealed) }),
    },
    response: 'error' in raw.response ? { error: redactText(clip(raw.response.error)) } : { status: raw.response.status, headers: redactHeaders(raw.response.headers), body: recordedBody(raw.response.body) },
    tags: kept.tags,
  }
}

/**
 * Keeps every exchange in both directions. Nothing leaves it unmasked: every way to read an exchange
 * (`list`, `page`, `get`, `entries`, a listener's `exchange`) gives the masked form. Bounded by count
 * and age (mocks/engine/retention.ts): the oldest exchanges go first, and a body is kept up to
 * MAX_RECORDED_BODY_CHARS.
 */
export class Recorder {
  // A log whose sequence is the exchange id: a page from `sinceId` starts there, in O(1).
  readonly #log: RetainedLog<KeptExchange>
  // Never reset: an order across resets costs nothing and keeps a late exchange from looking early.
  #seq = 0
  readonly #listeners = new Set<(exchange: KeptExchange) => void>()

  /** `limit`: a count (the older signature) or a count and an age; `wall` is real time, for the age. */
  constructor(limit: number | RetentionLimit = DEFAULT_RETENTION.exchanges, wall: () => number = Date.now) {
    const fixed: RetentionLimit = typeof limit === 'number' ? { maxCount: Math.max(1, limit), maxAgeMs: Number.MAX_SAFE_INTEGER } : limit
    this.#log = new RetainedLog(() => fixed, wall)
  }

  /**
   * Calls `listener` with each exchange as it is recorded (the standalone server logs unserved
   * calls): its plain fields are free to read, its `exchange` is masked when read. Returns the unsubscribe.
   */
  onRecord(listener: (exchange: KeptExchange) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Marks an exchange's start: its place in `startedSeq` order. */
  begin(): number {
    return ++this.#seq
  }

  /** Keeps an exchange; returns its id. */
  record(raw: RawExchange): number {
    const kept = new KeptExchange(this.#log.nextSeq, raw.startedSeq ?? this.begin(), raw)
    this.#log.push(kept)
    for (const listener of this.#listeners) listener(kept)
    return kept.id
  }

  /** Every exchange kept that matches, oldest first (in-process callers; the control API pages with `page`). */
  list(filter: ExchangeFilter = {}): RecordedExchange[] {
    const out: RecordedExchange[] = []
    for (const [, e] of this.#log.after(filter.sinceId ?? 0)) if (exchangeMatches(e, filter)) out.push(e.exchange)
    return out
  }

  /** One page of exchanges after `sinceId`, and the cursor of the next (see Collection.page). */
  page(query: ExchangePageQuery): Page<RecordedExchange> {
    const page = pageOf(this.#log.after(query.sinceId ?? 0), { limit: query.limit, budget: query.budget, where: (e) => exchangeMatches(e, query) })
    return { items: page.items.map((e) => e.exchange), next: page.next }
  }

  /** Exchanges after `sinceId` with their ids, oldest first, read lazily (the control API streams them, masked as it shows each). */
  entries(sinceId = 0): Iterable<readonly [number, KeptExchange]> {
    return this.#log.after(sinceId)
  }

  /** The exchange with this id, while it is kept. */
  get(id: number): RecordedExchange | undefined {
    return this.#log.at(id)?.exchange
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
export function exchangeMatches(e: Pick<RecordedExchange, 'provider' | 'operation' | 'direction'>, filter: ExchangeFilter): boolean {
  return (
    (filter.provider === undefined || e.provider === filter.provider) &&
    (filter.operation === undefined || e.operation === filter.operation) &&
    (filter.direction === undefined || e.direction === filter.direction)
  )
}
