import { adyenRefusalReasons, type AdyenResultCode } from '../../contracts/adyen/result-codes.ts'
import type {
  CardDetails,
  CreateCheckoutSessionRequest,
  CreateCheckoutSessionResponse,
  PaymentDetailsRequest,
  PaymentDetailsResponse,
  PaymentMethodsRequest,
  PaymentMethodsResponse,
  PaymentRequest,
  PaymentResponse,
  RecurringProcessingModel,
  SessionResultResponse,
  ShopperInteraction,
} from '../../contracts/adyen/schemas.ts'
import { shopperReferencePii } from '../../contracts/adyen/shopper-reference.ts'
import type { PaymentRecord, PaymentStatus, TokenizeIntent, TokenRecord, CardData } from '../engine/store.ts'
import { adyenBrand, maskedCardOf, outcomeOf, readCard, readCvc, saveCard, shopperTokens, storedPaymentMethodOf, usableToken } from './cards.ts'
import { PROVIDER_ID, type AdyenContext, type AdyenPayment, type AdyenSession } from './context.ts'
import type { AdyenMerchant } from './merchants.ts'
import { notifyAuthorisation, notifyRecurringContract } from './notifications.ts'
import { newReference, serviceError, type Answer } from './wire.ts'

const HOUR = 3_600_000
/** Sessions live 1 hour unless `expiresAt` says otherwise, at most 24 hours. */
const SESSION_DEFAULT_MS = HOUR
const SESSION_MAX_MS = 24 * HOUR

