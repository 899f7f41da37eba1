import type { CardBrand } from '../../contracts/core/types.ts'
import { maskPan } from './masking.ts'

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

/** A map keyed by id, with a lookup by a secondary key. */
export class Collection<T extends { readonly id: string }> {
  readonly #byId = new Map<string, T>()

  put(record: T): T {
    this.#byId.set(record.id, record)
    return record
  }

  get(id: string): T | undefined {
    return this.#byId.get(id)
  }

  find(predicate: (record: T) => boolean): T | undefined {
    for (const record of this.#byId.values()) if (predicate(record)) return record
    return undefined
  }

  filter(predicate: (record: T) => boolean = () => true): T[] {
    return [...this.#byId.values()].filter(predicate)
  }

  get size(): number {
    return this.#byId.size
  }

  clear(): void {
    this.#byId.clear()
  }
}

/**
 * The mock's state: buyers, sessions, payments, vaultings and tokens, in memory. Node runs one
 * request's synchronous section at a time, so each mutation is atomic; races are handled where a
 * request awaits (see IdempotencyStore).
 */
export class Store {
  readonly buyers = new Collection<BuyerRecord>()
  readonly sessions = new Collection<SessionRecord>()
  readonly payments = new Collection<PaymentRecord>()
  readonly vaultings = new Collection<VaultingRecord>()
  readonly tokens = new Collection<TokenRecord>()
  /** Full card data behind tokens and open payments: the provider's vault. Never exposed. */
  readonly #cards = new Map<string, CardData>()

  keepCard(ref: string, card: CardData): void {
    // The provider never keeps the CVV after authorisation.
    this.#cards.set(ref, { number: card.number, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, holderName: card.holderName })
  }

  cardOf(ref: string): CardData | undefined {
    return this.#cards.get(ref)
  }

  /** Finds or creates the buyer a merchant refers to by its own reference. */
  buyer(provider: string, merchantId: string, reference: string, now: number): BuyerRecord {
    const found = this.buyers.find((b) => b.provider === provider && b.merchantId === merchantId && b.reference === reference)
    if (found) return found
    return this.buyers.put({ id: `${provider}:${merchantId}:${reference}`, provider, merchantId, reference, createdAt: now, tokenIds: [] })
  }

  clear(): void {
    this.buyers.clear()
    this.sessions.clear()
    this.payments.clear()
    this.vaultings.clear()
    this.tokens.clear()
    this.#cards.clear()
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
