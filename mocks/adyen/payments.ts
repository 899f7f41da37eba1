import { randomBytes } from 'node:crypto'
import { adyenRefusalReasons, type AdyenResultCode } from '../../contracts/adyen/result-codes.ts'
import { isAdyenThreeDsCard } from '../../contracts/adyen/test-cards.ts'
import type {
  CardDetails,
  CheckoutRedirectAction,
  CreateCheckoutSessionRequest,
  CreateCheckoutSessionResponse,
  PaymentDetailsRequest,
  PaymentDetailsResponse,
  PaymentMethodsRequest,
  PaymentMethodsResponse,
  PaymentRequest,
  PaymentResponse,
  RecurringContractType,
  RecurringProcessingModel,
  SessionResultResponse,
  ShopperInteraction,
} from '../../contracts/adyen/schemas.ts'
import { shopperReferencePii } from '../../contracts/adyen/shopper-reference.ts'
import type { PaymentRecord, PaymentStatus, TokenizeIntent, TokenRecord, CardData } from '../engine/store.ts'
import { intentOf, storageOf } from './tokenization.ts'
import { adyenBrand, maskedCardOf, outcomeOf, readCard, readCvc, saveCard, shopperTokens, storedPaymentMethodOf, usableToken, type Outcome } from './cards.ts'
import { PROVIDER_ID, type AdyenContext, type AdyenPayment, type AdyenSession } from './context.ts'
import type { AdyenMerchant } from './merchants.ts'
import { notifyAuthorisation, notifyRecurringContract } from './notifications.ts'
import { adyenTime, newReference, serviceError, type Answer } from './wire.ts'

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


interface AuthoriseInput {
  readonly merchant: AdyenMerchant
  readonly reference: string
  readonly amount: { readonly currency: string; readonly value: number }
  readonly card: CardData
  readonly usedToken?: TokenRecord | undefined
  readonly intent: TokenizeIntent
  readonly consent?: boolean | undefined
  readonly store: boolean
  /** The contract types a stored card gets (tokenization.ts). */
  readonly contracts: readonly RecurringContractType[]
  readonly shopperReference?: string | undefined
  readonly recurringProcessingModel?: RecurringProcessingModel | undefined
  readonly shopperInteraction?: ShopperInteraction | undefined
  readonly sessionId?: string | undefined
  readonly forcedCode?: AdyenResultCode | undefined
  /** Where the shopper comes back after a redirect (the request's `returnUrl`). */
  readonly returnUrl?: string | undefined
  readonly flags: Record<string, string | boolean | undefined>
}

/** The path of the 3D Secure redirect page, as Adyen's test `checkoutshopper` host has it. */
export const THREE_DS_REDIRECT_PATH = '/checkoutshopper/threeDS/redirect'

/**
 * Whether authorising needs the shopper's 3D Secure challenge first: a 3D Secure test card entered
 * by the shopper (not a stored card, not a result forced by a scenario) with a `returnUrl` to come back to.
 */
const challenges = (input: AuthoriseInput): boolean =>
  input.returnUrl !== undefined && input.forcedCode === undefined && input.usedToken === undefined && isAdyenThreeDsCard(input.card.number)

/** A 3D Secure test card needs a `returnUrl` (Adyen's 14_030) where the flow can redirect the shopper. */
export const missingReturnUrl = (card: CardData, usedToken: TokenRecord | undefined, forcedCode: AdyenResultCode | undefined, returnUrl: string | undefined): boolean =>
  returnUrl === undefined && usedToken === undefined && forcedCode === undefined && isAdyenThreeDsCard(card.number)

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
  const decided = outcomeOf(input.card, input.forcedCode)
  const redirect = challenges(input)
  const outcome: Outcome = redirect ? { resultCode: 'RedirectShopper' } : decided
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
    contracts: input.contracts,
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
  if (redirect && input.returnUrl !== undefined) {
    // The card waits (without its CVC) for the shopper's challenge and /payments/details.
    const md = randomBytes(24).toString('base64url')
    payment.redirect = { md, url: `${context.baseUrl()}${THREE_DS_REDIRECT_PATH}?MD=${md}`, returnUrl: input.returnUrl, outcome: decided, completed: false }
    context.redirects.set(md, payment.pspReference)
    engine.store.keepCard(payment.pspReference, input.card)
    return { payment, token: undefined }
  }
  return { payment, token: settleOrFinish(context, input.merchant, payment, input.card, outcome) }
}

