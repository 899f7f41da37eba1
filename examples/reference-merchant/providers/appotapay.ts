/**
 * AppotaPay's merchant-hosted credit-card API, integrated the way AppotaPay documents it
 * (docs/appotapay.md; docs.appotapay.com/en/cc-merchant-host): the merchant's own form collects
 * the card, then
 *   1. Token Create (`tokenType` MULTIPLE when the buyer saves the card, SINGLE for a one-off),
 *   2. Authentication (`/credit-card/enrollment`, 3DS) with the token,
 *   3. Charge with the token and the authentication (`capture: true`: one step, see `chargeBody`),
 *   4. Get Charge by our reference whenever the outcome of a charge is in doubt.
 * Flows: `vaulting_direct` is a checkout with a new card, steps 1 to 4 (AppotaPay's "create a token,
 * then use it in Authentication and Charge"): a token that is never charged is worth nothing to the
 * buyer, and a MULTIPLE token only becomes a saved card once a payment with it succeeded.
 * `token_reuse_pay` charges the saved MULTIPLE token the same way (enrollment, then charge), without
 * a CVV.
 *
 * 3DS challenge: AppotaPay sends the buyer back to our returnUrl, and says to trust only Enrollment
 * Validate. The return page (server.ts) does not reach adapters, so the next checkout of the same
 * order (same buyer, amount and card) is what continues the payment: validate, then charge.
 *
 * AppotaPay sends no notification on this API, and its answers are not signed (TLS and the JWT are
 * the security). A card is kept only once AppotaPay's own record, read back with Get Charge,
 * confirms a successful charge with that MULTIPLE token: the update then carries it as
 * `confirmedCard` (see keepCard). The notification endpoint rejects everything.
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
import { createAppotapayClient, type AppotapayCall, type AppotapayOutcome, type AppotapayRequest } from './appotapay-client.ts'

const FLOWS = ['vaulting_direct', 'token_reuse_pay'] as const satisfies readonly Flow[]
type AppotapayFlow = (typeof FLOWS)[number]

/** AppotaPay's "Duplicate reference code of partner": this merchantRefId was already used. */
const DUPLICATE_REFERENCE = 3002
/** "Transaction is not found" (Get Charge, Enrollment Validate). */
const NOT_FOUND = 36
/**
 * The card form of this merchant does not ask for a holder name, and Token Create requires one
 * (1–50 of 0-9 a-z A-Z space). Card networks do not check it.
 */
const DEFAULT_HOLDER_NAME = 'CARD HOLDER'

const REJECT: HttpReply = { status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'AppotaPay sends no notifications' }) }

// The few answer fields the merchant reads. Loose: AppotaPay adds fields over time.
const TokenAnswer = z.looseObject({
  tokenId: z.string().min(1),
  card: z.looseObject({ number: z.string(), brand: z.string().optional() }),
})
const EnrollmentStatus = z.enum(['CARD_ENROLLED', 'ENROLLMENT_CHECK_FAILED', 'CARD_NOT_ENROLLED', 'VERIFIED', 'FAILED', 'PENDING'])
type EnrollmentStatus = z.infer<typeof EnrollmentStatus>
const EnrollmentAnswer = z.looseObject({ id: z.string().min(1), status: EnrollmentStatus, deviceDataCollectionUrl: z.string().optional() })
const ValidateAnswer = z.looseObject({ authenticationId: z.string().min(1), status: EnrollmentStatus })
const ChargeAnswer = z.looseObject({
  id: z.string().min(1),
  merchantRefId: z.string(),
  status: z.string(),
  tokenId: z.string().optional(),
  card: z.looseObject({ number: z.string(), cardBrand: z.string().optional(), expirationMonth: z.string().optional(), expirationYear: z.string().optional() }),
})
type ChargeAnswer = z.infer<typeof ChargeAnswer>

