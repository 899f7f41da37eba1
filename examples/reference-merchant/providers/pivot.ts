/**
 * Pivot Payment, integrated the way Pivot documents it ("Pay and Save Card"; docs/pivot.md):
 * - REDIRECT mode: a Payment Session with `saveForFuture`, the buyer pays (and ticks "Save for
 *   future use") on Pivot's payment page; reuse with `showSavedPayment` and `customer.id`, the
 *   buyer picks the saved card and types its CVC on the page;
 * - API mode: a Payment Session whose `encryptionKey` encrypts the card (RSA-OAEP), then
 *   `confirm` and the buyer's 3DS page; reuse with the stored token and the CVC the buyer typed
 *   again, after reading the customer's stored payment methods;
 * - the outcome comes from the `X-API-Key` callback; `GET /v2/payments/{id}` settles doubts;
 * - a card is saved when a verified PAYMENT.PAID callback of a session with saving enabled is
 *   confirmed by `GET /v1/customers/{id}`: the card is among the customer's stored payment methods
 *   (the callback echoes the merchant's `saveForFuture`, not the buyer's tick on the page).
 *
 * Cards are stored by Pivot under a customer. The merchant keeps, per saved card, the customer id
 * and the card's fingerprint (plus the masked number) and looks the token up with
 * `GET /v1/customers/{id}` when the buyer pays with it again, as Pivot's API-mode reuse describes.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { FlowId as Flow } from '../../../contracts/core/types.ts'
import type { Money } from '../../../suites/driver.ts'
import {
  NOT_PROCESSED,
  type CheckoutResult,
  type ConnectionSettings,
  type HttpReply,
  type InboundNotification,
  type NotificationVerdict,
  type PaymentRequest,
  type PaymentUpdate,
  type ProviderAdapter,
  type ProviderConnection,
  type SavedCardDetails,
  type AdapterOptions,
  callTimeoutMs,
  DEFAULT_RETRY,
} from '../provider-adapter.ts'
import { withRetries, type RetryPolicy } from '../retry.ts'
import { encryptCard } from './pivot-card-encryption.ts'
import { createPivotClient, type PivotCall, type PivotCallOutcome } from './pivot-client.ts'

const PAYMENTS = '/v2/payments'
const sessionPath = (id: string): string => `${PAYMENTS}/${encodeURIComponent(id)}`
const customerPath = (id: string): string => `/v1/customers/${encodeURIComponent(id)}`

const FLOWS = ['hosted_ask_consent', 'server_to_server_enabled', 'token_reuse_pay', 'token_reuse_session'] as const satisfies readonly Flow[]
type PivotFlow = (typeof FLOWS)[number]
const TOKEN_REUSE_FLOWS: ReadonlySet<Flow> = new Set<Flow>(['token_reuse_pay', 'token_reuse_session'])

/** Pivot counts any 2xx as received; anything else (5xx, 408, 429) makes it send the callback again. */
const ACK: HttpReply = { status: 200, contentType: 'application/json', body: JSON.stringify({ received: true }) }
/** The `wrong_ack` fault: an answer Pivot retries, although the callback was applied. */
const WRONG_ACK: HttpReply = { status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'try again' }) }
// Not acknowledged. Pivot retries only 5xx, 408 and 429, so a refused callback is not sent again:
// right for a forged one; a genuine one refused by a wrong key waits for a resend from the Dashboard.
const REJECT_KEY: HttpReply = { status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'X-API-Key missing or wrong' }) }
const REJECT_BODY: HttpReply = { status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'unreadable callback' }) }
/** A genuine callback we cannot apply yet (Pivot's record unreadable): 503, which Pivot retries. */
const UNAVAILABLE: HttpReply = { status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'try again later' }) }