const STATUS_OF: Readonly<Record<AdyenResultCode, PaymentStatus>> = {
  Authorised: 'succeeded',
  Pending: 'pending',
  Received: 'pending',
  Refused: 'failed',
  Error: 'failed',
  Cancelled: 'cancelled',
  RedirectShopper: 'awaiting_buyer',
  ChallengeShopper: 'awaiting_buyer',
  IdentifyShopper: 'awaiting_buyer',
  PresentToShopper: 'awaiting_buyer',
  AuthenticationFinished: 'succeeded',
  AuthenticationNotRequired: 'succeeded',
  PartiallyAuthorised: 'succeeded',
  Success: 'succeeded',
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')

/** What the merchant asked about storing, for the engine's record. */
const intentOf = (mode: CreateCheckoutSessionRequest['storePaymentMethodMode'], legacy: boolean | undefined): TokenizeIntent =>
  mode === 'enabled' ? 'enabled' : mode === 'askForConsent' ? 'ask_consent' : legacy === true ? 'enabled' : 'none'

interface AuthoriseInput {
  readonly merchant: AdyenMerchant
  readonly reference: string
  readonly amount: { readonly currency: string; readonly value: number }
  readonly card: CardData
  readonly usedToken?: TokenRecord | undefined
  readonly intent: TokenizeIntent
  readonly consent?: boolean | undefined
  readonly store: boolean
  readonly shopperReference?: string | undefined
  readonly recurringProcessingModel?: RecurringProcessingModel | undefined
  readonly shopperInteraction?: ShopperInteraction | undefined
  readonly sessionId?: string | undefined
  readonly forcedCode?: AdyenResultCode | undefined
  readonly flags: Record<string, string | boolean | undefined>
}

/** Flags every payment records for the suites: how the merchant flagged it, and what looked wrong. */
function commonFlags(input: { shopperReference?: string | undefined; recurringProcessingModel?: string | undefined; shopperInteraction?: string | undefined; amountValue: number }): Record<string, string | boolean | undefined> {
  return {
    recurringProcessingModel: input.recurringProcessingModel,
    shopperInteraction: input.shopperInteraction,
    shopperReferencePii: input.shopperReference ? shopperReferencePii(input.shopperReference) : undefined,
    zeroAuth: input.amountValue === 0,
  }
}

/** Authorises a card and, once it is final, notifies (and stores the card when storing applies). */
function authorise(context: AdyenContext, input: AuthoriseInput): { payment: AdyenPayment; token: TokenRecord | undefined } {
  const { engine } = context
  const now = engine.clock.now()
  const outcome = outcomeOf(input.card, input.forcedCode)
  const payment: AdyenPayment = {
    pspReference: newReference(),
    merchantAccount: input.merchant.merchantAccount,
    reference: input.reference,
    amount: { currency: input.amount.currency, value: input.amount.value },
    resultCode: outcome.resultCode,
    refusalReasonCode: outcome.refusalReasonCode,
    shopperReference: input.shopperReference,
    recurringProcessingModel: input.recurringProcessingModel,
    shopperInteraction: input.shopperInteraction,
    store: input.store,
    sessionId: input.sessionId,
  }
  context.payments.set(payment.pspReference, payment)
  const record: PaymentRecord = {
    id: payment.pspReference,
    provider: PROVIDER_ID,
    requestId: input.reference,
    merchantId: payment.merchantAccount,
    status: STATUS_OF[outcome.resultCode],
    resultCode: outcome.resultCode,
    amount: { currency: payment.amount.currency, value: String(payment.amount.value) },
    card: maskedCardOf(input.card),
    tokenize: input.intent,
    consent: input.consent,
    usedTokenId: input.usedToken?.id,
    buyerRef: input.shopperReference,
    sessionId: input.sessionId,
    createdAt: now,
    updatedAt: now,
    flags: input.flags,
  }
  engine.store.payments.put(record)
  if (input.usedToken) input.usedToken.uses++
  if (outcome.settles) {
    // The card is kept (without its CVC) until the payment settles and may be stored.
    engine.store.keepCard(payment.pspReference, input.card)
    const settlesTo = outcome.settles.to
    engine.clock.schedule(now + outcome.settles.afterMs, () => {
      settle(context, input.merchant, payment, settlesTo)
    })
    return { payment, token: undefined }
  }
  return { payment, token: finish(context, input.merchant, payment, input.card) }
}

/** A final result: the AUTHORISATION webhook, then RECURRING_CONTRACT when the card was stored. */
function finish(context: AdyenContext, merchant: AdyenMerchant, payment: AdyenPayment, card: CardData): TokenRecord | undefined {
  const record = context.engine.store.payments.get(payment.pspReference)
  let token: TokenRecord | undefined
  if (payment.resultCode === 'Authorised' && payment.store && payment.shopperReference) {
    token = saveCard(context, { merchantAccount: payment.merchantAccount, shopperReference: payment.shopperReference, card, sourcePaymentId: payment.pspReference }).token
    if (record) record.tokenId = token.id
  }
  if (record) record.settledAt = context.engine.clock.now()
  notifyAuthorisation(context, merchant, payment, token)
  if (token) notifyRecurringContract(context, merchant, payment, token)
  return token
}

function settle(context: AdyenContext, merchant: AdyenMerchant, payment: AdyenPayment, to: AdyenResultCode): void {
  const { store, clock } = context.engine
  const record = store.payments.get(payment.pspReference)
  const card = store.cardOf(payment.pspReference)
  if (!record || !card) return
  payment.resultCode = to
  record.resultCode = to
  record.status = STATUS_OF[to]
  record.updatedAt = clock.now()
  const session = payment.sessionId ? store.sessions.get(payment.sessionId) : undefined
  if (session && to === 'Authorised') session.status = 'completed'
  finish(context, merchant, payment, card)
}

/** The /payments (and /payments/details) answer for a payment. */
function paymentAnswer(merchant: AdyenMerchant, payment: AdyenPayment, card: CardData | undefined, token: TokenRecord | undefined): PaymentResponse {
  const refusal = payment.refusalReasonCode ? adyenRefusalReasons[payment.refusalReasonCode as keyof typeof adyenRefusalReasons] : undefined
  const authorised = payment.resultCode === 'Authorised'
  return {
    pspReference: payment.pspReference,
    resultCode: payment.resultCode,
    merchantReference: payment.reference,
    amount: payment.amount,
    ...(refusal ? { refusalReason: refusal.reason, refusalReasonCode: payment.refusalReasonCode } : {}),
    ...(authorised && card ? { paymentMethod: { brand: adyenBrand(maskedCardOf(card).brand), type: 'scheme' } } : {}),
    ...(authorised && token && merchant.recurringDetailsInResponse && payment.shopperReference
      ? { additionalData: { 'recurring.recurringDetailReference': token.id, 'recurring.shopperReference': payment.shopperReference } }
      : {}),
  }
}

/** The stored token a payment method names (`storedPaymentMethodId`, or the legacy `recurringDetailReference`). */
const storedIdOf = (method: CardDetails | undefined): string | undefined => method?.storedPaymentMethodId ?? method?.recurringDetailReference

/**
 * A one-click (CardOnFile) payment with a stored card needs the CVC unless the merchant has
 * skipCvcForOneClick; Subscription and UnscheduledCardOnFile payments do not (seed 003).
 */
const needsCvc = (merchant: AdyenMerchant, model: RecurringProcessingModel | undefined): boolean => (model ?? 'CardOnFile') === 'CardOnFile' && !merchant.skipCvcForOneClick

// ---------------------------------------------------------------------------------------------
// POST /sessions
// ---------------------------------------------------------------------------------------------

export function createSession(context: AdyenContext, merchant: AdyenMerchant, request: CreateCheckoutSessionRequest): Answer {
  const { engine } = context
  const now = engine.clock.now()
  let expiresAt = now + SESSION_DEFAULT_MS
  if (request.expiresAt !== undefined) {
    expiresAt = Date.parse(request.expiresAt)
    if (expiresAt <= now || expiresAt > now + SESSION_MAX_MS) return serviceError('701', "Field 'expiresAt' must be in the future and at most 24 hours after the session is created.")
  }
  const storedId = storedIdOf(request.paymentMethod)
  if (storedId !== undefined && !usableToken(context, merchant.merchantAccount, request.shopperReference, storedId)) return serviceError('800', `Contract not found: no stored payment method ${storedId} for this shopperReference.`)
  const id = `CS${newReference()}`
  const session: AdyenSession = { id, merchantAccount: merchant.merchantAccount, request, expiresAt, payments: [] }
  context.sessions.set(id, session)
  engine.store.sessions.put({
    id,
    provider: PROVIDER_ID,
    kind: 'payment',
    status: 'open',
    merchantId: merchant.merchantAccount,
    requestId: request.reference,
    expiresAt,
    createdAt: now,
    savedTokenIds: storedId ? [storedId] : [],
    tokenize: intentOf(request.storePaymentMethodMode, request.storePaymentMethod),
  })
  const storing = request.shopperReference !== undefined && (request.storePaymentMethodMode === 'enabled' || request.storePaymentMethodMode === 'askForConsent' || request.storePaymentMethod === true)
  const body: CreateCheckoutSessionResponse = {
    id,
    sessionData: Buffer.from(JSON.stringify({ id, merchantAccount: merchant.merchantAccount, at: now })).toString('base64'),
    amount: request.amount,
    expiresAt: iso(expiresAt),
    merchantAccount: request.merchantAccount,
    reference: request.reference,
    returnUrl: request.returnUrl,
    mode: request.mode ?? 'embedded',
    ...(request.shopperReference !== undefined ? { shopperReference: request.shopperReference } : {}),
    ...(request.shopperInteraction !== undefined ? { shopperInteraction: request.shopperInteraction } : {}),
    ...(request.recurringProcessingModel !== undefined ? { recurringProcessingModel: request.recurringProcessingModel } : {}),
    ...(request.storePaymentMethodMode !== undefined ? { storePaymentMethodMode: request.storePaymentMethodMode } : {}),
    ...(storing ? { storePaymentMethod: true } : {}),
    ...(request.countryCode !== undefined ? { countryCode: request.countryCode } : {}),
    ...(request.shopperLocale !== undefined ? { shopperLocale: request.shopperLocale } : {}),
    ...(request.channel !== undefined ? { channel: request.channel } : {}),
  }
  return { status: 201, body }
}

// ---------------------------------------------------------------------------------------------
// The shopper's step in Drop-in (control API buyer action)
// ---------------------------------------------------------------------------------------------

export interface DropInPayment {
  readonly sessionId: string
  /** A new card, raw or with `test_` encrypted fields. */
  readonly paymentMethod?: CardDetails | undefined
  /** The "save for my next payment" checkbox (shown only with askForConsent). */
  readonly storePaymentMethod?: boolean | undefined
}

/** What Drop-in's onPaymentCompleted receives, plus the pspReference for tests. */
export interface DropInResult {
  readonly resultCode: AdyenResultCode
  readonly sessionResult: string
  readonly pspReference: string
  readonly refusalReason?: string | undefined
}

/** The shopper pays in Drop-in; a problem Drop-in would show is thrown (the control API answers 409). */
export function shopperPays(context: AdyenContext, input: DropInPayment, forcedCode?: AdyenResultCode): DropInResult {
  const { engine } = context
  const session = context.sessions.get(input.sessionId)
  const record = engine.store.sessions.get(input.sessionId)
  if (!session || !record) throw new Error(`no session ${input.sessionId}`)
  const merchant = context.merchants.byAccount(session.merchantAccount)
  if (!merchant) throw new Error(`merchant account ${session.merchantAccount} is no longer registered`)
  if (engine.clock.now() > session.expiresAt) {
    record.status = 'expired'
    throw new Error(`session ${session.id} has expired`)
  }
  if (record.status === 'completed') throw new Error(`session ${session.id} is already completed`)
  const request = session.request
  const method: CardDetails = { ...request.paymentMethod, ...input.paymentMethod }
  const storedId = storedIdOf(method)
  const model = request.recurringProcessingModel
  let card: CardData
  let usedToken: TokenRecord | undefined
  if (storedId !== undefined) {
    usedToken = usableToken(context, merchant.merchantAccount, request.shopperReference, storedId)
    if (!usedToken) throw new Error(`422 800 Contract not found: stored payment method ${storedId} is unknown or deleted`)
    const stored = engine.store.cardOf(usedToken.id)
    if (!stored) throw new Error(`422 800 Contract not found: stored payment method ${storedId} has no card`)
    const cvc = readCvc(method)
    if (cvc === undefined && needsCvc(merchant, model)) throw new Error('422 103 CVC is not the right length: a one-click payment with a stored card needs the CVC (skipCvcForOneClick is off)')
    card = { ...stored, cvv: cvc, holderName: method.holderName ?? stored.holderName }
  } else {
    const read = readCard(method)
    if (!read.ok) {
      const error = read.answer.body as { status: number; errorCode: string; message: string }
      throw new Error(`${error.status} ${error.errorCode} ${error.message}`)
    }
    card = read.card
  }
  const mode = request.storePaymentMethodMode
  const consent = mode === 'askForConsent' ? input.storePaymentMethod === true : undefined
  const store = usedToken === undefined && request.shopperReference !== undefined && (mode === 'enabled' || consent === true || (mode === undefined && request.storePaymentMethod === true))
  const { payment } = authorise(context, {
    merchant,
    reference: request.reference,
    amount: request.amount,
    card,
    usedToken,
    intent: intentOf(mode, request.storePaymentMethod),
    consent,
    store,
    shopperReference: request.shopperReference,
    recurringProcessingModel: model,
    shopperInteraction: request.shopperInteraction,
    sessionId: session.id,
    forcedCode,
    flags: {
      ...commonFlags({ shopperReference: request.shopperReference, recurringProcessingModel: model, shopperInteraction: request.shopperInteraction, amountValue: request.amount.value }),
      flow: 'sessions',
      cvcPresent: card.cvv !== undefined,
      storeWithoutShopperReference: mode !== undefined && mode !== 'disabled' && request.shopperReference === undefined,
      // Seed 003: subsequent Subscription and UnscheduledCardOnFile payments belong on /payments.
      merchantInitiatedThroughSession: usedToken !== undefined && model !== undefined && model !== 'CardOnFile',
    },
  })
  session.payments.push(payment.pspReference)
  if (payment.resultCode === 'Authorised') record.status = 'completed'
  const refusal = payment.refusalReasonCode ? adyenRefusalReasons[payment.refusalReasonCode as keyof typeof adyenRefusalReasons] : undefined
  return {
    resultCode: payment.resultCode,
    sessionResult: Buffer.from(JSON.stringify({ sessionId: session.id, pspReference: payment.pspReference })).toString('base64url'),
    pspReference: payment.pspReference,
    ...(refusal ? { refusalReason: refusal.reason } : {}),
  }
}

// ---------------------------------------------------------------------------------------------
// GET /sessions/{sessionId}
// ---------------------------------------------------------------------------------------------

export function sessionResult(context: AdyenContext, merchant: AdyenMerchant, sessionId: string): Answer {
  const session = context.sessions.get(sessionId)
  if (!session || session.merchantAccount !== merchant.merchantAccount) return serviceError('14_0417', `The session ${sessionId} does not exist for this merchant account.`)
  const payments = session.payments.map((psp) => context.payments.get(psp)).filter((p): p is AdyenPayment => p !== undefined)
  const authorised = payments.filter((p) => p.resultCode === 'Authorised')
  const status: SessionResultResponse['status'] =
    authorised.length > 0
      ? 'completed'
      : payments.some((p) => p.resultCode === 'Received' || p.resultCode === 'Pending')
        ? 'paymentPending'
        : context.engine.clock.now() > session.expiresAt
          ? 'expired'
          : 'active'
  const body: SessionResultResponse = {
    id: session.id,
    reference: session.request.reference,
    status,
    ...(authorised.length > 0
      ? {
          payments: authorised.map((p) => {
            const card = context.engine.store.payments.get(p.pspReference)?.card
            return { amount: p.amount, ...(card ? { paymentMethod: { brand: adyenBrand(card.brand), type: 'scheme' } } : {}), pspReference: p.pspReference, resultCode: 'Authorised' as const }
          }),
        }
      : {}),
  }
  return { status: 200, body }
}

// ---------------------------------------------------------------------------------------------
// POST /payments
// ---------------------------------------------------------------------------------------------

export function payments(context: AdyenContext, merchant: AdyenMerchant, request: PaymentRequest, forcedCode: AdyenResultCode | undefined): Answer {
  const { engine } = context
  const storedId = storedIdOf(request.paymentMethod)
  const model = request.recurringProcessingModel
  let card: CardData
  let usedToken: TokenRecord | undefined
  if (storedId !== undefined) {
    usedToken = usableToken(context, merchant.merchantAccount, request.shopperReference, storedId)
    const stored = usedToken ? engine.store.cardOf(usedToken.id) : undefined
    if (!usedToken || !stored) return serviceError('800', `Contract not found: no stored payment method ${storedId} for this shopperReference.`)
    const cvc = readCvc(request.paymentMethod)
    if (cvc === undefined && needsCvc(merchant, model)) return serviceError('103', 'CVC is not the right length: a CardOnFile payment with a stored card needs the CVC unless skipCvcForOneClick is enabled.')
    if (cvc !== undefined && !/^\d{3,4}$/.test(cvc)) return serviceError('103')
    card = { ...stored, cvv: cvc, holderName: request.paymentMethod.holderName ?? stored.holderName }
  } else {
    const read = readCard(request.paymentMethod)
    if (!read.ok) return read.answer
    card = read.card
  }
  const store = usedToken === undefined && request.storePaymentMethod === true && request.shopperReference !== undefined
  const { payment, token } = authorise(context, {
    merchant,
    reference: request.reference,
    amount: request.amount,
    card,
    usedToken,
    intent: request.storePaymentMethod === true ? 'enabled' : 'none',
    store,
    shopperReference: request.shopperReference,
    recurringProcessingModel: model,
    shopperInteraction: request.shopperInteraction,
    forcedCode,
    flags: {
      ...commonFlags({ shopperReference: request.shopperReference, recurringProcessingModel: model, shopperInteraction: request.shopperInteraction, amountValue: request.amount.value }),
      flow: 'payments',
      cvcPresent: card.cvv !== undefined,
      storeWithoutShopperReference: request.storePaymentMethod === true && request.shopperReference === undefined,
      storeWithoutRecurringProcessingModel: request.storePaymentMethod === true && model === undefined,
    },
  })
  return { status: 200, body: paymentAnswer(merchant, payment, card, token) }
}

// ---------------------------------------------------------------------------------------------
// POST /payments/details
// ---------------------------------------------------------------------------------------------

/** The mock issues no redirects of its own; `redirectResult` is looked up as the payment's pspReference. */
export function paymentsDetails(context: AdyenContext, merchant: AdyenMerchant, request: PaymentDetailsRequest): Answer {
  const psp = request.details.redirectResult ?? request.details.threeDSResult
  const payment = psp ? context.payments.get(psp) : undefined
  if (!payment || payment.merchantAccount !== merchant.merchantAccount) return serviceError('00_422', 'Unprocessable entity: the details do not match a payment of this merchant account.')
  const record = context.engine.store.payments.get(payment.pspReference)
  const token = record?.tokenId ? context.engine.store.tokens.get(record.tokenId) : undefined
  const card = context.engine.store.cardOf(payment.pspReference)
  const body: PaymentDetailsResponse = paymentAnswer(merchant, payment, card, token)
  return { status: 200, body }
}

// ---------------------------------------------------------------------------------------------
// POST /paymentMethods, GET/DELETE /storedPaymentMethods
// ---------------------------------------------------------------------------------------------

export function paymentMethods(context: AdyenContext, merchant: AdyenMerchant, request: PaymentMethodsRequest): Answer {
  const body: PaymentMethodsResponse = {
    paymentMethods: [{ type: 'scheme', name: 'Cards', brands: ['visa', 'mc', 'amex'] }],
    ...(request.shopperReference !== undefined
      ? { storedPaymentMethods: shopperTokens(context, merchant.merchantAccount, request.shopperReference).map((t) => storedPaymentMethodOf(context, t)) }
      : {}),
  }
  return { status: 200, body }
}
