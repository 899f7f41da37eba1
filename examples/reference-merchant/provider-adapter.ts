/**
 * The seam between the merchant's own logic (orders, saved cards, notifications, the driver
 * protocol) and one payment provider. An adapter speaks its provider's wire protocol and turns
 * what the provider says into provider-neutral updates; it never touches the store. Adding Adyen,
 * AppotaPay or Pivot is one new adapter registered in server.ts, nothing else.
 */
import type { FlowId as Flow } from '../../contracts/core/types.ts'
import type { Money, TestCardInput } from '../../suites/driver.ts'
import type { Faults } from './faults.ts'
import type { RetryPolicy } from './retry.ts'

/** The merchant's view of an order. `created` means we have not heard from the provider yet. */
export type OrderStatus = 'created' | 'action_required' | 'pending' | 'paid' | 'failed'

/**
 * The reason of a `failed` the merchant inferred itself: after an unanswered request, the provider
 * had no record of the payment, so nothing was charged. Unlike a provider's decline, a later
 * success from the provider supersedes it (the lost request was processed after all).
 */
export const NOT_PROCESSED = 'NOT_PROCESSED'

/** What the provider told us about one payment, in the merchant's terms. */
export interface PaymentUpdate {
  /** Our reference for the payment (the idempotency key we sent), which finds the order. */
  readonly merchantReference: string
  readonly status: Exclude<OrderStatus, 'created'>
  /** The provider's id of the payment; a `paid` update with a new one is a new capture. */
  readonly providerReference?: string
  readonly buyerActionUrl?: string
  /** The provider's reason when the payment failed (a result code, for the logs). */
  readonly reason?: string
  /**
   * A token the synchronous answer mentioned. The reference never saves it (only a verified
   * notification may); the `token_from_sync_answer` fault does.
   */
  readonly answerCard?: SavedCardDetails
  /**
   * For providers that send no notifications: a card the adapter confirmed saved by a verified
   * read of the provider's own record of this successful payment. Saved like a notified card.
   */
  readonly confirmedCard?: SavedCardDetails
}

/** A card the provider saved, as the merchant may keep it: a token and a masked number, nothing else. */
export interface SavedCardDetails {
  readonly token: string
  readonly masked: string
  readonly brand?: string
  readonly expiryMonth?: string
  readonly expiryYear?: string
}

/**
 * An update from a verified notification. Only these may carry a saved card: a synchronous answer
 * is not the provider's final word on tokenization, and the type keeps it from trying.
 */
export interface NotifiedUpdate extends PaymentUpdate {
  readonly savedCard?: SavedCardDetails
  /**
   * The amount the notification is about, where it names one: a notification for another amount
   * than the order's is genuine but not this order's, and is not applied.
   */
  readonly amount?: { readonly currency: string; readonly value: string }
}

/** The card the buyer pays with, as the adapter gets it: a new card (never stored) or a saved token. */
export type PaymentCard =
  | { readonly kind: 'new'; readonly card: TestCardInput; readonly save: boolean }
  /** `cvv` only where the buyer typed it again at checkout (providers that require it on reuse). */
  | { readonly kind: 'saved'; readonly token: string; readonly cvv?: string }

export interface PaymentRequest {
  readonly flow: Flow
  readonly orderId: string
  readonly merchantReference: string
  /** The merchant's buyer reference: a pseudonymous id, never PII. */
  readonly buyerRef: string
  readonly amount: Money
  readonly card: PaymentCard
}

export type CheckoutResult = { readonly ok: true; readonly update: PaymentUpdate } | { readonly ok: false; readonly code: string; readonly message: string }

export interface InboundNotification {
  /** The request path with its query string, exactly as received (providers sign it). */
  readonly path: string
  readonly headers: Headers
  /** The raw body: signatures cover the exact bytes. */
  readonly body: string
}

export interface HttpReply {
  readonly status: number
  readonly contentType: string
  readonly body: string
}

/**
 * A notification that failed verification is `rejected` (not applied, answered with a non-ack so
 * the provider retries); a verified one carries a key that identifies it for dedupe, and the ack.
 */
export type NotificationVerdict =
  | { readonly accepted: false; readonly reply: HttpReply; readonly reason: string }
  | { readonly accepted: true; readonly dedupeKey: string; readonly update?: NotifiedUpdate; readonly reply: HttpReply }

export interface ConnectionSettings {
  readonly baseUrl: string
  readonly credentials: Readonly<Record<string, string>>
  readonly notificationUrl: string
  /** Where the provider sends the buyer back after a hosted page. */
  readonly returnUrl: string
  readonly log: (line: string) => void
  /** Deliberate mistakes (examples/faulty-merchants); empty for the reference. */
  readonly faults: Faults
  /**
   * When set, a notification whose timestamp (Antom's signed Request-Time, Adyen's eventDate) is
   * further than this from the merchant's own clock is refused as a possible replay.
   */
  readonly notificationWindowMs?: number | undefined
}

/**
 * Whether a provider's timestamp (epoch ms, or an ISO 8601 date) lies within `windowMs` of `now`
 * either way. No window: always fresh. A missing or unreadable stamp is not fresh.
 */
export function withinWindow(stamp: string | null | undefined, windowMs: number | undefined, now = Date.now()): boolean {
  if (windowMs === undefined) return true
  if (!stamp) return false
  const at = /^\d+$/.test(stamp) ? Number(stamp) : Date.parse(stamp)
  return Number.isFinite(at) && Math.abs(now - at) <= windowMs
}

/** A provider configured for a run: checkout and notification handling with its credentials. */
export interface ProviderConnection {
  checkout(request: PaymentRequest): Promise<CheckoutResult>
  /** May be async: some providers' notifications are confirmed by reading the provider's record. */
  receiveNotification(notification: InboundNotification): NotificationVerdict | Promise<NotificationVerdict>
}

/** How an adapter calls its provider; each adapter picks its own default timeout. */
export interface AdapterOptions {
  /** How long one call may take before its outcome counts as unknown. */
  readonly timeoutMs?: number
  /** Retries of calls whose outcome is unknown, always with the same idempotency key. */
  readonly retry?: RetryPolicy
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 200 }

/** The longest a timer runs (about 24.8 days): what the no_timeout fault waits, i.e. for ever. */
const NO_TIMEOUT_MS = 2_147_483_647

/** The call timeout an adapter uses: its own, unless the no_timeout fault waits for ever. */
export const callTimeoutMs = (faults: Faults, timeoutMs: number): number => (faults.has('no_timeout') ? NO_TIMEOUT_MS : timeoutMs)

export interface ProviderAdapter {
  readonly id: string
  /** The flows this adapter implements (advertised in the driver's capabilities). */
  readonly flows: readonly Flow[]
  readonly credentialNames: readonly string[]
  /** Parses the credentials (keys) once; throws when they are unusable. */
  connect(settings: ConnectionSettings): ProviderConnection
}
