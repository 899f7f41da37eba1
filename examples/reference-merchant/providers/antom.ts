/**
 * Antom, integrated the way Antom documents it (docs/antom.md; the "Antom Tokenization" guide):
 * - Checkout Page / Payment Element: createPaymentSession with tokenizeMode ASKFORCONSENT, or
 *   with savedPaymentMethods + isCardOnFile to offer a saved card again;
 * - pay: card data with tokenizeMode ENABLED (server-to-server), no card data with ASKFORCONSENT
 *   (Antom's hosted card page), or paymentMethodId = cardToken with isCardOnFile (no CVV);
 * - the outcome and the card token come from notifyPayment; inquiryPayment settles doubts.
 */
import { z } from 'zod'
import type { FlowId as Flow } from '../../../contracts/core/types.ts'
import {
  NOT_PROCESSED,
  type CheckoutResult,
  type ConnectionSettings,
  type HttpReply,
  type InboundNotification,
  type NotificationVerdict,
  type NotifiedUpdate,
  type PaymentRequest,
  type PaymentUpdate,
  type ProviderAdapter,
  type ProviderConnection,
  type AdapterOptions,
  callTimeoutMs,
  DEFAULT_RETRY,
  withinWindow,
} from '../provider-adapter.ts'
import type { MerchantFault } from '../faults.ts'
import { withRetries, type RetryPolicy } from '../retry.ts'
import { AntomResult, createAntomClient, isRetryable, type AntomCall, type AntomCallOutcome } from './antom-client.ts'
import { privateKeyFrom, publicKeyFrom, verifySignature } from './antom-signature.ts'

const PAY = '/v1/payments/pay'
const CREATE_PAYMENT_SESSION = '/v1/payments/createPaymentSession'
const INQUIRY_PAYMENT = '/v1/payments/inquiryPayment'

const FLOWS = ['session_ask_consent', 'hosted_ask_consent', 'server_to_server_enabled', 'token_reuse_pay', 'token_reuse_session'] as const satisfies readonly Flow[]
type AntomFlow = (typeof FLOWS)[number]
const TOKEN_REUSE_FLOWS: ReadonlySet<Flow> = new Set<Flow>(['token_reuse_pay', 'token_reuse_session'])

/** Antom's acknowledgement; anything else makes Antom send the notification again. */
/** What the wrong_ack fault answers: a 200, but not the body Antom requires, so Antom keeps resending. */
const WRONG_ACK: HttpReply = { status: 200, contentType: 'text/plain', body: 'OK' }

const ACK: HttpReply = {
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } }),
}
const REJECT_SIGNATURE: HttpReply = {
  status: 401,
  contentType: 'application/json',
  body: JSON.stringify({ result: { resultCode: 'INVALID_SIGNATURE', resultStatus: 'F', resultMessage: 'signature verification failed' } }),
}
const REJECT_BODY: HttpReply = {
  status: 400,
  contentType: 'application/json',
  body: JSON.stringify({ result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: 'unreadable notification' } }),
}

// The few answer fields the merchant reads. Loose: Antom adds fields over time.
const PayAnswer = z.looseObject({
  paymentId: z.string().optional(),
  paymentResultInfo: z.looseObject({ cardToken: z.string().optional(), cardNo: z.string().optional(), cardBrand: z.string().optional() }).optional(),
  normalUrl: z.string().optional(),
  redirectActionForm: z.looseObject({ redirectUrl: z.string() }).optional(),
})
const SessionAnswer = z.looseObject({ paymentSessionId: z.string().optional(), normalUrl: z.string().optional() })
const InquiryAnswer = z.looseObject({
  paymentStatus: z.enum(['SUCCESS', 'FAIL', 'PROCESSING', 'CANCELLED', 'PENDING']).optional(),
  paymentId: z.string().optional(),
  paymentResultCode: z.string().optional(),
})
const PaymentNotification = z.looseObject({
  notifyType: z.enum(['PAYMENT_RESULT', 'PAYMENT_PENDING']),
  paymentAmount: z.object({ currency: z.string(), value: z.string().regex(/^\d+$/) }).optional(),
  result: AntomResult,
  paymentRequestId: z.string(),
  paymentId: z.string(),
  paymentResultInfo: z
    .looseObject({
      cardNo: z.string().optional(),
      cardBrand: z.string().optional(),
      cardToken: z.string().optional(),
      cardBin: z.string().optional(),
      lastFour: z.string().optional(),
      expiryMonth: z.string().optional(),
      expiryYear: z.string().optional(),
    })
    .optional(),
})
const VaultingNotification = z.looseObject({ vaultingRequestId: z.string() })