/** Notifies a final outcome now, or schedules a Received one to settle later. */
function settleOrFinish(context: AdyenContext, merchant: AdyenMerchant, payment: AdyenPayment, card: CardData, outcome: Outcome): TokenRecord | undefined {
  const { engine } = context
  const now = engine.clock.now()
  if (outcome.settles) {
    // The card is kept (without its CVC) until the payment settles and may be stored.
    engine.store.keepCard(payment.pspReference, card)
    const settlesTo = outcome.settles.to
    engine.scheduleFor(payment.pspReference, now + outcome.settles.afterMs, () => {
      settle(context, merchant, payment, settlesTo)
    })
    return undefined
  }
  return finish(context, merchant, payment, card)
}

/** A final result: the AUTHORISATION webhook, then RECURRING_CONTRACT when the card was stored. */
function finish(context: AdyenContext, merchant: AdyenMerchant, payment: AdyenPayment, card: CardData): TokenRecord | undefined {
  const record = context.engine.store.payments.get(payment.pspReference)
  let token: TokenRecord | undefined
  if (payment.resultCode === 'Authorised' && payment.store && payment.shopperReference) {
    token = saveCard(context, { merchantAccount: payment.merchantAccount, shopperReference: payment.shopperReference, card, sourcePaymentId: payment.pspReference, contracts: payment.contracts }).token
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
  if (payment.resultCode === 'RedirectShopper' && payment.redirect) {
    return { pspReference: payment.pspReference, resultCode: payment.resultCode, merchantReference: payment.reference, amount: payment.amount, action: redirectAction(payment.redirect.url) }
  }
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

/** The action of a RedirectShopper answer: Drop-in (or the merchant's page) sends the browser to `url` with a GET. */
const redirectAction = (url: string): CheckoutRedirectAction => ({ paymentMethodType: 'scheme', url, method: 'GET', type: 'redirect' })

// ---------------------------------------------------------------------------------------------
// 3D Secure redirect: the shopper's page, then /payments/details
// ---------------------------------------------------------------------------------------------

/** The payment whose redirect page an `MD` opens, while the shopper has not answered it. */
export function paymentOfMd(context: AdyenContext, md: string): AdyenPayment | undefined {
  const psp = context.redirects.get(md)
  const payment = psp === undefined ? undefined : context.payments.get(psp)
  return payment?.redirect?.md === md && payment.redirect.passed === undefined ? payment : undefined
}

/** What the redirect page's buyer step answers: the page sends the browser to `redirectUrl`. */
export interface ShopperAuthenticated {
  readonly status: 'authenticated' | 'not authenticated'
  /** The merchant's `returnUrl` with `redirectResult` (and `sessionId` for a session payment). */
  readonly redirectUrl: string
}

/**
 * The shopper completes (or fails) the 3D Secure challenge on the redirect page. Nothing is
 * authorised yet: as with Adyen, the merchant submits the `redirectResult` the browser brings back
 * to /payments/details. A problem is thrown (the control API answers 409).
 */
export function shopperAuthenticates(context: AdyenContext, input: { pspReference: string; passed: boolean }): ShopperAuthenticated {
  const payment = context.payments.get(input.pspReference)
  const redirect = payment?.redirect
  if (!payment || !redirect) throw new Error(`no 3D Secure challenge for payment ${input.pspReference}`)
  if (redirect.passed !== undefined) throw new Error(`the 3D Secure challenge of payment ${input.pspReference} was already answered`)
  redirect.passed = input.passed
  redirect.redirectResult = randomBytes(48).toString('base64url')
  context.redirects.set(redirect.redirectResult, payment.pspReference)
  const params = new URLSearchParams({ ...(payment.sessionId !== undefined ? { sessionId: payment.sessionId } : {}), redirectResult: redirect.redirectResult })
  const [base = '', fragment] = redirect.returnUrl.split('#', 2)
  const redirectUrl = `${base}${base.includes('?') ? '&' : '?'}${params.toString()}${fragment !== undefined ? `#${fragment}` : ''}`
  return { status: input.passed ? 'authenticated' : 'not authenticated', redirectUrl }
}

/**
 * /payments/details with the shopper's `redirectResult`: the payment is authorised (the outcome its
 * card decides) or, when the shopper failed the challenge, refused with 11 "3D Not Authenticated".
 * Then the webhooks go out as for any final result. A second submission changes nothing.
 */
function completeRedirect(context: AdyenContext, merchant: AdyenMerchant, payment: AdyenPayment): void {
  const { store, clock } = context.engine
  const redirect = payment.redirect
  const record = store.payments.get(payment.pspReference)
  const card = store.cardOf(payment.pspReference)
  if (!redirect || redirect.completed || redirect.passed === undefined || !record || !card) return
  redirect.completed = true
  const outcome: Outcome = redirect.passed ? redirect.outcome : { resultCode: 'Refused', refusalReasonCode: '11' }
  payment.resultCode = outcome.resultCode
  payment.refusalReasonCode = outcome.refusalReasonCode
  record.resultCode = outcome.resultCode
  record.status = STATUS_OF[outcome.resultCode]
  record.updatedAt = clock.now()
  record.flags.threeDS = redirect.passed ? 'passed' : 'failed'
  const session = payment.sessionId ? store.sessions.get(payment.sessionId) : undefined
  if (session && outcome.resultCode === 'Authorised') session.status = 'completed'
  settleOrFinish(context, merchant, payment, card, outcome)
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
  const storage = storageOf(request, 'sessions')
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
    tokenize: intentOf(storage),
  })
  const storing = request.shopperReference !== undefined && storage.mode !== 'disabled'
  const body: CreateCheckoutSessionResponse = {
    id,
    sessionData: Buffer.from(JSON.stringify({ id, merchantAccount: merchant.merchantAccount, at: now })).toString('base64'),
    amount: request.amount,
    expiresAt: adyenTime(expiresAt),
    merchantAccount: request.merchantAccount,
    reference: request.reference,
    returnUrl: request.returnUrl,
    mode: request.mode ?? 'embedded',
    ...(request.shopperReference !== undefined ? { shopperReference: request.shopperReference } : {}),
    ...(request.shopperInteraction !== undefined ? { shopperInteraction: request.shopperInteraction } : {}),
    ...(request.recurringProcessingModel !== undefined ? { recurringProcessingModel: request.recurringProcessingModel } : {}),
    ...(request.storePaymentMethodMode !== undefined ? { storePaymentMethodMode: request.storePaymentMethodMode } : {}),
    ...(storing ? { storePaymentMethod: true } : {}),
    ...(request.enableOneClick !== undefined ? { enableOneClick: request.enableOneClick } : {}),
    ...(request.enableRecurring !== undefined ? { enableRecurring: request.enableRecurring } : {}),
    ...(request.enablePayOut !== undefined ? { enablePayOut: request.enablePayOut } : {}),
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
  /** For RedirectShopper: where Drop-in sends the browser (the 3D Secure redirect page). */
  readonly action?: CheckoutRedirectAction | undefined
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
  const storage = storageOf(request, 'sessions')
  const consent = storage.mode === 'askForConsent' ? input.storePaymentMethod === true : undefined
  const store = usedToken === undefined && request.shopperReference !== undefined && (storage.mode === 'enabled' || consent === true)
  const { payment } = authorise(context, {
    merchant,
    reference: request.reference,
    amount: request.amount,
    card,
    usedToken,
    intent: intentOf(storage),
    consent,
    store,
    contracts: storage.contracts,
    shopperReference: request.shopperReference,
    recurringProcessingModel: model,
    shopperInteraction: request.shopperInteraction,
    sessionId: session.id,
    forcedCode,
    returnUrl: request.returnUrl,
    flags: {
      ...commonFlags({ shopperReference: request.shopperReference, recurringProcessingModel: model, shopperInteraction: request.shopperInteraction, amountValue: request.amount.value }),
      flow: 'sessions',
      cvcPresent: card.cvv !== undefined,
      storeWithoutShopperReference: storage.withoutShopperReference,
      // Seed 003: subsequent Subscription and UnscheduledCardOnFile payments belong on /payments.
      merchantInitiatedThroughSession: usedToken !== undefined && model !== undefined && model !== 'CardOnFile',
    },
  })
  session.payments.push(payment.pspReference)
  if (payment.resultCode === 'Authorised') record.status = 'completed'
  return dropInResult(session, payment)
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
  if (missingReturnUrl(card, usedToken, forcedCode, request.returnUrl)) return serviceError('14_030', 'Return URL is missing: this card needs the 3D Secure redirect, which comes back to returnUrl.')
  const storage = storageOf(request, 'payments')
  const store = usedToken === undefined && storage.mode === 'enabled' && request.shopperReference !== undefined
  const { payment, token } = authorise(context, {
    merchant,
    reference: request.reference,
    amount: request.amount,
    card,
    usedToken,
    intent: intentOf(storage),
    store,
    contracts: storage.contracts,
    shopperReference: request.shopperReference,
    recurringProcessingModel: model,
    shopperInteraction: request.shopperInteraction,
    forcedCode,
    returnUrl: request.returnUrl,
    flags: {
      ...commonFlags({ shopperReference: request.shopperReference, recurringProcessingModel: model, shopperInteraction: request.shopperInteraction, amountValue: request.amount.value }),
      flow: 'payments',
      cvcPresent: card.cvv !== undefined,
      storeWithoutShopperReference: storage.withoutShopperReference,
      storeWithoutRecurringProcessingModel: storage.mode !== 'disabled' && model === undefined,
    },
  })
  return { status: 200, body: paymentAnswer(merchant, payment, card, token) }
}

// ---------------------------------------------------------------------------------------------
// POST /payments/details
// ---------------------------------------------------------------------------------------------

/**
 * The shopper's `redirectResult` completes a payment that waited on its 3D Secure redirect. A
 * pspReference in `redirectResult` or `threeDSResult` answers that payment's result as it stands
 * (a payment that needed no redirect).
 */
export function paymentsDetails(context: AdyenContext, merchant: AdyenMerchant, request: PaymentDetailsRequest): Answer {
  const payment = paymentOfDetails(context, merchant, request.details.redirectResult ?? request.details.threeDSResult)
  if (!payment.ok) return payment.answer
  return { status: 200, body: detailsAnswer(context, merchant, payment.payment) }
}

type DetailsLookup = { readonly ok: true; readonly payment: AdyenPayment } | { readonly ok: false; readonly answer: Answer }

/** The payment the submitted details name, its redirect completed when they carry the shopper's redirectResult. */
function paymentOfDetails(context: AdyenContext, merchant: AdyenMerchant, value: string | undefined): DetailsLookup {
  const psp = value === undefined ? undefined : (context.redirects.get(value) ?? value)
  const payment = psp === undefined ? undefined : context.payments.get(psp)
  if (!payment || payment.merchantAccount !== merchant.merchantAccount) return { ok: false, answer: serviceError('00_422', 'Unprocessable entity: the details do not match a payment of this merchant account.') }
  const redirect = payment.redirect
  if (redirect && !redirect.completed) {
    if (redirect.redirectResult === undefined || value !== redirect.redirectResult) return { ok: false, answer: serviceError('00_422', 'Unprocessable entity: the shopper has not come back from the redirect; submit the redirectResult appended to the returnUrl.') }
    completeRedirect(context, merchant, payment)
  }
  return { ok: true, payment }
}

function detailsAnswer(context: AdyenContext, merchant: AdyenMerchant, payment: AdyenPayment): PaymentDetailsResponse {
  const record = context.engine.store.payments.get(payment.pspReference)
  const token = record?.tokenId ? context.engine.store.tokens.get(record.tokenId) : undefined
  const card = context.engine.store.cardOf(payment.pspReference)
  return paymentAnswer(merchant, payment, card, token)
}

/**
 * Drop-in's `submitDetails` for a session payment back from its redirect (the control API buyer
 * action `details`): the same completion as /payments/details, answered as Drop-in's
 * onPaymentCompleted gets it, with a `sessionResult`.
 */
export function shopperSubmitsDetails(context: AdyenContext, input: { sessionId: string; redirectResult: string }): DropInResult {
  const session = context.sessions.get(input.sessionId)
  const merchant = session ? context.merchants.byAccount(session.merchantAccount) : undefined
  if (!session || !merchant) throw new Error(`no session ${input.sessionId}`)
  const found = paymentOfDetails(context, merchant, input.redirectResult)
  if (!found.ok || found.payment.sessionId !== session.id) throw new Error(`422 00_422 the redirectResult does not belong to a payment of session ${session.id}`)
  return dropInResult(session, found.payment)
}

function dropInResult(session: AdyenSession, payment: AdyenPayment): DropInResult {
  const refusal = payment.refusalReasonCode ? adyenRefusalReasons[payment.refusalReasonCode as keyof typeof adyenRefusalReasons] : undefined
  return {
    resultCode: payment.resultCode,
    sessionResult: Buffer.from(JSON.stringify({ sessionId: session.id, pspReference: payment.pspReference })).toString('base64url'),
    pspReference: payment.pspReference,
    ...(refusal ? { refusalReason: refusal.reason } : {}),
    ...(payment.resultCode === 'RedirectShopper' && payment.redirect ? { action: redirectAction(payment.redirect.url) } : {}),
  }
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
