/**
 * Adyen, integrated the way Adyen documents it (seed 003 "Create and use tokens with the Sessions
 * flow", docs/adyen.md):
 * - Sessions flow: /sessions with shopperReference, Ecommerce + CardOnFile and a
 *   storePaymentMethodMode; the shopper pays (and ticks "save") in Drop-in on the merchant's page;
 * - server-to-server: /payments with the card, storePaymentMethod only when the buyer asked;
 * - reuse: /payments with storedPaymentMethodId, ContAuth + UnscheduledCardOnFile and no CVC
 *   (merchant-initiated), or /sessions with the token, ContAuth + CardOnFile (shopper present);
 * - the outcome and the token come from HMAC-verified webhooks (AUTHORISATION, RECURRING_CONTRACT),
 *   never from a synchronous answer.
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { FlowId as Flow } from '../../../contracts/core/types.ts'
import type { TestCardInput } from '../../../suites/driver.ts'
import type {
  CheckoutResult,
  ConnectionSettings,
  InboundNotification,
  NotificationVerdict,
  PaymentRequest,
  PaymentUpdate,
  ProviderAdapter,
  ProviderConnection,
  SavedCardDetails,
  AdapterOptions,
} from '../provider-adapter.ts'
import { callTimeoutMs, DEFAULT_RETRY } from '../provider-adapter.ts'
import { withRetries, type RetryPolicy } from '../retry.ts'
import { createAdyenClient, type AdyenCall, type AdyenCallOutcome } from './adyen-client.ts'
import { hmacKeyFrom } from './adyen-hmac.ts'
import { brandOf, receiveAdyenWebhook, type WebhookSettings } from './adyen-webhooks.ts'

const FLOWS = ['session_ask_consent', 'sdk_session', 'server_to_server_enabled', 'zero_amount_save', 'token_reuse_pay', 'token_reuse_session'] as const satisfies readonly Flow[]
type AdyenFlow = (typeof FLOWS)[number]
const TOKEN_REUSE_FLOWS: ReadonlySet<Flow> = new Set<Flow>(['token_reuse_pay', 'token_reuse_session'])

type Operation = '/sessions' | '/payments'

// The few answer fields the merchant reads. Loose: Adyen adds fields over time.
const SessionAnswer = z.looseObject({ id: z.string().min(1), sessionData: z.string().min(1) })
const PaymentAnswer = z.looseObject({
  pspReference: z.string().optional(),
  resultCode: z.string(),
  refusalReason: z.string().optional(),
  paymentMethod: z.looseObject({ brand: z.string().optional() }).optional(),
  action: z.looseObject({ url: z.string().optional() }).optional(),
  additionalData: z.record(z.string(), z.unknown()).optional(),
})
type PaymentAnswer = z.infer<typeof PaymentAnswer>

/** Result codes that are final failures; Pending, Received and the shopper actions are not. */
const FAILED = new Set(['Refused', 'Error', 'Cancelled'])
const SHOPPER_ACTION = new Set(['RedirectShopper', 'ChallengeShopper', 'IdentifyShopper', 'PresentToShopper'])

export type AdyenAdapterOptions = AdapterOptions

export function adyenAdapter(options: AdyenAdapterOptions = {}): ProviderAdapter {
  const retry = options.retry ?? DEFAULT_RETRY
  return {
    id: 'adyen',
    flows: FLOWS,
    // The names the mock prints; webhookUsername/webhookPassword are optional (basic auth on webhooks).
    credentialNames: ['apiKey', 'merchantAccount', 'hmacKey'],
    connect(settings) {
      const { apiKey = '', merchantAccount = '', hmacKey = '', webhookUsername, webhookPassword } = settings.credentials
      const webhooks: WebhookSettings = {
        merchantAccount,
        hmacKey: hmacKeyFrom(hmacKey),
        ...(webhookUsername && webhookPassword ? { basicAuth: { username: webhookUsername, password: webhookPassword } } : {}),
        faults: settings.faults,
        log: settings.log,
        notificationWindowMs: settings.notificationWindowMs,
      }
      const call = createAdyenClient({ baseUrl: settings.baseUrl, apiKey, timeoutMs: callTimeoutMs(settings.faults, options.timeoutMs ?? 4_000), log: settings.log })
      return new AdyenConnection(settings, merchantAccount, call, retry, webhooks)
    },
  }
}

