import type { CardBrand } from '../../contracts/core/types.ts'
import { sha256 } from './sha256.ts'
import { maskPan } from './masking.ts'
import { BoundedMap, DEFAULT_RETENTION, pageOf, RetainedLog, type Page, type PageQuery, type RetentionLimit, type RetentionPolicy } from './retention.ts'

export { pageOf, type Page, type PageQuery } from './retention.ts'

/** A card as the buyer entered it. Held only in memory, never recorded, listed or logged. */
export interface CardData {
  readonly number: string
  readonly expiryMonth: string
  readonly expiryYear: string
  readonly holderName?: string | undefined
  readonly cvv?: string | undefined
}

/** What may be shown of a card. */
export interface MaskedCard {
  readonly masked: string
  readonly first6: string
  readonly last4: string
  readonly brand: CardBrand
  readonly expiryMonth: string
  readonly expiryYear: string
}

export type PaymentStatus = 'awaiting_buyer' | 'pending' | 'succeeded' | 'failed' | 'cancelled' | 'expired'

export interface Money {
  readonly currency: string
  /** Minor units, as a decimal string (providers put large values on the wire as strings). */
  readonly value: string
}

/** How a payment asked for the card to be saved. */
export type TokenizeIntent = 'none' | 'ask_consent' | 'enabled'

export interface PaymentRecord {
  readonly id: string
  readonly provider: string
  /** The merchant's id for this request (the idempotency key where the provider has one). */
  readonly requestId: string
  readonly merchantId: string
  status: PaymentStatus
  resultCode: string
  readonly amount: Money
  card?: MaskedCard | undefined
  readonly tokenize: TokenizeIntent
  consent?: boolean | undefined
  tokenId?: string | undefined
  /** The token this payment was made with (a reuse payment). */
  readonly usedTokenId?: string | undefined
  readonly buyerRef?: string | undefined
  readonly sessionId?: string | undefined
  readonly notifyUrl?: string | undefined
  readonly createdAt: number
  updatedAt: number
  settledAt?: number | undefined
  /** Flags the merchant sent that the conformance suites check (card-on-file, CVV present, …). */
  readonly flags: Record<string, string | boolean | undefined>
}

export interface SessionRecord {
  readonly id: string
  readonly provider: string
  readonly kind: 'payment' | 'vaulting'
  status: 'open' | 'completed' | 'expired'
  readonly merchantId: string
  readonly requestId: string
  readonly paymentId?: string | undefined
  readonly vaultingId?: string | undefined
  readonly expiresAt: number
  readonly createdAt: number
  /** Tokens the merchant offered the buyer in this session. */
  readonly savedTokenIds: readonly string[]
  readonly tokenize: TokenizeIntent
}

export interface TokenRecord {
  readonly id: string
  readonly provider: string
  readonly merchantId: string
  readonly buyerRef?: string | undefined
  readonly card: MaskedCard
  status: 'active' | 'deleted'
  readonly usage: 'single' | 'multiple'
  uses: number
  readonly createdAt: number
  readonly sourcePaymentId?: string | undefined
  readonly sourceVaultingId?: string | undefined
}

export interface VaultingRecord {
  readonly id: string
  readonly provider: string
  readonly merchantId: string
  readonly requestId: string
  status: 'awaiting_buyer' | 'pending' | 'succeeded' | 'failed'
  resultCode: string
  tokenId?: string | undefined
  card?: MaskedCard | undefined
  readonly notifyUrl?: string | undefined
  readonly createdAt: number
  updatedAt: number
}

export interface BuyerRecord {
  readonly id: string
  readonly provider: string
  readonly merchantId: string
  readonly reference: string
  readonly createdAt: number
  readonly tokenIds: string[]
}

export interface CollectionOptions<T> {
  /** How many records, and how old, the collection keeps; everything by default. */
  readonly limit?: () => RetentionLimit
  /** Real time, for the age limit. */
  readonly wall?: () => number
  /** Secondary keys a route looks records up by: `lookup(name, key)` finds them without a scan. */
  readonly indexes?: Readonly<Record<string, (record: T) => string | undefined>>
  /** Called for each record the limit evicts. */
  readonly onEvict?: (record: T) => void
}

/**
 * Records keyed by id, in the order they were stored, with secondary indexes and a retention limit
 * (mocks/engine/retention.ts): the oldest go first. Routes look up by id or by an index, never by a
 * scan; `visited` counts the records scans (`find`, `filter`) examined, so a test can prove it.
 */