export type AntomAdapterOptions = AdapterOptions

export function antomAdapter(options: AntomAdapterOptions = {}): ProviderAdapter {
  const retry = options.retry ?? DEFAULT_RETRY
  return {
    id: 'antom',
    flows: FLOWS,
    credentialNames: ['clientId', 'merchantPrivateKey', 'antomPublicKey'],
    connect(settings) {
      const clientId = settings.credentials.clientId ?? ''
      const antomPublicKey = publicKeyFrom(settings.credentials.antomPublicKey ?? '')
      const call = createAntomClient({
        baseUrl: settings.baseUrl,
        clientId,
        merchantPrivateKey: privateKeyFrom(settings.credentials.merchantPrivateKey ?? ''),
        antomPublicKey,
        timeoutMs: callTimeoutMs(settings.faults, options.timeoutMs ?? 4_000),
        trustUnsignedAnswers: settings.faults.has('trust_unsigned_answers'),
        log: settings.log,
      })
      return new AntomConnection(settings, call, retry, antomPublicKey, clientId)
    },
  }
}

class AntomConnection implements ProviderConnection {
  constructor(
    private readonly settings: ConnectionSettings,
    private readonly call: AntomCall,
    private readonly retry: RetryPolicy,
    private readonly antomPublicKey: ReturnType<typeof publicKeyFrom>,
    private readonly clientId: string,
  ) {}