/** Minor units as Adyen's JSON integer. */
function minorUnits(value: string): number | undefined {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : undefined
}

/** The masked form of a card the buyer typed: first 6 and last 4 only (for `answerCard`). */
const maskedOf = (card: TestCardInput): string => `${card.number.slice(0, 6)}${'*'.repeat(card.number.length - 10)}${card.number.slice(-4)}`

class AdyenConnection implements ProviderConnection {
  /**
   * The cvv_on_reuse fault's mistake: the CVC the buyer typed, kept by buyer reference after the
   * payment (PCI DSS 3.3.1.2 forbids it) and sent again with a merchant-initiated reuse. Empty otherwise.
   */
  private readonly keptCvc = new Map<string, string>()

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly merchantAccount: string,
    private readonly call: AdyenCall,
    private readonly retry: RetryPolicy,
    private readonly webhooks: WebhookSettings,
  ) {}

  private get faults() {
    return this.settings.faults
  }

  async checkout(request: PaymentRequest): Promise<CheckoutResult> {
    if (!(FLOWS as readonly Flow[]).includes(request.flow)) return { ok: false, code: 'unsupported_flow', message: `adyen does not offer ${request.flow} here` }
    const flow = request.flow as AdyenFlow
    if (TOKEN_REUSE_FLOWS.has(flow) !== (request.card.kind === 'saved')) {
      return { ok: false, code: 'card_choice_mismatch', message: `${flow} takes ${TOKEN_REUSE_FLOWS.has(flow) ? 'a saved card' : 'a new card'}` }
    }
    // A zero-auth validates and stores the card without charging it (seed 003: amount.value 0).
    const value = flow === 'zero_amount_save' ? 0 : minorUnits(request.amount.value)
    if (value === undefined) return { ok: false, code: 'invalid_amount', message: `amount ${request.amount.value} is too large` }
    const common = this.common(request, value)
    const card = request.card
    switch (flow) {
      case 'session_ask_consent':
        // Drop-in shows the "save" checkbox; the shopper decides, the merchant never sees the card.
        return this.session(request, { ...common, ...FIRST_STORE, storePaymentMethodMode: 'askForConsent' })
      case 'sdk_session':
      case 'zero_amount_save': {
        // `enabled` stores without a checkbox, so only when the buyer already asked to save.
        const save = card.kind === 'new' && card.save
        return this.session(request, { ...common, ...(save ? { ...FIRST_STORE, storePaymentMethodMode: 'enabled' } : { storePaymentMethodMode: 'disabled' }) })
      }
      case 'token_reuse_session': {
        if (card.kind !== 'saved') throw new Error('unreachable: checked above')
        // Shopper present (one-click): ContAuth + CardOnFile, and the CVC when the buyer typed it
        // again at checkout (seed 003 puts it on /sessions); otherwise Drop-in asks for it.
        return this.session(request, {
          ...common,
          ...this.reuseFlags('CardOnFile'),
          paymentMethod: { type: 'scheme', storedPaymentMethodId: card.token, ...(card.cvv !== undefined ? { cvc: card.cvv } : {}) },
        })
      }
      case 'token_reuse_pay': {
        if (card.kind !== 'saved') throw new Error('unreachable: checked above')
        // Merchant-initiated (seed 003: subsequent UnscheduledCardOnFile payments go to /payments):
        // no shopper in session, so no CVC, even when the driver passed one. The cvv_on_reuse fault
        // sends one: the buyer's, or the one it kept from the first payment.
        const kept = this.faults.has('cvv_on_reuse') ? (card.cvv ?? this.keptCvc.get(request.buyerRef)) : undefined
        const cvc = kept !== undefined ? { cvc: kept } : {}
        return this.pay(request, { ...common, ...this.reuseFlags('UnscheduledCardOnFile'), paymentMethod: { type: 'scheme', storedPaymentMethodId: card.token, ...cvc } })
      }
      case 'server_to_server_enabled': {
        if (card.kind !== 'new') throw new Error('unreachable: checked above')
        if (this.faults.has('cvv_on_reuse') && card.card.cvv !== undefined) this.keptCvc.set(request.buyerRef, card.card.cvv)
        // Raw card fields (a PCI-compliant server's /payments): they go to Adyen and nowhere else.
        // storePaymentMethod only when the buyer asked: there is no Drop-in checkbox on this path.
        return this.pay(
          request,
          { ...common, shopperInteraction: 'Ecommerce', ...(card.save ? { storePaymentMethod: true, recurringProcessingModel: 'CardOnFile' } : {}), paymentMethod: cardMethod(card.card) },
          card.card,
        )
      }
    }
  }

  receiveNotification(notification: InboundNotification): NotificationVerdict {
    return receiveAdyenWebhook(this.webhooks, notification)
  }

  /** Every /sessions and /payments carries these. No timestamps: a retry must send the same body. */
  private common(request: PaymentRequest, value: number) {
    return {
      merchantAccount: this.merchantAccount,
      reference: request.merchantReference,
      amount: { currency: request.amount.currency, value },
      // Adyen ties stored cards to this: our pseudonymous buyer reference, never PII (seed 003).
      shopperReference: request.buyerRef,
      returnUrl: `${this.settings.returnUrl}?orderId=${encodeURIComponent(request.orderId)}`,
    }
  }

  /**
   * ContAuth + the recurring model on every token payment; the omit_card_on_file fault leaves them
   * out, the wrong_reuse_flags fault sends the shopper-present model for a merchant-initiated one.
   */
  private reuseFlags(model: 'CardOnFile' | 'UnscheduledCardOnFile') {
    if (this.faults.has('omit_card_on_file')) return {}
    return { shopperInteraction: 'ContAuth', recurringProcessingModel: this.faults.has('wrong_reuse_flags') ? 'CardOnFile' : model }
  }

  private idempotencyKey(operation: Operation, request: PaymentRequest): string {
    // The new_key_on_retry fault: a fresh key per attempt, so a lost answer becomes a second payment.
    if (this.faults.has('new_key_on_retry')) return randomUUID()
    // One key per order and operation (≤ 64 characters: orderId is at most 40).
    return `${operation.slice(1)}:${request.merchantReference}`
  }

  private retryable(outcome: AdyenCallOutcome): boolean {
    // never_inquire: one attempt, whatever happened.
    if (this.faults.has('never_inquire')) return false
    // retry_non_retryable: a 422 (validation) is sent again as if it were a 503.
    if (outcome.kind === 'rejected') return this.faults.has('retry_non_retryable')
    return outcome.kind === 'unknown' && outcome.retryable
  }

  /** Sends the same request with the same Idempotency-Key while the outcome is unknown. */
  private send(operation: Operation, request: PaymentRequest, body: object): Promise<AdyenCallOutcome> {
    return withRetries(
      this.retry,
      () => this.call(operation, body, this.idempotencyKey(operation, request)),
      (outcome) => this.retryable(outcome),
    )
  }

  /** The merchant's own page where Drop-in is mounted with the session (id + sessionData). */
  private dropInUrl(sessionId: string): string {
    return new URL(`/pay/adyen/${encodeURIComponent(sessionId)}`, this.settings.returnUrl).toString()
  }

  private async session(request: PaymentRequest, body: object): Promise<CheckoutResult> {
    const ref = request.merchantReference
    const outcome = await this.send('/sessions', request, body)
    if (outcome.kind === 'answer') {
      const answer = SessionAnswer.safeParse(outcome.body)
      if (answer.success) return { ok: true, update: { merchantReference: ref, status: 'action_required', buyerActionUrl: this.dropInUrl(answer.data.id) } }
    }
    // No session means no payment: the shopper never got Drop-in, nothing was charged.
    const reason = outcome.kind === 'answer' ? 'session answer without id' : outcome.kind === 'rejected' ? `HTTP ${outcome.status} ${outcome.errorCode}` : outcome.reason
    return { ok: true, update: { merchantReference: ref, status: 'failed', reason } }
  }

  private async pay(request: PaymentRequest, body: object, newCard?: TestCardInput): Promise<CheckoutResult> {
    const ref = request.merchantReference
    const outcome = await this.send('/payments', request, body)
    if (outcome.kind === 'rejected') return { ok: true, update: { merchantReference: ref, status: 'failed', reason: `HTTP ${outcome.status} ${outcome.errorCode}` } }
    if (outcome.kind === 'unknown') {
      // Adyen has no lookup of a payment by our reference: if any attempt was processed, its
      // AUTHORISATION webhook will say so (and every retry used the same key, so at most one
      // payment exists). Until then the order is pending, not failed. never_inquire gives up.
      return { ok: true, update: { merchantReference: ref, status: this.faults.has('never_inquire') ? 'failed' : 'pending', reason: outcome.reason } }
    }
    const answer = PaymentAnswer.safeParse(outcome.body)
    // Processed (2xx) but unreadable: the webhook will tell.
    if (!answer.success) return { ok: true, update: { merchantReference: ref, status: 'pending', reason: 'unreadable /payments answer' } }
    const update = paymentUpdate(ref, answer.data, this.faults.has('pending_as_failed'))
    const answerCard = answerCardOf(answer.data, newCard)
    return { ok: true, update: answerCard ? { ...update, answerCard } : update }
  }
}