export class Collection<T extends { readonly id: string }> {
  readonly #byId = new Map<string, { record: T; readonly seq: number }>()
  readonly #log: RetainedLog<string>
  readonly #indexes = new Map<string, { readonly keyOf: (record: T) => string | undefined; readonly buckets: Map<string, Set<string>> }>()
  readonly #onEvict: (record: T) => void
  /** Records examined by `find` and `filter` since the collection was made. */
  visited = 0

  constructor(options: CollectionOptions<T> = {}) {
    const unbounded = { maxCount: Number.MAX_SAFE_INTEGER, maxAgeMs: Number.MAX_SAFE_INTEGER }
    this.#log = new RetainedLog<string>(options.limit ?? (() => unbounded), options.wall ?? Date.now, (id, seq) => this.#evict(id, seq))
    for (const [name, keyOf] of Object.entries(options.indexes ?? {})) this.#indexes.set(name, { keyOf, buckets: new Map() })
    this.#onEvict = options.onEvict ?? (() => undefined)
  }

  /** Stores a record; one stored again under its id replaces it in place. */
  put(record: T): T {
    const existing = this.#byId.get(record.id)
    if (existing) {
      this.#unindex(existing.record)
      existing.record = record
      this.#log.replace(existing.seq, record.id)
      this.#index(record)
      return record
    }
    // Into the map first: the push may evict, and the newest record is never the one evicted.
    const seq = this.#log.nextSeq
    this.#byId.set(record.id, { record, seq })
    this.#index(record)
    this.#log.push(record.id)
    return record
  }

  get(id: string): T | undefined {
    return this.#byId.get(id)?.record
  }

  /** The records an index files under `key`, oldest first; only those, whatever the store's size. */
  lookup(index: string, key: string): T[] {
    const ids = this.#indexes.get(index)?.buckets.get(key)
    if (!ids) return []
    const found: T[] = []
    for (const id of ids) {
      const record = this.#byId.get(id)?.record
      if (record) found.push(record)
    }
    return found
  }

  /** A scan: for tests and small listings, never for a route (see `visited`). */
  find(predicate: (record: T) => boolean): T | undefined {
    for (const { record } of this.#byId.values()) {
      this.visited++
      if (predicate(record)) return record
    }
    return undefined
  }

  /** A scan of every record kept: for tests and small listings, never for a route (see `visited`). */
  filter(predicate: (record: T) => boolean = () => true): T[] {
    const out: T[] = []
    for (const { record } of this.#byId.values()) {
      this.visited++
      if (predicate(record)) out.push(record)
    }
    return out
  }

  /** One page of the records in storage order, from a cursor (`next` of the page before). */
  page(query: PageQuery<T>): Page<T> {
    return pageOf(this.entries(query.after), query)
  }

  /** The records stored after the cursor `after`, with their cursors, oldest first, read lazily. */
  *entries(after = 0): Generator<readonly [number, T]> {
    for (const [seq, id] of this.#log.after(after)) {
      const record = this.#byId.get(id)?.record
      if (record) yield [seq, record]
    }
  }

  /** Evicts what is now older than the age limit (eviction by count happens on `put`). */
  evictExpired(): void {
    this.#log.evict()
  }

  get size(): number {
    return this.#byId.size
  }

  clear(): void {
    this.#byId.clear()
    this.#log.clear()
    for (const { buckets } of this.#indexes.values()) buckets.clear()
  }

  #evict(id: string, seq: number): void {
    const entry = this.#byId.get(id)
    if (!entry || entry.seq !== seq) return
    this.#byId.delete(id)
    this.#unindex(entry.record)
    this.#onEvict(entry.record)
  }

  #index(record: T): void {
    for (const { keyOf, buckets } of this.#indexes.values()) {
      const key = keyOf(record)
      if (key === undefined) continue
      const bucket = buckets.get(key) ?? new Set<string>()
      bucket.add(record.id)
      buckets.set(key, bucket)
    }
  }

  #unindex(record: T): void {
    for (const { keyOf, buckets } of this.#indexes.values()) {
      const key = keyOf(record)
      const bucket = key === undefined ? undefined : buckets.get(key)
      if (!bucket || key === undefined) continue
      bucket.delete(record.id)
      if (bucket.size === 0) buckets.delete(key)
    }
  }
}