// The few fields the merchant reads. Loose: Pivot adds fields over time.
const ChargeCard = z.looseObject({
  first6: z.string(),
  last4: z.string(),
  expMonth: z.string().optional(),
  expYear: z.string().optional(),
  fingerprint: z.string().optional(),
  binInformations: z.looseObject({ brand: z.string().optional() }).optional(),
})
const Charge = z.looseObject({ id: z.string(), status: z.string(), failureCode: z.string().optional(), card: ChargeCard.optional() })
const Session = z.looseObject({
  id: z.string().min(1),
  clientReferenceId: z.string(),
  status: z.string(),
  saveForFutureUse: z.boolean().optional(),
  customerId: z.string().optional(),
  encryptionKey: z.string().optional(),
  paymentUrl: z.url().optional(),
  nextAction: z.looseObject({ type: z.string(), url: z.url() }).optional(),
  chargeDetails: z.array(Charge).default([]),
  amount: z.looseObject({ value: z.number().int(), currency: z.string() }).optional(),
})
type Session = z.infer<typeof Session>
const Customer = z.looseObject({
  id: z.string(),
  storedPaymentMethods: z.array(z.looseObject({ token: z.string(), status: z.string(), card: z.looseObject({ fingerprint: z.string() }).optional() })).default([]),
})
const Callback = z.looseObject({ event: z.string(), data: z.unknown() })

export type PivotAdapterOptions = AdapterOptions

export function pivotAdapter(options: PivotAdapterOptions = {}): ProviderAdapter {
  const retry = options.retry ?? DEFAULT_RETRY
  return {
    id: 'pivot',
    flows: FLOWS,
    credentialNames: ['merchantId', 'merchantSecret', 'callbackApiKey'],
    connect(settings) {
      const { merchantId = '', merchantSecret = '', callbackApiKey = '' } = settings.credentials
      const call = createPivotClient({ baseUrl: settings.baseUrl, merchantId, merchantSecret, timeoutMs: callTimeoutMs(settings.faults, options.timeoutMs ?? 10_000), log: settings.log })
      return new PivotConnection(settings, call, retry, callbackApiKey)
    },
  }
}

type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly result: CheckoutResult }

class PivotConnection implements ProviderConnection {
  constructor(
    private readonly settings: ConnectionSettings,
    private readonly call: PivotCall,
    private readonly retry: RetryPolicy,
    private readonly callbackApiKey: string,
  ) {}

  async checkout(request: PaymentRequest): Promise<CheckoutResult> {
    if (!(FLOWS as readonly Flow[]).includes(request.flow)) return { ok: false, code: 'unsupported_flow', message: `pivot does not offer ${request.flow} here` }
    const flow = request.flow as PivotFlow
    if (TOKEN_REUSE_FLOWS.has(flow) !== (request.card.kind === 'saved')) {
      return { ok: false, code: 'card_choice_mismatch', message: `${flow} takes ${TOKEN_REUSE_FLOWS.has(flow) ? 'a saved card' : 'a new card'}` }
    }
    const amount = pivotAmount(request.amount)
    if (!amount) return { ok: false, code: 'unsupported_amount', message: 'Pivot takes whole Indonesian rupiah (currency IDR, a positive integer)' }
    const common = this.common(request, amount)
    switch (flow) {
      case 'hosted_ask_consent': {
        if (request.card.kind !== 'new') throw new Error('unreachable: checked above')
        // Pivot's page asks the buyer: saveForFuture puts the "Save for future use" box on it, and
        // the buyer's tick there is the consent. The callback echoes our saveForFuture, not the
        // tick, so a PAID callback alone does not say the card was stored: receiveNotification
        // reads the customer's stored payment methods to find out (Retrieve Customer).
        return this.hosted(request, { ...common, saveForFuture: true, customer: { email: customerEmail(request.buyerRef) } })
      }
      case 'token_reuse_session': {
        const stored = await this.storedToken(request)
        if (!stored.ok) return stored.result
        // The buyer picks the saved card and types its CVC on Pivot's page: the merchant sends neither.
        return this.hosted(request, { ...common, showSavedPayment: true, customer: { id: stored.value.customerId } })
      }
      case 'server_to_server_enabled':
        return this.serverToServer(request, common)
      case 'token_reuse_pay':
        return this.payWithToken(request, common)
    }
  }