  async checkout(request: PaymentRequest): Promise<CheckoutResult> {
    if (!(FLOWS as readonly Flow[]).includes(request.flow)) return { ok: false, code: 'unsupported_flow', message: `antom does not offer ${request.flow} here` }
    const flow = request.flow as AntomFlow
    if (TOKEN_REUSE_FLOWS.has(flow) !== (request.card.kind === 'saved')) {
      return { ok: false, code: 'card_choice_mismatch', message: `${flow} takes ${TOKEN_REUSE_FLOWS.has(flow) ? 'a saved card' : 'a new card'}` }
    }
    switch (flow) {
      case 'session_ask_consent':
        // The buyer ticks "save" on Antom's page; the merchant only asks Antom to offer it.
        return this.session(request, { availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } } })
      case 'token_reuse_session':
        return this.session(request, {
          savedPaymentMethods: [{ paymentMethodType: 'CARD', paymentMethodId: this.token(request) }],
          ...(this.fault('omit_card_on_file') ? {} : { availablePaymentMethod: { paymentMethodMetaData: { isCardOnFile: true } } }),
        })
      case 'hosted_ask_consent':
        // No card data: Antom's hosted page collects the card and asks for consent.
        return this.pay(request, { paymentMethodType: 'CARD', paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } })
      case 'token_reuse_pay':
        // A merchant-initiated reuse of a stored credential: flagged card-on-file, and never a CVV
        // (the merchant does not have one and must not ask Antom to check one).
        return this.pay(request, { paymentMethodType: 'CARD', paymentMethodId: this.token(request), paymentMethodMetaData: this.reuseMetaData(request) })
      case 'server_to_server_enabled': {
        if (request.card.kind !== 'new') throw new Error('unreachable: checked above')
        const { card, save } = request.card
        // The card data goes to Antom and nowhere else. tokenizeMode ENABLED only when the buyer
        // asked to save: there is no Antom page on this path to ask them.
        return this.pay(request, {
          paymentMethodType: 'CARD',
          paymentMethodMetaData: {
            cardNo: card.number,
            expiryMonth: card.expiryMonth,
            expiryYear: card.expiryYear,
            ...(card.cvv !== undefined ? { cvv: card.cvv } : {}),
            ...(save ? { tokenizeMode: 'ENABLED' } : {}),
          },
        })
      }
    }
  }

  receiveNotification(notification: InboundNotification): NotificationVerdict {
    const { headers, path, body } = notification
    // The signature_only_when_present fault trusts a notification that carries none.
    const unsigned = headers.get('signature') === null && this.fault('signature_only_when_present')
    if (!this.fault('skip_signature_check') && !unsigned && !verifySignature(this.antomPublicKey, path, headers.get('client-id'), headers.get('request-time'), headers.get('signature'), body)) {
      this.settings.log(`antom notification rejected: signature missing or invalid`)
      return { accepted: false, reply: REJECT_SIGNATURE, reason: 'invalid signature' }
    }
    // The optional replay window: Request-Time is signed, so a replayed notification cannot refresh it.
    if (!withinWindow(headers.get('request-time'), this.settings.notificationWindowMs)) {
      this.settings.log(`antom notification rejected: Request-Time ${headers.get('request-time') ?? 'missing'} outside the ${this.settings.notificationWindowMs ?? 0} ms window`)
      return { accepted: false, reply: REJECT_SIGNATURE, reason: 'stale Request-Time' }
    }
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      return { accepted: false, reply: REJECT_BODY, reason: 'not JSON' }
    }
    const payment = PaymentNotification.safeParse(json)
    if (!payment.success) {
      // notifyVaulting: this merchant does not vault on its own, so there is nothing to apply.
      const vaulting = VaultingNotification.safeParse(json)
      if (vaulting.success) return { accepted: true, dedupeKey: `vaulting:${vaulting.data.vaultingRequestId}`, reply: this.ack() }
      return { accepted: false, reply: REJECT_BODY, reason: 'unknown notification' }
    }
    const n = payment.data
    this.settings.log(`antom notifyPayment ${n.notifyType} ${n.result.resultStatus} ${n.result.resultCode} for ${n.paymentRequestId}`)
    const dedupeKey = `${n.paymentId}:${n.notifyType}`
    // Validly signed by Antom, but for another merchant's Client-Id: nothing of ours to update.
    if (headers.get('client-id') !== this.clientId && !this.fault('accept_foreign_notifications')) {
      this.settings.log(`antom notifyPayment for another Client-Id (${headers.get('client-id') ?? 'none'}): acknowledged, not applied`)
      return { accepted: true, dedupeKey, reply: this.ack() }
    }
    return { accepted: true, dedupeKey, update: notifiedUpdate(n), reply: this.ack() }
  }

  private fault(name: MerchantFault): boolean {
    return this.settings.faults.has(name)
  }

  private ack(): HttpReply {
    return this.fault('wrong_ack') ? WRONG_ACK : ACK
  }

  /** Card-on-file, and never a CVV: the merchant does not have one after the first payment. */
  private reuseMetaData(request: PaymentRequest): Record<string, unknown> {
    return {
      ...(this.fault('omit_card_on_file') ? {} : { isCardOnFile: true }),
      // The fault: a merchant that kept the CVV sends it again. The reference never has one, so
      // this variant sends the one the buyer typed again, or a placeholder.
      ...(this.fault('cvv_on_reuse') ? { cvv: request.card.kind === 'saved' ? (request.card.cvv ?? '000') : '000' } : {}),
    }
  }

  private token(request: PaymentRequest): string {
    if (request.card.kind !== 'saved') throw new Error('unreachable: checked above')
    return request.card.token
  }

  /** The fields every pay and createPaymentSession carries. No timestamps: a retry must send the same body. */
  private common(request: PaymentRequest) {
    return {
      productCode: 'CASHIER_PAYMENT',
      paymentRequestId: request.merchantReference,
      paymentAmount: request.amount,
      order: {
        referenceOrderId: request.orderId,
        orderDescription: `Order ${request.orderId}`,
        orderAmount: request.amount,
        // Antom ties saved cards to this id; it is our pseudonymous buyer reference, never PII.
        buyer: { referenceBuyerId: request.buyerRef },
      },
      paymentRedirectUrl: `${this.settings.returnUrl}?orderId=${encodeURIComponent(request.orderId)}`,
      paymentNotifyUrl: this.settings.notificationUrl,
      env: { terminalType: 'WEB' },
    }
  }

  /** Sends the same request (same paymentRequestId, same body) while Antom says "try again". */
  private send(path: string, body: object): Promise<{ outcome: AntomCallOutcome; hadDoubt: boolean }> {
    let hadDoubt = false
    const retryable = this.fault('retry_non_retryable') ? (o: AntomCallOutcome) => o.kind === 'unknown' || o.result.resultStatus !== 'S' : isRetryable
    const policy = this.fault('never_inquire') ? { ...this.retry, attempts: 1 } : this.retry
    return withRetries(
      policy,
      async (attempt) => {
        const outcome = await this.call(path, this.fault('new_key_on_retry') && attempt > 1 ? withNewKey(body, attempt) : body)
        if (outcome.kind === 'unknown' || outcome.result.resultStatus === 'U') hadDoubt = true
        return outcome
      },
      retryable,
    ).then((outcome) => ({ outcome, hadDoubt }))
  }

  private async session(request: PaymentRequest, extra: object): Promise<CheckoutResult> {
    const { outcome } = await this.send(CREATE_PAYMENT_SESSION, { ...this.common(request), ...extra })
    const ref = request.merchantReference
    if (outcome.kind === 'answer' && outcome.result.resultStatus === 'S') {
      const answer = SessionAnswer.parse(outcome.body)
      if (answer.normalUrl) return { ok: true, update: { merchantReference: ref, status: 'action_required', buyerActionUrl: answer.normalUrl } }
    }
    // No session means no payment: nothing was charged, the checkout failed.
    const reason = outcome.kind === 'unknown' ? outcome.reason : outcome.result.resultStatus === 'S' ? 'session without normalUrl' : outcome.result.resultCode
    return { ok: true, update: { merchantReference: ref, status: 'failed', reason } }
  }

  private async pay(request: PaymentRequest, paymentMethod: object): Promise<CheckoutResult> {
    const ref = request.merchantReference
    const { outcome, hadDoubt } = await this.send(PAY, { ...this.common(request), paymentMethod })
    let provisional: PaymentUpdate
    let maybeNeverProcessed = false
    if (outcome.kind === 'answer') {
      const answer = PayAnswer.parse(outcome.body)
      const paymentId = answer.paymentId !== undefined ? { providerReference: answer.paymentId } : {}
      const actionUrl = answer.normalUrl ?? answer.redirectActionForm?.redirectUrl
      if (outcome.result.resultStatus === 'S') provisional = { merchantReference: ref, status: 'paid', ...paymentId, ...answerCard(answer) }
      else if (outcome.result.resultStatus === 'F') provisional = { merchantReference: ref, status: 'failed', reason: outcome.result.resultCode }
      else if (isRetryable(outcome)) {
        provisional = { merchantReference: ref, status: 'pending', reason: outcome.result.resultCode }
        maybeNeverProcessed = true
      }
      // U PAYMENT_IN_PROCESS: the buyer must act (hosted page, 3DS) or the issuer has not decided.
      // Pending is not failed: the PAYMENT_RESULT notification will say.
      else provisional = actionUrl ? { merchantReference: ref, status: 'action_required', buyerActionUrl: actionUrl, ...paymentId } : { merchantReference: ref, status: 'pending', ...paymentId }
    } else {
      provisional = { merchantReference: ref, status: 'pending', reason: outcome.reason }
      maybeNeverProcessed = true
    }
    // Whenever any attempt ended in doubt (U, no answer, 5xx, an unverifiable answer), ask Antom
    // what became of the payment rather than guess.
    if (!hadDoubt && outcome.kind === 'answer') return { ok: true, update: provisional }
    // The fault: an unknown outcome (no answer, 5xx, a "try again" code) taken as a failure, with no inquiry.
    if (this.fault('never_inquire')) return { ok: true, update: maybeNeverProcessed ? { merchantReference: ref, status: 'failed', reason: provisional.reason ?? 'UNKNOWN' } : provisional }
    return { ok: true, update: await this.inquire(ref, provisional, maybeNeverProcessed) }
  }

  private async inquire(ref: string, provisional: PaymentUpdate, maybeNeverProcessed: boolean): Promise<PaymentUpdate> {
    const { outcome } = await this.send(INQUIRY_PAYMENT, { paymentRequestId: ref })
    if (outcome.kind !== 'answer') return provisional
    if (outcome.result.resultStatus === 'F' && outcome.result.resultCode === 'ORDER_NOT_EXIST') {
      // Antom never created the payment: nothing was charged. (If a lost request shows up after
      // all, its PAYMENT_RESULT notification still books the charge: see payments.ts.)
      return maybeNeverProcessed ? { merchantReference: ref, status: 'failed', reason: NOT_PROCESSED } : provisional
    }
    if (outcome.result.resultStatus !== 'S') return provisional
    const answer = InquiryAnswer.parse(outcome.body)
    const paymentId = answer.paymentId ?? provisional.providerReference
    const withId = paymentId !== undefined ? { providerReference: paymentId } : {}
    switch (answer.paymentStatus) {
      case 'SUCCESS':
        return { merchantReference: ref, status: 'paid', ...withId }
      case 'FAIL':
      case 'CANCELLED':
        return { merchantReference: ref, status: 'failed', reason: answer.paymentResultCode ?? answer.paymentStatus, ...withId }
      default:
        return { ...provisional, ...withId }
    }
  }
}