/** The index key of a record filed by provider, merchant and the merchant's own reference. */
export const refKey = (provider: string, merchantId: string, reference: string): string => `${provider}\u0000${merchantId}\u0000${reference}`

/**
 * The mock's state: buyers, sessions, payments, vaultings and tokens, in memory. Node runs one
 * request's synchronous section at a time, so each mutation is atomic; races are handled where a
 * request awaits (see IdempotencyStore).
 *
 * Retention (docs/control-api.md): payments, sessions and vaultings go after `policy.payments`;
 * tokens and buyers after `policy.tokens`, which outlives it, so a saved card keeps working after
 * the payment that saved it is gone (its `sourcePaymentId` then names a payment the mock no longer
 * knows, and an inquiry about that payment gets the provider's "not found"). The card behind a
 * record goes with the record.
 */
export class Store {
  readonly buyers: Collection<BuyerRecord>
  readonly sessions: Collection<SessionRecord>
  readonly payments: Collection<PaymentRecord>
  readonly vaultings: Collection<VaultingRecord>
  readonly tokens: Collection<TokenRecord>
  /** Full card data behind tokens and open payments: the provider's vault. Never exposed. */
  readonly #cards: BoundedMap<string, CardData>
  /** Active token by provider, merchant, buyer and a hash of the card number: "the same card saved again". */
  readonly #tokenByCard = new Map<string, string>()
  readonly #cardKeyOf = new Map<string, string>()

  /**
   * `onEvict` hears of every record retention evicts (not of `clear`): the engine cancels the clock
   * tasks the record owns and the providers drop what they keep beside it (Engine.onEvict).
   */
  readonly #policy: RetentionPolicy

