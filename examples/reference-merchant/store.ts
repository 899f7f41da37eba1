/**
 * The merchant's in-memory database: orders, buyers' saved cards and the notifications already
 * applied. It holds tokens and masked card numbers only; a PAN or a CVV never gets here (the
 * checkout input is passed to the provider and dropped).
 */
import type { OrderStatus } from './provider-adapter.ts'

export interface OrderRecord {
  readonly provider: string
  readonly orderId: string
  readonly buyerRef: string
  readonly merchantReference: string
  /** What the buyer was asked to pay, as the driver gave it (minor units). */
  readonly amount?: { readonly currency: string; readonly value: string }
  status: OrderStatus
  providerReference?: string
  buyerActionUrl?: string
  reason?: string
  /** Provider payment ids that succeeded: one per charge, so a double charge shows as two. */
  readonly capturedPaymentIds: Set<string>
}

export interface SavedCardRecord {
  readonly id: string
  readonly provider: string
  readonly buyerRef: string
  readonly token: string
  readonly masked: string
  readonly brand?: string
  readonly expiryMonth?: string
  readonly expiryYear?: string
}

const key = (...parts: string[]): string => parts.join('\u0000')

export class MerchantStore {
  readonly #orders = new Map<string, OrderRecord>()
  readonly #cards: SavedCardRecord[] = []
  readonly #processedNotifications = new Set<string>()
  #nextCardId = 1

  order(provider: string, orderId: string): OrderRecord | undefined {
    return this.#orders.get(key(provider, orderId))
  }

  /** Creates the order before the provider call, so a notification that overtakes the answer finds it. */
  openOrder(provider: string, orderId: string, buyerRef: string, merchantReference: string, amount?: { readonly currency: string; readonly value: string }): OrderRecord {
    const existing = this.order(provider, orderId)
    if (existing) return existing
    const order: OrderRecord = { provider, orderId, buyerRef, merchantReference, ...(amount ? { amount } : {}), status: 'created', capturedPaymentIds: new Set() }
    this.#orders.set(key(provider, orderId), order)
    return order
  }

  orderByReference(provider: string, merchantReference: string): OrderRecord | undefined {
    for (const order of this.#orders.values()) if (order.provider === provider && order.merchantReference === merchantReference) return order
    return undefined
  }

  /** A saved card by its id alone, whoever's it is: only the no_card_ownership_check fault looks cards up this way. */
  cardById(provider: string, id: string): SavedCardRecord | undefined {
    return this.#cards.find((c) => c.provider === provider && c.id === id)
  }

  cards(provider: string, buyerRef: string): SavedCardRecord[] {
    return this.#cards.filter((c) => c.provider === provider && c.buyerRef === buyerRef)
  }

  /** Saves a card for a buyer; the same token saved again (a re-used card) stays one entry. */
  saveCard(card: Omit<SavedCardRecord, 'id'>, options: { readonly evenIfKnown?: boolean } = {}): SavedCardRecord {
    const existing = this.#cards.find((c) => c.provider === card.provider && c.buyerRef === card.buyerRef && c.token === card.token)
    if (existing && options.evenIfKnown !== true) return existing
    const saved = { ...card, id: `card_${String(this.#nextCardId++).padStart(4, '0')}` }
    this.#cards.push(saved)
    return saved
  }

  wasProcessed(provider: string, notificationKey: string): boolean {
    return this.#processedNotifications.has(key(provider, notificationKey))
  }

  markProcessed(provider: string, notificationKey: string): void {
    this.#processedNotifications.add(key(provider, notificationKey))
  }

  clear(): void {
    this.#orders.clear()
    this.#cards.length = 0
    this.#processedNotifications.clear()
    this.#nextCardId = 1
  }

  /** Everything the store holds, as plain data (for inspection: tests check no PAN is in here). */
  toJSON(): unknown {
    return {
      orders: [...this.#orders.values()].map((o) => ({ ...o, capturedPaymentIds: [...o.capturedPaymentIds] })),
      cards: this.#cards,
      processedNotifications: [...this.#processedNotifications],
    }
  }
}