  async receiveNotification(notification: InboundNotification): Promise<NotificationVerdict> {
    const { faults, log } = this.settings
    // Pivot's callbacks carry no signature: the Callback API Key in X-API-Key is the proof.
    // The signature_only_when_present fault trusts a callback that carries no key at all.
    const unsigned = notification.headers.get('x-api-key') === null && faults.has('signature_only_when_present')
    if (!faults.has('skip_signature_check') && !unsigned && !sameSecret(notification.headers.get('x-api-key'), this.callbackApiKey)) {
      log('pivot callback rejected: X-API-Key missing or wrong')
      return { accepted: false, reply: REJECT_KEY, reason: 'wrong X-API-Key' }
    }
    const callback = parseJson(notification.body, Callback)
    if (!callback) return { accepted: false, reply: REJECT_BODY, reason: 'not a callback' }
    const reply = faults.has('wrong_ack') ? WRONG_ACK : ACK
    // The Dashboard's "send test callback": nothing to apply.
    if (callback.event === 'PAYMENT.TEST') return { accepted: true, dedupeKey: `test:${createHash('sha256').update(notification.body).digest('hex')}`, reply }
    const session = Session.safeParse(callback.data)
    if (!session.success) return { accepted: false, reply: REJECT_BODY, reason: `${callback.event} without a payment session` }
    const s = session.data
    const update = { ...sessionUpdate(s.clientReferenceId, s), ...(s.amount ? { amount: { currency: s.amount.currency, value: String(s.amount.value) } } : {}) }
    const dedupeKey = `${s.id}:${callback.event}`
    log(`pivot callback ${callback.event} ${s.status}${update.reason !== undefined ? ` (${update.reason})` : ''} for ${s.clientReferenceId}`)
    const candidate = update.status === 'paid' ? sessionCard(s, 'SUCCESS') : undefined
    if (!candidate) return { accepted: true, dedupeKey, update, reply }
    // Saving was enabled and the charge succeeded; whether the card was stored is the buyer's
    // choice on the page (or Pivot's), which the callback does not carry: Pivot's own record says.
    const stored = await this.storedCardOf(candidate.customerId, candidate.fingerprint)
    if (stored === 'unknown') {
      // Not applied and answered 503: Pivot sends the callback again (+5 min), and we read again.
      log(`pivot callback ${callback.event} for ${s.clientReferenceId}: the customer's stored cards could not be read; asking Pivot to resend`)
      return { accepted: false, reply: UNAVAILABLE, reason: 'stored payment methods unreadable' }
    }
    if (!stored) log(`pivot callback ${callback.event} for ${s.clientReferenceId}: paid, and the card was not stored (the buyer did not tick the box)`)
    return { accepted: true, dedupeKey, update: stored ? { ...update, savedCard: candidate.details } : update, reply }
  }

  /** Whether Pivot stores a card with this fingerprint, active, under the customer (Retrieve Customer). */
  private async storedCardOf(customerId: string, fingerprint: string): Promise<boolean | 'unknown'> {
    const { outcome } = await this.send(() => this.call('GET', customerPath(customerId)))
    // A customer Pivot does not know has no stored card.
    if (outcome.kind === 'refused') return false
    const customer = outcome.kind === 'answer' ? Customer.safeParse(outcome.data) : undefined
    if (!customer?.success) return 'unknown'
    return customer.data.storedPaymentMethods.some((m) => m.status === 'ACTIVE' && m.card?.fingerprint === fingerprint)
  }

  /** The fields every Payment Session carries. No timestamps: a retry must send the same body. */
  private common(request: PaymentRequest, amount: PivotAmount) {
    const back = (outcome: string) => `${this.settings.returnUrl}?orderId=${encodeURIComponent(request.orderId)}&outcome=${outcome}`
    return {
      amount,
      paymentType: 'SINGLE',
      redirectUrl: { successReturnUrl: back('success'), failureReturnUrl: back('failure'), expirationReturnUrl: back('expired') },
      orderInformation: { productDetails: [{ name: `Order ${request.orderId}`, quantity: 1, price: amount.value }] },
    }
  }

  private async hosted(request: PaymentRequest, body: object): Promise<CheckoutResult> {
    // No card data: the buyer types it on Pivot's payment page.
    const created = await this.createSession(request, { ...body, mode: 'REDIRECT', autoConfirm: true, paymentMethod: { type: 'CARD' } })
    return created.ok ? { ok: true, update: syncUpdate(request.merchantReference, created.value) } : created.result
  }