/** Stores for CardOnFile (one-click) use later, when the shopper is on the site (seed 003). */
const FIRST_STORE = { shopperInteraction: 'Ecommerce', recurringProcessingModel: 'CardOnFile' } as const

function cardMethod(card: TestCardInput) {
  return {
    type: 'scheme',
    number: card.number,
    expiryMonth: card.expiryMonth,
    // Adyen wants four digits; the driver's card has two.
    expiryYear: `20${card.expiryYear}`,
    ...(card.cvv !== undefined ? { cvc: card.cvv } : {}),
    ...(card.holderName !== undefined ? { holderName: card.holderName } : {}),
  }
}

/** The /payments resultCode in the merchant's terms: only Refused, Error and Cancelled are failures. */
function paymentUpdate(ref: string, answer: PaymentAnswer, pendingAsFailed: boolean): PaymentUpdate {
  const psp = answer.pspReference !== undefined ? { providerReference: answer.pspReference } : {}
  const code = answer.resultCode
  if (code === 'Authorised') return { merchantReference: ref, status: 'paid', ...psp }
  if (FAILED.has(code)) return { merchantReference: ref, status: 'failed', reason: answer.refusalReason ?? code, ...psp }
  // The pending_as_failed fault books Received/Pending/shopper actions as a decline.
  if (pendingAsFailed) return { merchantReference: ref, status: 'failed', reason: code, ...psp }
  const url = answer.action?.url
  if (SHOPPER_ACTION.has(code) && url !== undefined) return { merchantReference: ref, status: 'action_required', buyerActionUrl: url, ...psp }
  // Received, Pending (and anything unknown, PartiallyAuthorised included): the webhook decides.
  return { merchantReference: ref, status: 'pending', reason: code, ...psp }
}

/**
 * The token an Authorised answer mentions (with "Recurring details" enabled). Reported, never
 * saved: Adyen says the answer does not always include it and to take it from the webhook.
 */
function answerCardOf(answer: PaymentAnswer, card: TestCardInput | undefined): SavedCardDetails | undefined {
  const token = answer.additionalData?.['recurring.recurringDetailReference']
  if (typeof token !== 'string' || token === '' || !card) return undefined
  return { token, masked: maskedOf(card), ...(answer.paymentMethod?.brand !== undefined ? { brand: brandOf(answer.paymentMethod.brand) } : {}), expiryMonth: card.expiryMonth, expiryYear: card.expiryYear }
}