/** The fault new_key_on_retry: each attempt a new paymentRequestId, i.e. a new payment for Antom. */
function withNewKey(body: object, attempt: number): object {
  const { paymentRequestId } = body as { paymentRequestId?: unknown }
  return typeof paymentRequestId === 'string' ? { ...body, paymentRequestId: `${paymentRequestId}-r${attempt}` } : body
}

/** A token in a synchronous pay answer: kept as `answerCard`, which only the token_from_sync_answer fault saves. */
function answerCard(answer: z.infer<typeof PayAnswer>): Pick<PaymentUpdate, 'answerCard'> {
  const info = answer.paymentResultInfo
  if (!info?.cardToken || info.cardNo === undefined) return {}
  return { answerCard: { token: info.cardToken, masked: info.cardNo, ...(info.cardBrand !== undefined ? { brand: info.cardBrand } : {}) } }
}

function notifiedUpdate(n: z.infer<typeof PaymentNotification>): NotifiedUpdate {
  const base = { merchantReference: n.paymentRequestId, providerReference: n.paymentId, ...(n.paymentAmount ? { amount: n.paymentAmount } : {}) }
  // PAYMENT_PENDING only says "accepted, not final": it never makes an order paid or failed.
  if (n.notifyType === 'PAYMENT_PENDING') return { ...base, status: 'pending' }
  if (n.result.resultStatus === 'F') return { ...base, status: 'failed', reason: n.result.resultCode }
  if (n.result.resultStatus !== 'S') return { ...base, status: 'pending' }
  const info = n.paymentResultInfo
  const masked = info?.cardNo ?? (info?.cardBin && info.lastFour ? `${info.cardBin}******${info.lastFour}` : undefined)
  if (!info?.cardToken || masked === undefined) return { ...base, status: 'paid' }
  return {
    ...base,
    status: 'paid',
    savedCard: {
      token: info.cardToken,
      masked,
      ...(info.cardBrand !== undefined ? { brand: info.cardBrand } : {}),
      ...(info.expiryMonth !== undefined ? { expiryMonth: info.expiryMonth } : {}),
      ...(info.expiryYear !== undefined ? { expiryYear: info.expiryYear } : {}),
    },
  }
}