  private async serverToServer(request: PaymentRequest, common: ReturnType<PivotConnection['common']>): Promise<CheckoutResult> {
    if (request.card.kind !== 'new') throw new Error('unreachable: checked by checkout')
    const { card, save } = request.card
    const cvv = card.cvv
    if (cvv === undefined) return { ok: false, code: 'cvc_required', message: 'Pivot needs the CVC of a new card' }
    const ref = request.merchantReference
    // saveForFuture only when the buyer asked to save: there is no Pivot page on this path to ask them.
    const created = await this.createSession(request, { ...common, mode: 'API', autoConfirm: false, paymentMethod: { type: 'CARD' }, saveForFuture: save, customer: { email: customerEmail(request.buyerRef) } })
    if (!created.ok) return created.result
    const session = created.value
    let encryptedCard: string
    try {
      // Encrypted once: a retried confirm sends the very same ciphertext.
      encryptedCard = encryptCard(session.encryptionKey ?? '', { ...card, cvv })
    } catch (error) {
      this.settings.log(`pivot session ${session.id}: unusable encryptionKey (${error instanceof Error ? error.message : String(error)})`)
      return { ok: true, update: { merchantReference: ref, status: 'failed', providerReference: session.id, reason: 'unusable encryptionKey' } }
    }
    return { ok: true, update: await this.confirm(ref, session.id, { paymentMethod: { type: 'CARD', card: { encryptedCard } }, saveForFuture: save }) }
  }

  /** API mode with the stored token: one session with autoConfirm, then the buyer's 3DS page. */
  private async payWithToken(request: PaymentRequest, common: ReturnType<PivotConnection['common']>): Promise<CheckoutResult> {
    const stored = await this.storedToken(request)
    if (!stored.ok) return stored.result
    // Pivot asks for the CVC on every reuse: the buyer typed it again; it goes to Pivot and nowhere else.
    const cvc = request.card.kind === 'saved' ? request.card.cvv : undefined
    const created = await this.createSession(request, {
      ...common,
      mode: 'API',
      autoConfirm: true,
      customer: { id: stored.value.customerId },
      paymentMethod: { type: 'CARD', card: { token: stored.value.token, ...(cvc !== undefined ? { cvc } : {}) } },
    })
    return created.ok ? { ok: true, update: syncUpdate(request.merchantReference, created.value) } : created.result
  }

  /** Confirm has no idempotency key: after an unanswered attempt, the session's status says what happened. */
  private async confirm(ref: string, sessionId: string, body: object): Promise<PaymentUpdate> {
    const { outcome, hadDoubt } = await this.send(() => this.call('POST', `${sessionPath(sessionId)}/confirm`, body))
    if (outcome.kind === 'answer') {
      const session = Session.safeParse(outcome.data)
      if (session.success) return syncUpdate(ref, session.data)
    } else if (outcome.kind === 'refused' && !hadDoubt) {
      return { merchantReference: ref, status: 'failed', providerReference: sessionId, reason: outcome.code }
    }
    // An attempt went unanswered (a retry then finds the session already confirmed: 403), or the
    // answer was unreadable: Pivot may have taken the card. Read the session rather than guess.
    return this.settle(ref, sessionId)
  }

  private async settle(ref: string, sessionId: string): Promise<PaymentUpdate> {
    if (this.settings.faults.has('never_inquire')) return { merchantReference: ref, status: 'failed', reason: 'no answer from Pivot' }
    const { outcome } = await this.send(() => this.call('GET', sessionPath(sessionId)))
    const session = outcome.kind === 'answer' ? Session.safeParse(outcome.data) : undefined
    // Still unknown: pending, not failed. The callback will say.
    if (!session?.success) return { merchantReference: ref, status: 'pending', providerReference: sessionId, reason: 'status unknown' }
    // The confirm never reached Pivot; the session will expire without the buyer seeing a 3DS page.
    if (session.data.status === 'REQUIRE_PAYMENT_METHOD') return { merchantReference: ref, status: 'failed', providerReference: sessionId, reason: NOT_PROCESSED }
    return sessionUpdate(ref, session.data)
  }