/** Charge statuses that mean the money is the merchant's (an authorisation or a capture). */
const SUCCEEDED: ReadonlySet<string> = new Set(['AUTHORIZED', 'CAPTURED'])
/** Enrollment statuses after which the charge may go ahead (docs: not enrolled / check failed may charge without 3DS). */
const MAY_CHARGE: ReadonlySet<EnrollmentStatus> = new Set(['VERIFIED', 'CARD_NOT_ENROLLED', 'ENROLLMENT_CHECK_FAILED'])
/** The buyer must pass a challenge at `deviceDataCollectionUrl` first. */
const AWAITS_BUYER: ReadonlySet<EnrollmentStatus> = new Set(['CARD_ENROLLED', 'PENDING'])

export type AppotapayAdapterOptions = AdapterOptions

export function appotapayAdapter(options: AppotapayAdapterOptions = {}): ProviderAdapter {
  const retry = options.retry ?? DEFAULT_RETRY
  const timeoutMs = options.timeoutMs ?? 4_000
  return {
    id: 'appotapay',
    flows: FLOWS,
    credentialNames: ['partnerCode', 'apiKey', 'secretKey'],
    connect(settings) {
      const credentials = { partnerCode: settings.credentials.partnerCode ?? '', apiKey: settings.credentials.apiKey ?? '', secretKey: settings.credentials.secretKey ?? '' }
      // HS256 with a short key is guessable; AppotaPay issues long secret keys.
      if (credentials.secretKey.length < 16) throw new Error('secretKey is too short for an HS256 key')
      const call = createAppotapayClient({ baseUrl: settings.baseUrl, credentials, timeoutMs: callTimeoutMs(settings.faults, timeoutMs), log: settings.log })
      return new AppotapayConnection(settings, call, retry)
    },
  }
}

/** The token a payment is made with, and whether the merchant may keep it once the payment is confirmed. */
interface PaymentToken {
  readonly tokenId: string
  readonly tokenType: 'SINGLE' | 'MULTIPLE'
  readonly keep: boolean
  /** The card as Token Create's synchronous answer showed it (never saved from: see answerCard). */
  readonly answerCard?: SavedCardDetails
}

/**
 * A payment that did not end in one checkout call: waiting for the buyer's 3DS challenge, or a
 * charge whose outcome not even Get Charge could tell. The next checkout of the order continues it.
 */
type OpenPayment = {
  /** Which checkout this is, so that another one under a reused order id does not continue it. */
  readonly fingerprint: string
  readonly token: PaymentToken
} & ({ readonly stage: 'awaiting_buyer'; readonly authenticationId: string; readonly buyerActionUrl: string } | { readonly stage: 'charge_in_doubt' })

type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly update: PaymentUpdate }