  constructor(policy: RetentionPolicy = DEFAULT_RETENTION, wall: () => number = Date.now, onEvict: (record: { readonly id: string }) => void = () => undefined) {
    this.#policy = policy
    const forgetCard = (record: { readonly id: string }): void => {
      this.#cards.delete(record.id)
      onEvict(record)
    }
    const byRef = { ref: (r: { provider: string; merchantId: string; requestId: string }) => refKey(r.provider, r.merchantId, r.requestId) }
    this.payments = new Collection<PaymentRecord>({ limit: () => policy.payments, wall, indexes: byRef, onEvict: forgetCard })
    this.sessions = new Collection<SessionRecord>({ limit: () => policy.payments, wall, indexes: byRef, onEvict })
    this.vaultings = new Collection<VaultingRecord>({ limit: () => policy.payments, wall, indexes: byRef, onEvict: forgetCard })
    this.tokens = new Collection<TokenRecord>({
      limit: () => policy.tokens,
      wall,
      indexes: { buyer: (t) => (t.buyerRef === undefined ? undefined : `${t.provider}\u0000${t.buyerRef}`) },
      onEvict: (token) => {
        forgetCard(token)
        // Its buyer lists only the tokens kept: one shopper saving cards all day must not grow a list without end.
        const buyer = token.buyerRef === undefined ? undefined : this.buyers.get(`${token.provider}:${token.merchantId}:${token.buyerRef}`)
        const at = buyer === undefined ? -1 : buyer.tokenIds.indexOf(token.id)
        if (at >= 0) buyer?.tokenIds.splice(at, 1)
        const key = this.#cardKeyOf.get(token.id)
        this.#cardKeyOf.delete(token.id)
        if (key !== undefined && this.#tokenByCard.get(key) === token.id) this.#tokenByCard.delete(key)
      },
    })
    this.buyers = new Collection<BuyerRecord>({ limit: () => policy.tokens, wall, onEvict })
    // A safety net under the collections' own eviction: every card belongs to one of them, so none
    // is kept longer than the longest of their ages.
    this.#cards = BoundedMap.of(() => ({ maxCount: 2 * policy.payments.maxCount + policy.tokens.maxCount, maxAgeMs: Math.max(policy.payments.maxAgeMs, policy.tokens.maxAgeMs) }), undefined, wall)
  }

  keepCard(ref: string, card: CardData): void {
    // The provider never keeps the CVV after authorisation.
    this.#cards.set(ref, { number: card.number, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, holderName: card.holderName })
  }

  cardOf(ref: string): CardData | undefined {
    return this.#cards.get(ref)
  }

  /** Finds or creates the buyer a merchant refers to by its own reference. */
  buyer(provider: string, merchantId: string, reference: string, now: number): BuyerRecord {
    const id = `${provider}:${merchantId}:${reference}`
    return this.buyers.get(id) ?? this.buyers.put({ id, provider, merchantId, reference, createdAt: now, tokenIds: [] })
  }

  /** The payments (or sessions, vaultings) a merchant filed under its own reference, oldest first. */
  byReference<T extends { readonly id: string }>(collection: Collection<T>, provider: string, merchantId: string, reference: string): T[] {
    return collection.lookup('ref', refKey(provider, merchantId, reference))
  }

  /** The tokens a provider filed under a buyer (shopper, customer) reference, oldest first. */
  tokensOfBuyer(provider: string, buyerRef: string): TokenRecord[] {
    return this.tokens.lookup('buyer', `${provider}\u0000${buyerRef}`)
  }

  /** Stores a new token with its card, findable by `activeTokenFor` for the same buyer and card. */
  saveToken(token: TokenRecord, card: CardData): TokenRecord {
    this.tokens.put(token)
    this.keepCard(token.id, card)
    const key = this.#cardKey(token.provider, token.merchantId, token.buyerRef, card.number)
    this.#tokenByCard.set(key, token.id)
    this.#cardKeyOf.set(token.id, key)
    return token
  }

  /** The active token a merchant saved for this buyer and card number, if any. */
  activeTokenFor(provider: string, merchantId: string, buyerRef: string | undefined, pan: string): TokenRecord | undefined {
    const id = this.#tokenByCard.get(this.#cardKey(provider, merchantId, buyerRef, pan))
    const token = id === undefined ? undefined : this.tokens.get(id)
    return token?.status === 'active' && this.cardOf(token.id)?.number === pan ? token : undefined
  }

  /** Evicts records past their age limit; puts evict by count as they go. */
  evictExpired(): void {
    for (const c of [this.payments, this.sessions, this.vaultings, this.tokens, this.buyers] as const) c.evictExpired()
    this.#cards.evictExpired()
  }

  /**
   * The size of the vault and of the index of saved cards (GET /__tokenproof/stats): each entry goes
   * with the record it belongs to. The index holds one entry per token saved with its card (the
   * card-to-token direction never has more).
   */
  vaultSizes(): { readonly cards: number; readonly cardIndex: number } {
    return { cards: this.#cards.size, cardIndex: this.#cardKeyOf.size }
  }

  /** The bounds of `vaultSizes`: the index goes with tokens. */
  vaultLimits(): { readonly cards: RetentionLimit; readonly cardIndex: RetentionLimit } {
    return { cards: this.#cards.limit(), cardIndex: this.#policy.tokens }
  }

  clear(): void {
    this.buyers.clear()
    this.sessions.clear()
    this.payments.clear()
    this.vaultings.clear()
    this.tokens.clear()
    this.#cards.clear()
    this.#tokenByCard.clear()
    this.#cardKeyOf.clear()
  }

  #cardKey(provider: string, merchantId: string, buyerRef: string | undefined, pan: string): string {
    // Hashed: the index keys are not one more place a card number sits in clear.
    return `${provider}\u0000${merchantId}\u0000${buyerRef ?? ''}\u0000${sha256(pan, 'base64url')}`
  }
}

const BRAND_PREFIXES: ReadonlyArray<readonly [RegExp, CardBrand]> = [
  [/^4/, 'VISA'],
  [/^(5[1-5]|2[2-7])/, 'MASTERCARD'],
  [/^3[47]/, 'AMEX'],
  [/^35/, 'JCB'],
  [/^3(0[0-5]|[689])/, 'DINERS'],
  [/^6(011|5)/, 'DISCOVER'],
  [/^62/, 'CUP'],
  [/^(50|5[6-9]|6)/, 'MAESTRO'],
]

/** The card's brand from its number prefix. */
export function brandOf(pan: string): CardBrand {
  return BRAND_PREFIXES.find(([prefix]) => prefix.test(pan))?.[1] ?? 'OTHER'
}

export function maskCard(card: CardData, brand: CardBrand = brandOf(card.number)): MaskedCard {
  return {
    masked: maskPan(card.number),
    first6: card.number.slice(0, 6),
    last4: card.number.slice(-4),
    brand,
    expiryMonth: card.expiryMonth,
    expiryYear: card.expiryYear,
  }
}