  /**
   * Creates the Payment Session. Pivot dedupes on `clientReferenceId` (a reuse is refused) and
   * replays its first answer to the same `Idempotency-Key` and body, so a retry after a lost answer
   * gets the session that was made. Both are our merchant reference (the order id).
   */
  private async createSession(request: PaymentRequest, body: object): Promise<Step<Session>> {
    const ref = request.merchantReference
    const { outcome } = await this.send((n) => {
      const key = this.attemptReference(ref, n)
      return this.call('POST', PAYMENTS, { ...body, clientReferenceId: key }, { idempotencyKey: key, freshToken: n === 1 })
    })
    if (outcome.kind === 'answer') {
      const session = Session.safeParse(outcome.data)
      if (session.success) return { ok: true, value: session.data }
    }
    if (outcome.kind === 'refused' && outcome.httpStatus === 409) {
      // This order already has a Payment Session with other details: not a payment failure.
      return { ok: false, result: { ok: false, code: 'order_conflict', message: `Pivot refused a second, different payment session for this order (${outcome.code})` } }
    }
    const reason = outcome.kind === 'refused' ? outcome.code : outcome.kind === 'unknown' ? NOT_PROCESSED : 'unreadable payment session'
    // Unanswered even after the retries: Pivot has no look-up by clientReferenceId, but the buyer
    // never got a payment page or 3DS link, so nothing can be charged; the session, if any, expires.
    // (Should a charge happen after all, its PAYMENT.PAID callback still books it: see payments.ts.)
    return { ok: false, result: { ok: true, update: { merchantReference: ref, status: 'failed', reason } } }
  }

  /** The buyer's saved card: the customer and the token Pivot stores for that card today. */
  private async storedToken(request: PaymentRequest): Promise<Step<{ customerId: string; token: string }>> {
    const saved = request.card.kind === 'saved' ? parseCardReference(request.card.token) : undefined
    if (!saved) return { ok: false, result: { ok: false, code: 'unknown_saved_card', message: 'not a Pivot saved card' } }
    const { outcome } = await this.send(() => this.call('GET', customerPath(saved.customerId)))
    if (outcome.kind === 'refused') return { ok: false, result: { ok: false, code: 'saved_card_unavailable', message: `Pivot does not know the buyer's customer (${outcome.code})` } }
    const customer = outcome.kind === 'answer' ? Customer.safeParse(outcome.data) : undefined
    // Nothing was sent to pay yet: the checkout failed and nothing was charged.
    if (!customer?.success) return { ok: false, result: { ok: true, update: { merchantReference: request.merchantReference, status: 'failed', reason: NOT_PROCESSED } } }
    const method = customer.data.storedPaymentMethods.find((m) => m.status === 'ACTIVE' && m.card?.fingerprint === saved.fingerprint)
    if (!method) return { ok: false, result: { ok: false, code: 'saved_card_unavailable', message: 'Pivot no longer holds this card for the buyer' } }
    return { ok: true, value: { customerId: saved.customerId, token: method.token } }
  }

  /** Our reference for attempt `n`: always the same one (the `new_key_on_retry` fault makes a new one per retry). */
  private attemptReference(ref: string, n: number): string {
    return n > 1 && this.settings.faults.has('new_key_on_retry') ? `${ref}-retry${n}` : ref
  }

  /** Sends while Pivot's answer is "unknown, try again"; notes whether any attempt went unanswered. */
  private async send(attempt: (n: number) => Promise<PivotCallOutcome>): Promise<{ outcome: PivotCallOutcome; hadDoubt: boolean }> {
    const { faults } = this.settings
    let hadDoubt = false
    const policy = faults.has('never_inquire') ? { ...this.retry, attempts: 1 } : this.retry
    const outcome = await withRetries(
      policy,
      async (n) => {
        const result = await attempt(n)
        if (result.kind === 'unknown') hadDoubt = true
        return result
      },
      // A refusal (4xx: validation, wrong status, conflict) means Pivot did nothing, and the same
      // request would be refused again; only the `retry_non_retryable` fault resends it.
      (result) => (result.kind === 'unknown' ? result.retryable : result.kind === 'refused' && faults.has('retry_non_retryable')),
    )
    return { outcome, hadDoubt }
  }
}

type PivotAmount = { readonly value: number; readonly currency: 'IDR' }

/**
 * Pivot takes whole rupiah as an integer. The driver's amount is in minor units, and rupiah have
 * none in practice (Pivot's samples, Adyen's currency table), so the value passes unchanged.
 */