class AppotapayConnection implements ProviderConnection {
  /** By merchant reference. In memory: a real merchant keeps this with the order. */
  readonly #open = new Map<string, OpenPayment>()
  /**
   * The cvv_on_reuse fault's mistake: the CVV the buyer typed, kept by buyer reference after Token
   * Create (PCI DSS 3.3.1.2 forbids it) and sent again with a charge of the saved token. Empty otherwise.
   */
  readonly #keptCvv = new Map<string, string>()

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly call: AppotapayCall,
    private readonly retry: RetryPolicy,
  ) {}

  async checkout(request: PaymentRequest): Promise<CheckoutResult> {
    if (!(FLOWS as readonly Flow[]).includes(request.flow)) return { ok: false, code: 'unsupported_flow', message: `appotapay does not offer ${request.flow} here` }
    const flow = request.flow as AppotapayFlow
    const reuse = flow === 'token_reuse_pay'
    if (reuse !== (request.card.kind === 'saved')) return { ok: false, code: 'card_choice_mismatch', message: `${flow} takes ${reuse ? 'a saved card' : 'a new card'}` }
    // AppotaPay's card API charges VND only, and VND has no minor unit: "150000" is 150 000 VND.
    if (request.amount.currency !== 'VND') return { ok: false, code: 'unsupported_currency', message: 'AppotaPay charges cards in VND only' }

    const open = this.#open.get(request.merchantReference)
    if (open && open.fingerprint === fingerprint(request)) {
      // Never a second token or charge for an order under way: continue it.
      if (open.stage === 'awaiting_buyer') return { ok: true, update: await this.resume(request, open) }
      return { ok: true, update: await this.inquire(request, open.token, { merchantReference: request.merchantReference, status: 'failed', reason: NOT_PROCESSED }) }
    }

    // Token Create requires the CVV (it is checked once, then AppotaPay drops it).
    if (request.card.kind === 'new' && request.card.card.cvv === undefined) return { ok: false, code: 'cvv_required', message: 'AppotaPay needs the CVV to tokenise a card' }
    const token = await this.paymentToken(request)
    if (!token.ok) return { ok: true, update: token.update }
    return { ok: true, update: await this.authenticateAndCharge(request, token.value) }
  }

  /**
   * AppotaPay sends nothing here (no IPN on the merchant-hosted card API): whatever arrives is not
   * AppotaPay's, and is neither applied nor acknowledged. (So `skip_signature_check` does not
   * apply: there is no signature to skip.)
   */
  receiveNotification(notification: InboundNotification): NotificationVerdict {
    this.settings.log(`appotapay notification rejected (${notification.path}): AppotaPay sends none`)
    return { accepted: false, reply: REJECT, reason: 'AppotaPay sends no notifications' }
  }

  // -------------------------------------------------------------------------------------------
  // Tokens

  /** The token to pay with: the saved MULTIPLE token, or a new one for the card just typed. */
  private async paymentToken(request: PaymentRequest): Promise<Step<PaymentToken>> {
    // A saved card is already kept: nothing more to keep.
    if (request.card.kind === 'saved') return { ok: true, value: { tokenId: request.card.token, tokenType: 'MULTIPLE', keep: false } }
    const { card, save } = request.card
    const ref = request.merchantReference
    if (this.settings.faults.has('cvv_on_reuse') && card.cvv !== undefined) this.#keptCvv.set(request.buyerRef, card.cvv)
    // MULTIPLE "can be paid many times": what a saved card needs. SINGLE "can only be paid once":
    // a one-off payment, and a token nobody can charge again if it leaked.
    const tokenType = save ? 'MULTIPLE' : 'SINGLE'
    const { outcome } = await this.send(ref, (merchantRefId) => ({
      method: 'POST',
      path: '/credit-card/token',
      operation: 'tokenCreate',
      body: {
        merchantRefId,
        tokenType,
        card: { number: card.number, holderName: card.holderName ?? DEFAULT_HOLDER_NAME, expirationMonth: card.expiryMonth, expirationYear: card.expiryYear, ...(card.cvv !== undefined ? { cvv: card.cvv } : {}) },
      },
    }))
    if (outcome.kind === 'refused') return { ok: false, update: { merchantReference: ref, status: 'failed', reason: refusalReason(outcome.errorCode) } }
    const answer = outcome.kind === 'answer' ? TokenAnswer.safeParse(outcome.body) : undefined
    if (!answer?.success) {
      // AppotaPay has no "get token" call: a token whose answer we lost cannot be found again.
      // Nothing was charged, so the checkout fails (a new order can try again).
      return { ok: false, update: { merchantReference: ref, status: 'failed', reason: NOT_PROCESSED } }
    }
    const { tokenId } = answer.data
    // The mistake of `keep_single_token`: keeping a one-off payment's SINGLE token as a saved card.
    const keep = tokenType === 'MULTIPLE' || this.settings.faults.has('keep_single_token')
    // Only the token of a card the buyer asked to save is "a card in the answer": the mistake of
    // token_from_sync_answer is saving it too early, not saving a card nobody asked to keep.
    const answerCard: SavedCardDetails | undefined =
      tokenType === 'MULTIPLE'
        ? {
            token: tokenId,
            masked: answer.data.card.number,
            ...(answer.data.card.brand !== undefined ? { brand: answer.data.card.brand } : {}),
            expiryMonth: card.expiryMonth,
            expiryYear: card.expiryYear,
          }
        : undefined
    return { ok: true, value: { tokenId, tokenType, keep, ...(answerCard ? { answerCard } : {}) } }
  }

  // -------------------------------------------------------------------------------------------
  // 3DS

  private async authenticateAndCharge(request: PaymentRequest, token: PaymentToken): Promise<PaymentUpdate> {
    const ref = request.merchantReference
    const { outcome } = await this.send(ref, (merchantRefId) => ({
      method: 'POST',
      path: '/credit-card/enrollment',
      operation: 'enrollment',
      body: { tokenId: token.tokenId, amount: vnd(request), currency: 'VND', merchantRefId, returnUrl: this.returnUrl(request) },
    }))
    const withCard = token.answerCard ? { answerCard: token.answerCard } : {}
    if (outcome.kind === 'refused') return { merchantReference: ref, status: 'failed', reason: refusalReason(outcome.errorCode), ...withCard }
    const answer = outcome.kind === 'answer' ? EnrollmentAnswer.safeParse(outcome.body) : undefined
    // An authentication moves no money: when its answer is lost nothing was charged.
    if (!answer?.success) return { merchantReference: ref, status: 'failed', reason: NOT_PROCESSED, ...withCard }
    const { id, status, deviceDataCollectionUrl } = answer.data
    if (MAY_CHARGE.has(status)) return this.charge(request, token, id)
    if (AWAITS_BUYER.has(status) && deviceDataCollectionUrl !== undefined) {
      this.#open.set(ref, { stage: 'awaiting_buyer', fingerprint: fingerprint(request), token, authenticationId: id, buyerActionUrl: deviceDataCollectionUrl })
      // The authentication is AppotaPay's reference for this payment until there is a charge.
      return { merchantReference: ref, status: 'action_required', buyerActionUrl: deviceDataCollectionUrl, providerReference: id, ...withCard }
    }
    return { merchantReference: ref, status: 'failed', reason: `3DS ${status}`, ...withCard }
  }

  /**
   * The buyer is back from the challenge. The redirect's `status` is the browser's word; AppotaPay
   * says to trust only Enrollment Validate, so that is what decides.
   */
  private async resume(request: PaymentRequest, awaiting: OpenPayment & { stage: 'awaiting_buyer' }): Promise<PaymentUpdate> {
    const ref = request.merchantReference
    const { outcome } = await this.send(ref, () => ({ method: 'POST', path: `/credit-card/enrollment/validate/${encodeURIComponent(awaiting.authenticationId)}`, operation: 'enrollmentValidate' }))
    const stillWaiting: PaymentUpdate = { merchantReference: ref, status: 'action_required', buyerActionUrl: awaiting.buyerActionUrl, providerReference: awaiting.authenticationId }
    if (outcome.kind === 'refused' && outcome.errorCode === NOT_FOUND) {
      // AppotaPay no longer knows the authentication (a test provider that was reset): start over.
      this.#open.delete(ref)
      return this.authenticateAndCharge(request, awaiting.token)
    }
    const answer = outcome.kind === 'answer' ? ValidateAnswer.safeParse(outcome.body) : undefined
    if (!answer?.success || AWAITS_BUYER.has(answer.data.status)) return stillWaiting
    this.#open.delete(ref)
    if (MAY_CHARGE.has(answer.data.status)) return this.charge(request, awaiting.token, awaiting.authenticationId)
    return { merchantReference: ref, status: 'failed', reason: `3DS ${answer.data.status}` }
  }

  // -------------------------------------------------------------------------------------------
  // Charge

  private async charge(request: PaymentRequest, token: PaymentToken, authenticationId: string): Promise<PaymentUpdate> {
    const ref = request.merchantReference
    const withCard = token.answerCard ? { answerCard: token.answerCard } : {}
    const { outcome, hadDoubt } = await this.send(ref, (merchantRefId) => ({ method: 'POST', path: '/credit-card/charge', operation: 'charge', body: this.chargeBody(request, token, authenticationId, merchantRefId) }))
    if (outcome.kind === 'answer') {
      const answer = ChargeAnswer.safeParse(outcome.body)
      if (answer.success && SUCCEEDED.has(answer.data.status)) {
        const confirmed = await this.keepCard(request, token)
        return { merchantReference: ref, status: 'paid', providerReference: answer.data.id, ...withCard, ...(confirmed ? { confirmedCard: confirmed } : {}) }
      }
      // A 200 we cannot read: AppotaPay's record says what happened.
      return { ...(await this.inquire(request, token)), ...withCard }
    }
    if (outcome.kind === 'refused') {
      const refused: PaymentUpdate = { merchantReference: ref, status: 'failed', reason: refusalReason(outcome.errorCode), ...withCard }
      // 3002 on a charge: this reference already reached the issuer (a lost answer, or a second
      // checkout of the order). And after an unanswered attempt, a refusal of the retry may be
      // about the first attempt (a SINGLE token it used up answers 3012). Never a new reference:
      // ask what became of the first.
      if (outcome.errorCode === DUPLICATE_REFERENCE || hadDoubt) return { ...(await this.inquire(request, token, refused)), ...withCard }
      return refused
    }
    // The mistake of `never_inquire`: an unanswered charge booked as failed, though it may have gone through.
    if (this.settings.faults.has('never_inquire')) return { merchantReference: ref, status: 'failed', reason: outcome.reason, ...withCard }
    return { ...(await this.inquire(request, token, { merchantReference: ref, status: 'failed', reason: NOT_PROCESSED })), ...withCard }
  }

  private chargeBody(request: PaymentRequest, token: PaymentToken, authenticationId: string, merchantRefId: string): object {
    // The mistake of `cvv_on_reuse` (below): the CVV the buyer typed again, or the one kept from Token Create.
    const cvv = request.card.kind === 'saved' ? (request.card.cvv ?? this.#keptCvv.get(request.buyerRef)) : undefined
    return {
      tokenId: token.tokenId,
      authenticationId,
      amount: vnd(request),
      currency: 'VND',
      // Authorise and capture in one call: the merchant ships at once, and an authorisation left
      // uncaptured lapses after 7 days.
      capture: true,
      merchantRefId,
      // The mistake of `cvv_on_reuse`: a charge with a stored token has no CVV; the merchant must not keep or ask for one.
      ...(cvv !== undefined && this.settings.faults.has('cvv_on_reuse') ? { cvv } : {}),
    }
  }

  /**
   * Get Charge by our reference: AppotaPay's record settles a doubt. `ifNotFound` is what "no such
   * charge" means here (after a lost request: never processed, nothing charged); without it, not
   * found stays pending.
   */
  private async inquire(request: PaymentRequest, token: PaymentToken, ifNotFound?: PaymentUpdate): Promise<PaymentUpdate> {
    const ref = request.merchantReference
    const record = await this.chargeRecord(ref)
    this.#open.delete(ref)
    if (record.kind === 'found') {
      if (!SUCCEEDED.has(record.charge.status)) return { merchantReference: ref, status: 'pending', providerReference: record.charge.id }
      const confirmed = await this.keepCard(request, token, record.charge)
      return { merchantReference: ref, status: 'paid', providerReference: record.charge.id, ...(confirmed ? { confirmedCard: confirmed } : {}) }
    }
    if (record.kind === 'not_found' && ifNotFound) return ifNotFound
    // Still unknown: pending is not failed; the next checkout of the order asks again.
    this.#open.set(ref, { stage: 'charge_in_doubt', fingerprint: fingerprint(request), token })
    return { merchantReference: ref, status: 'pending', reason: 'outcome unknown' }
  }

  private async chargeRecord(ref: string): Promise<{ kind: 'found'; charge: ChargeAnswer } | { kind: 'not_found' } | { kind: 'unknown' }> {
    const { outcome } = await this.send(ref, () => ({ method: 'GET', path: `/credit-card/charge/${encodeURIComponent(ref)}?referenceType=MERCHANT_REFERENCE_ID`, operation: 'getCharge' }))
    if (outcome.kind === 'refused') return outcome.errorCode === NOT_FOUND ? { kind: 'not_found' } : { kind: 'unknown' }
    const answer = outcome.kind === 'answer' ? ChargeAnswer.safeParse(outcome.body) : undefined
    return answer?.success ? { kind: 'found', charge: answer.data } : { kind: 'unknown' }
  }

  /**
   * The card to keep, once AppotaPay's record (Get Charge, unless the inquiry just read it) shows a
   * successful charge of this order with this very token; undefined otherwise. A MULTIPLE token only
   * becomes usable for the buyer once a payment with it succeeded (3DS passed, issuer approved).
   * The merchant saves it from the update's `confirmedCard` (payments.ts applyAnswer).
   */
  private async keepCard(request: PaymentRequest, token: PaymentToken, record?: ChargeAnswer): Promise<SavedCardDetails | undefined> {
    if (!token.keep) return undefined
    const ref = request.merchantReference
    let charge = record
    if (!charge) {
      const read = await this.chargeRecord(ref)
      charge = read.kind === 'found' ? read.charge : undefined
    }
    if (!charge || !SUCCEEDED.has(charge.status) || charge.tokenId !== token.tokenId || charge.merchantRefId !== ref) {
      this.settings.log(`appotapay ${ref}: the charge is not confirmed with this token; the card is not saved`)
      return undefined
    }
    const card: SavedCardDetails = {
      token: token.tokenId,
      masked: charge.card.number,
      ...(charge.card.cardBrand !== undefined ? { brand: charge.card.cardBrand } : {}),
      ...(charge.card.expirationMonth !== undefined ? { expiryMonth: charge.card.expirationMonth } : {}),
      ...(charge.card.expirationYear !== undefined ? { expiryYear: charge.card.expirationYear } : {}),
    }
    return card
  }

  // -------------------------------------------------------------------------------------------
  // Sending

  /**
   * Sends a request while its outcome is unknown and the retry policy allows, always with the same
   * merchantRefId: AppotaPay refuses a reused reference (3002), so a retry can never charge twice.
   * The build function gets the reference so that the faults below can get it wrong.
   */
  private async send(ref: string, build: (merchantRefId: string) => AppotapayRequest): Promise<{ outcome: AppotapayOutcome; hadDoubt: boolean }> {
    const { faults } = this.settings
    // The mistake of `never_inquire`: one attempt, whatever happens.
    const policy = faults.has('never_inquire') ? { ...this.retry, attempts: 1 } : this.retry
    let hadDoubt = false
    const outcome = await withRetries(
      policy,
      async (attempt) => {
        // The mistake of `new_key_on_retry`: a new reference per attempt, so AppotaPay cannot tell
        // a retry from a new payment.
        const sent = await this.call(build(attempt > 1 && faults.has('new_key_on_retry') ? `${ref}-${attempt}` : ref))
        if (sent.kind === 'unknown') hadDoubt = true
        return sent
      },
      // The mistake of `retry_non_retryable`: sending a refused request (invalid params, a decline) again.
      (sent) => (sent.kind === 'unknown' ? sent.retryable : sent.kind === 'refused' && faults.has('retry_non_retryable')),
    )
    return { outcome, hadDoubt }
  }

  private returnUrl(request: PaymentRequest): string {
    return `${this.settings.returnUrl}?orderId=${encodeURIComponent(request.orderId)}`
  }
}

/** The amount in VND (no minor unit), as the JSON number AppotaPay takes. */
const vnd = (request: PaymentRequest): number => Number(request.amount.value)

const refusalReason = (errorCode: number): string => `errorCode ${errorCode}`

/**
 * What makes a checkout the same one again: buyer, amount and card (the last four digits and the
 * expiry of a new card, never the number itself; or the saved token).
 */
function fingerprint(request: PaymentRequest): string {
  const card = request.card.kind === 'saved' ? `saved:${request.card.token}` : `new:${request.card.card.number.slice(-4)}:${request.card.card.expiryMonth}/${request.card.card.expiryYear}:${request.card.save}`
  return [request.buyerRef, request.amount.currency, request.amount.value, card].join('|')
}
