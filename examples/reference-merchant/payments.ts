/**
 * Applies what providers say to the store, the same way for every provider: forward-only status
 * changes, captures counted by distinct provider payment, and saved cards only from verified
 * notifications.
 */
import { NOT_PROCESSED, type NotifiedUpdate, type OrderStatus, type PaymentUpdate, type SavedCardDetails } from './provider-adapter.ts'
import type { Faults } from './faults.ts'
import type { MerchantStore, OrderRecord } from './store.ts'

/**
 * How far along a status is. Notifications arrive late, twice or in the wrong order, and answers
 * race notifications, so a status only ever moves forward: a late PAYMENT_PENDING after the
 * result, or a slow synchronous answer after the notification, changes nothing. paid and failed
 * are final.
 */
const PROGRESS: Record<OrderStatus, number> = { created: 0, action_required: 1, pending: 2, paid: 3, failed: 3 }

function advance(order: OrderRecord, given: PaymentUpdate, faults: Faults): void {
  // The faults: "not paid yet" read as "not paid", or as "paid".
  const update: PaymentUpdate =
    faults.has('pending_as_failed') && given.status === 'pending'
      ? { ...given, status: 'failed', reason: 'PENDING' }
      : faults.has('pending_as_paid') && given.status === 'pending'
        ? { ...given, status: 'paid' }
        : given
  const forward = PROGRESS[update.status] > PROGRESS[order.status] || (update.status === order.status && PROGRESS[order.status] < 3)
  const lostRequestSucceeded = order.status === 'failed' && order.reason === NOT_PROCESSED && update.status === 'paid'
  if (forward || lostRequestSucceeded) {
    order.status = update.status
    if (update.buyerActionUrl !== undefined) order.buyerActionUrl = update.buyerActionUrl
    if (update.reason !== undefined || lostRequestSucceeded) order.reason = update.reason
  }
  if (update.providerReference !== undefined && order.providerReference === undefined) order.providerReference = update.providerReference
  // Every distinct successful payment is a charge, even one that arrives after the order is final:
  // hiding it would hide a double charge.
  if (update.status === 'paid' && update.providerReference !== undefined) order.capturedPaymentIds.add(update.providerReference)
}

/**
 * A synchronous answer (or inquiry) from the provider. Saves a card only where the adapter
 * confirmed it from the provider's own record (providers that send no notifications).
 */
export function applyAnswer(store: MerchantStore, provider: string, update: PaymentUpdate, faults: Faults): OrderRecord | undefined {
  const order = store.orderByReference(provider, update.merchantReference)
  if (!order) return undefined
  advance(order, update, faults)
  if (update.status === 'paid' && update.confirmedCard) saveCard(store, provider, order.buyerRef, update.confirmedCard)
  // The fault: a token in the synchronous answer taken as saved, before the provider confirmed anything.
  if (faults.has('token_from_sync_answer') && update.answerCard) saveCard(store, provider, order.buyerRef, update.answerCard)
  return order
}

/** A verified, not yet applied notification: the one place a card gets saved, for the order's buyer. */
export function applyNotification(store: MerchantStore, provider: string, update: NotifiedUpdate, faults: Faults, again = false): OrderRecord | undefined {
  const order = store.orderByReference(provider, update.merchantReference)
  if (!order) return undefined
  // Genuine, but for another amount than the buyer was asked to pay: not this order's payment.
  if (update.amount && order.amount && !sameAmount(update.amount, order.amount) && !faults.has('accept_foreign_notifications')) return order
  advance(order, update, faults)
  // Applied a second time (the apply_duplicates fault), a merchant without dedupe books what it reads again.
  if (again && update.status === 'paid') order.capturedPaymentIds.add(`${update.providerReference ?? update.merchantReference}#${order.capturedPaymentIds.size}`)
  if (update.savedCard && update.status === 'paid') saveCard(store, provider, order.buyerRef, update.savedCard, again)
  return order
}

const sameAmount = (a: { currency: string; value: string }, b: { currency: string; value: string }): boolean => a.currency === b.currency && BigInt(a.value) === BigInt(b.value)

function saveCard(store: MerchantStore, provider: string, buyerRef: string, card: SavedCardDetails, again = false): void {
  store.saveCard({
    provider,
    buyerRef,
    token: card.token,
    masked: maskCardNumber(card.masked),
    ...(card.brand !== undefined ? { brand: card.brand } : {}),
    ...(card.expiryMonth !== undefined ? { expiryMonth: card.expiryMonth } : {}),
    ...(card.expiryYear !== undefined ? { expiryYear: card.expiryYear } : {}),
  }, { evenIfKnown: again })
}

/**
 * Providers send masked numbers already; this is the belt to their braces. Any run of 11 or more
 * digits keeps at most its first 6 and last 4, so a full PAN cannot reach the store.
 */
export function maskCardNumber(value: string): string {
  return value.replace(/\d{11,19}/g, (digits) => `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`)
}

/** The status the driver protocol shows: before the provider answered, the payment is pending. */
export function visibleStatus(status: OrderStatus): Exclude<OrderStatus, 'created'> {
  return status === 'created' ? 'pending' : status
}