function pivotAmount(money: Money): PivotAmount | undefined {
  const value = Number(money.value)
  return money.currency === 'IDR' && Number.isSafeInteger(value) && value > 0 ? { value, currency: 'IDR' } : undefined
}

/**
 * Pivot keys a new customer by e-mail. The merchant gives no personal data to a provider: the
 * address is built from the pseudonymous buyer reference, on a reserved domain that can never
 * receive mail (RFC 2606). The same buyer always gets the same address, hence the same customer.
 * A reference that is already an e-mail address (the `pii_buyer_ref` fault) goes as it is: that
 * is the mistake of a merchant keying its buyers by their address.
 */
export function customerEmail(buyerRef: string): string {
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(buyerRef)) return buyerRef
  const local = /^[A-Za-z0-9_+-]{1,64}$/.test(buyerRef) ? buyerRef : `ref-${createHash('sha256').update(buyerRef).digest('hex').slice(0, 32)}`
  return `${local}@buyers.reference-merchant.invalid`
}

/** A saved card as the merchant keeps it: Pivot's customer and the card's fingerprint, never its token or number. */
const cardReference = (customerId: string, fingerprint: string): string => `${customerId}:${fingerprint}`

function parseCardReference(token: string): { customerId: string; fingerprint: string } | undefined {
  const at = token.indexOf(':')
  return at > 0 && at < token.length - 1 ? { customerId: token.slice(0, at), fingerprint: token.slice(at + 1) } : undefined
}

/** The session's status in the merchant's terms. Only PAID is paid; PROCESSING and the like are pending. */
function sessionUpdate(ref: string, s: Session): PaymentUpdate {
  const base = { merchantReference: ref, providerReference: s.id }
  const charge = s.chargeDetails.at(-1)
  switch (s.status) {
    case 'PAID':
      return { ...base, status: 'paid' }
    case 'FAILED':
      return { ...base, status: 'failed', reason: charge?.failureCode ?? 'FAILED' }
    case 'EXPIRED':
    case 'CANCELLED':
      return { ...base, status: 'failed', reason: s.status }
    case 'REQUIRE_PAYMENT_METHOD':
      return s.paymentUrl !== undefined ? { ...base, status: 'action_required', buyerActionUrl: s.paymentUrl } : { ...base, status: 'pending' }
    case 'REQUIRE_ACTION':
      return s.nextAction !== undefined ? { ...base, status: 'action_required', buyerActionUrl: s.nextAction.url } : { ...base, status: 'pending' }
    default:
      return { ...base, status: 'pending' }
  }
}

/** The card the session would save: Pivot's customer, the card's fingerprint and what the merchant keeps of it. */
function sessionCard(s: Session, chargeStatus?: string): { customerId: string; fingerprint: string; details: SavedCardDetails } | undefined {
  const charge = s.chargeDetails.findLast((c) => chargeStatus === undefined || c.status === chargeStatus)
  const card = charge?.card
  if (!s.saveForFutureUse || s.customerId === undefined || !card?.fingerprint) return undefined
  return {
    customerId: s.customerId,
    fingerprint: card.fingerprint,
    details: {
      token: cardReference(s.customerId, card.fingerprint),
      masked: `${card.first6}******${card.last4}`,
      ...(card.binInformations?.brand !== undefined ? { brand: card.binInformations.brand } : {}),
      ...(card.expMonth !== undefined ? { expiryMonth: card.expMonth } : {}),
      ...(card.expYear !== undefined ? { expiryYear: card.expYear.slice(-2) } : {}),
    },
  }
}

/**
 * A synchronous answer. It may name the card a save would keep (answerCard), but the charge has
 * not succeeded yet, so the reference never saves it.
 */
function syncUpdate(ref: string, s: Session): PaymentUpdate {
  const answerCard = sessionCard(s)?.details
  return { ...sessionUpdate(ref, s), ...(answerCard ? { answerCard } : {}) }
}

/** Compares secrets in constant time (digests first, so lengths do not leak either). */
function sameSecret(given: string | null, expected: string): boolean {
  if (given === null || expected === '') return false
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest())
}

function parseJson<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
