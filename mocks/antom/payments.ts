import { antomContract } from '../../contracts/antom/index.ts'
import type { AntomResultCode } from '../../contracts/antom/result-codes.ts'
import type { CreatePaymentSessionRequest, InquiryPaymentRequest, InquiryPaymentResponse, NotifyPayment, PayRequest, PayResponse } from '../../contracts/antom/schemas.ts'
import { cardOutcome, type CardOutcome } from '../engine/outcomes.ts'
import type { CardData, PaymentRecord, PaymentStatus, TokenizeIntent } from '../engine/store.ts'
import { maskedCardOf, paymentResultInfo, saveCard, usableToken } from './cards.ts'
import { PROVIDER_ID, type AntomContext } from './context.ts'
import { sendNotification } from './notifications.ts'
import { antomTime } from './signing.ts'
import { resultOf, resultOfAny, type AntomResult } from './wire.ts'

/** How long a session stays open when the merchant sets no expiry (see NOTES.md). */
export const DEFAULT_SESSION_TTL_MS = 60 * 60_000

const truthy = (value: boolean | string | undefined): boolean => value === true || value === 'true'

const tokenizeIntent = (mode: string | undefined): TokenizeIntent =>
  mode === 'ASKFORCONSENT' ? 'ask_consent' : mode === 'ENABLED' ? 'enabled' : 'none'

/** The page the buyer is sent to (hosted card page, Checkout Page, 3DS challenge). */
export const pageUrl = (context: AntomContext, kind: string, id: string): string =>
  `${context.baseUrl()}/__tokenproof/pages/antom/${kind}/${encodeURIComponent(id)}`

function newPaymentId(context: AntomContext): string {
  const day = new Date(context.engine.clock.now()).toISOString().slice(0, 10).replace(/-/g, '')
  return context.engine.nextId(`${day}1145`)
}

/** Everything a payment answer or notification says about the payment. */
function paymentFields(context: AntomContext, payment: PaymentRecord) {
  const card = payment.card
  const info = card && payment.status === 'succeeded'
    ? paymentResultInfo(card, context.engine.store.cardOf(payment.id)?.number, {
        token: payment.tokenId,
        challenged: payment.flags.challenged === true,
        networkTransactionId: `58${payment.id.slice(-12)}`,
      })
    : undefined
  return {
    paymentRequestId: payment.requestId,
    paymentId: payment.id,
    paymentAmount: payment.amount,
    paymentCreateTime: antomTime(payment.createdAt),
    ...(payment.settledAt !== undefined && payment.status === 'succeeded' ? { paymentTime: antomTime(payment.settledAt), actualPaymentAmount: payment.amount } : {}),
    ...(info ? { paymentResultInfo: info } : {}),
  }
}

function notifyPayment(context: AntomContext, payment: PaymentRecord, notifyType: NotifyPayment['notifyType']): void {
  const result: AntomResult = notifyType === 'PAYMENT_PENDING' ? resultOf('SUCCESS') : resultOfAny(payment.resultCode)
  sendNotification(context, {
    kind: 'notifyPayment',
    clientId: payment.merchantId,
    url: payment.notifyUrl,
    subject: payment.id,
    body: { notifyType, result, ...paymentFields(context, payment), paymentMethodType: 'CARD' },
  })
}

/** Moves a payment to its final state, saves the card when that applies, and notifies the merchant. */
function settle(context: AntomContext, payment: PaymentRecord, outcome: 'success' | { declineCode: string }): void {
  const { engine } = context
  if (payment.status === 'succeeded' || payment.status === 'failed') return
  payment.updatedAt = engine.clock.now()
  payment.settledAt = engine.clock.now()
  if (outcome === 'success') {
    payment.status = 'succeeded'
    payment.resultCode = 'SUCCESS'
    const saves = payment.tokenize === 'enabled' || (payment.tokenize === 'ask_consent' && payment.consent === true)
    const card = engine.store.cardOf(payment.id)
    if (saves && card) {
      payment.tokenId = saveCard(context, { merchantId: payment.merchantId, buyerRef: payment.buyerRef, card, sourcePaymentId: payment.id }).id
    }
  } else {
    payment.status = 'failed'
    payment.resultCode = outcome.declineCode
  }
  notifyPayment(context, payment, 'PAYMENT_RESULT')
}

/**
 * Charges a card for a payment the buyer or the merchant has just supplied it to, following the
 * test-card table or a scenario's forced code.
 */
function charge(context: AntomContext, payment: PaymentRecord, card: CardData, outcome: CardOutcome): void {
  const { engine } = context
  engine.store.keepCard(payment.id, card)
  payment.card = maskedCardOf(card)
  payment.updatedAt = engine.clock.now()
  switch (outcome.kind) {
    case 'success':
      return settle(context, payment, 'success')
    case 'decline':
      return settle(context, payment, { declineCode: outcome.code })
    case 'invalid_number':
      return settle(context, payment, { declineCode: 'INVALID_CARD_NUMBER' })
    case 'not_processed':
      return settle(context, payment, { declineCode: outcome.code })
    case 'pending': {
      payment.status = 'pending'
      payment.resultCode = 'PAYMENT_IN_PROCESS'
      notifyPayment(context, payment, 'PAYMENT_PENDING')
      engine.scheduleFor(payment.id, engine.clock.now() + outcome.settleAfterMs, () => settle(context, payment, outcome.then))
      return
    }
    case 'challenge':
      payment.status = 'awaiting_buyer'
      payment.resultCode = 'PAYMENT_IN_PROCESS'
      context.challenges.set(payment.id, outcome.then)
      return
  }
}

function payResponse(context: AntomContext, payment: PaymentRecord): PayResponse {
  const result = payment.status === 'succeeded' || payment.status === 'failed' ? resultOfAny(payment.resultCode) : resultOf('PAYMENT_IN_PROCESS')
  const base = { result, ...paymentFields(context, payment) }
  if (payment.status !== 'awaiting_buyer') return base
  const page = context.challenges.has(payment.id) ? 'challenge' : 'payments'
  const url = pageUrl(context, page, payment.id)
  return { ...base, normalUrl: url, redirectActionForm: { method: 'GET', redirectUrl: url } }
}

export interface OperationAnswer<T> {
  readonly body: T
  /** Whether a replay under the same request id returns this answer (false: the request was not processed). */
  readonly keep: boolean
}

const notProcessed = <T>(result: AntomResult): OperationAnswer<T & { result: AntomResult }> => ({ body: { result } as T & { result: AntomResult }, keep: false })

function newPayment(
  context: AntomContext,
  input: { merchantId: string; requestId: string; amount: PaymentRecord['amount']; tokenize: TokenizeIntent; buyerRef: string | undefined; notifyUrl: string | undefined; usedTokenId?: string; sessionId?: string; flags: PaymentRecord['flags'] },
  returnUrl: string | undefined,
): PaymentRecord {
  const now = context.engine.clock.now()
  const status: PaymentStatus = 'awaiting_buyer'
  const id = newPaymentId(context)
  if (returnUrl !== undefined) context.returnUrls.set(id, returnUrl)
  return context.engine.store.payments.put({
    id,
    provider: PROVIDER_ID,
    status,
    resultCode: 'PAYMENT_IN_PROCESS',
    createdAt: now,
    updatedAt: now,
    ...input,
  })
}

/** pay: hosted card page (no card data), server-to-server card data, or a saved card by token. */
export function pay(context: AntomContext, merchantId: string, request: PayRequest, forcedCode: string | undefined, notifyUrl: string | undefined): OperationAnswer<PayResponse> {
  const method = request.paymentMethod
  const meta = method.paymentMethodMetaData ?? {}
  const flags = {
    isCardOnFile: truthy(meta.isCardOnFile),
    cvvPresent: meta.cvv !== undefined,
    tokenizeMode: meta.tokenizeMode,
    productCode: request.productCode,
  }
  const forced = forcedCode !== undefined ? antomContract.resultCodes[forcedCode as AntomResultCode] : undefined
  if (forcedCode !== undefined && (!forced || forced.effect === 'not_processed')) return notProcessed(resultOfAny(forcedCode))

  const common = {
    merchantId,
    requestId: request.paymentRequestId,
    amount: request.paymentAmount,
    buyerRef: request.order?.buyer?.referenceBuyerId,
    notifyUrl,
    flags,
  }
  if (method.paymentMethodId !== undefined) {
    const token = usableToken(context, merchantId, method.paymentMethodId)
    const card = token ? context.engine.store.cardOf(token.id) : undefined
    if (!token || !card) return notProcessed(resultOf('INVALID_PAYMENT_METHOD_META_DATA', 'paymentMethod.paymentMethodId is not an active card token of this merchant.'))
    token.uses++
    const payment = newPayment(context, { ...common, tokenize: 'none', usedTokenId: token.id }, request.paymentRedirectUrl)
    charge(context, payment, card, cardOutcome({ pan: card.number, testCards: antomContract.testCards, resultCodes: antomContract.resultCodes, forcedCode }))
    return { body: payResponse(context, payment), keep: true }
  }
  if (meta.cardNo !== undefined) {
    if (meta.expiryMonth === undefined || meta.expiryYear === undefined) {
      return notProcessed(resultOf('PARAM_ILLEGAL', 'paymentMethod.paymentMethodMetaData.expiryMonth and expiryYear are required with cardNo.'))
    }
    const card: CardData = {
      number: meta.cardNo,
      expiryMonth: meta.expiryMonth,
      expiryYear: meta.expiryYear,
      cvv: meta.cvv,
      holderName: [meta.cardholderName?.firstName, meta.cardholderName?.lastName].filter(Boolean).join(' ') || undefined,
    }
    // Server-to-server has no page to ask on: only ENABLED saves the card.
    const payment = newPayment(context, { ...common, tokenize: meta.tokenizeMode === 'ENABLED' ? 'enabled' : 'none' }, request.paymentRedirectUrl)
    charge(context, payment, card, cardOutcome({ pan: card.number, testCards: antomContract.testCards, resultCodes: antomContract.resultCodes, forcedCode }))
    return { body: payResponse(context, payment), keep: true }
  }
  // Hosted card page: the buyer enters the card (and ticks "save") on Antom's page.
  const payment = newPayment(context, { ...common, tokenize: tokenizeIntent(meta.tokenizeMode) }, request.paymentRedirectUrl)
  if (forcedCode !== undefined) context.forcedOnPage.set(payment.id, forcedCode)
  return { body: payResponse(context, payment), keep: true }
}

/** createPaymentSession: Payment Element, Checkout Page and SDK sessions, with saved cards offered. */
export function createPaymentSession(
  context: AntomContext,
  merchantId: string,
  request: CreatePaymentSessionRequest,
  forcedCode: string | undefined,
  notifyUrl: string | undefined,
) {
  const { engine } = context
  if (forcedCode !== undefined) {
    const forced = antomContract.resultCodes[forcedCode as AntomResultCode]
    if (!forced || forced.effect === 'not_processed') return notProcessed(resultOfAny(forcedCode))
  }
  const offered = [...(request.savedPaymentMethods ?? []).map((m) => m.paymentMethodId), ...(request.paymentMethod?.paymentMethodId ? [request.paymentMethod.paymentMethodId] : [])]
  const unknown = offered.find((tokenId) => !usableToken(context, merchantId, tokenId))
  if (unknown !== undefined) return notProcessed(resultOf('INVALID_PAYMENT_METHOD_META_DATA', 'A saved payment method is not an active card token of this merchant.'))

  const meta = request.availablePaymentMethod?.paymentMethodMetaData
  const now = engine.clock.now()
  const expiresAt = request.paymentSessionExpiryTime ? Date.parse(request.paymentSessionExpiryTime) : now + DEFAULT_SESSION_TTL_MS
  const sessionId = engine.nextId('ps_')
  const payment = newPayment(context, {
    merchantId,
    requestId: request.paymentRequestId,
    amount: request.paymentAmount,
    tokenize: tokenizeIntent(meta?.tokenizeMode),
    buyerRef: request.order.buyer?.referenceBuyerId,
    notifyUrl,
    sessionId,
    flags: { isCardOnFile: truthy(meta?.isCardOnFile), productCode: request.productCode, savedOffered: offered.length > 0 },
  }, request.paymentRedirectUrl)
  engine.store.sessions.put({
    id: sessionId,
    provider: PROVIDER_ID,
    kind: 'payment',
    status: 'open',
    merchantId,
    requestId: request.paymentRequestId,
    paymentId: payment.id,
    expiresAt,
    createdAt: now,
    savedTokenIds: offered,
    tokenize: payment.tokenize,
  })
  if (forcedCode !== undefined) context.forcedOnPage.set(payment.id, forcedCode)
  engine.scheduleFor(sessionId, expiresAt, () => expireSession(context, sessionId))
  return {
    body: {
      result: resultOf('SUCCESS'),
      paymentSessionData: Buffer.from(JSON.stringify({ sessionId, paymentId: payment.id, env: 'tokenproof' })).toString('base64'),
      paymentSessionId: sessionId,
      paymentSessionExpiryTime: antomTime(expiresAt),
      normalUrl: pageUrl(context, 'checkout', sessionId),
    },
    keep: true,
  }
}

function expireSession(context: AntomContext, sessionId: string): void {
  const session = context.engine.store.sessions.get(sessionId)
  if (!session || session.status !== 'open') return
  session.status = 'expired'
  const payment = session.paymentId ? context.engine.store.payments.get(session.paymentId) : undefined
  if (payment && payment.status === 'awaiting_buyer') {
    payment.status = 'expired'
    payment.resultCode = 'ORDER_IS_CLOSED'
    payment.updatedAt = context.engine.clock.now()
  }
}

const INQUIRY_STATUS: Record<PaymentStatus, InquiryPaymentResponse['paymentStatus']> = {
  awaiting_buyer: 'PROCESSING',
  pending: 'PENDING',
  succeeded: 'SUCCESS',
  failed: 'FAIL',
  cancelled: 'CANCELLED',
  expired: 'CANCELLED',
}

/** inquiryPayment: reports exactly what the notification reported (or will report). */
export function inquiryPayment(context: AntomContext, merchantId: string, request: InquiryPaymentRequest): InquiryPaymentResponse {
  const { store } = context.engine
  const byId = request.paymentId === undefined ? undefined : store.payments.get(request.paymentId)
  const byRequest = request.paymentRequestId === undefined ? [] : store.byReference(store.payments, PROVIDER_ID, merchantId, request.paymentRequestId)
  const payment =
    request.paymentId !== undefined
      ? byId?.provider === PROVIDER_ID && byId.merchantId === merchantId
        ? byId
        : undefined
      : (byRequest.find((p) => p.sessionId === undefined) ?? byRequest[0])
  if (!payment) return { result: resultOf('ORDER_NOT_EXIST') }
  const code = resultOfAny(payment.resultCode)
  return {
    result: resultOf('SUCCESS'),
    paymentStatus: INQUIRY_STATUS[payment.status],
    paymentResultCode: code.resultCode,
    paymentResultMessage: code.resultMessage,
    paymentMethodType: 'CARD',
    ...paymentFields(context, payment),
  }
}

/** The buyer pays on a page: a Checkout Page / Payment Element session, or the hosted card page of a pay. */
export function buyerPays(
  context: AntomContext,
  input: { paymentSessionId?: string | undefined; paymentId?: string | undefined; card?: CardData | undefined; savedPaymentMethodId?: string | undefined; saveCard?: boolean | undefined },
): PaymentRecord {
  const { store } = context.engine
  const session = input.paymentSessionId !== undefined ? store.sessions.get(input.paymentSessionId) : undefined
  if (input.paymentSessionId !== undefined && (!session || session.provider !== PROVIDER_ID || session.kind !== 'payment')) throw new Error(`no payment session ${input.paymentSessionId}`)
  if (session && session.status !== 'open') throw new Error(`payment session ${session.id} is ${session.status}`)
  const paymentId = session?.paymentId ?? input.paymentId
  const payment = paymentId !== undefined ? store.payments.get(paymentId) : undefined
  if (!payment || payment.provider !== PROVIDER_ID) throw new Error('no such payment: give paymentSessionId or paymentId')
  if (payment.status !== 'awaiting_buyer' || context.challenges.has(payment.id)) throw new Error(`payment ${payment.id} is not waiting for the buyer's card (status ${payment.status})`)

  let card = input.card
  if (input.savedPaymentMethodId !== undefined) {
    if (!session?.savedTokenIds.includes(input.savedPaymentMethodId)) throw new Error('that saved card was not offered in this session')
    const token = usableToken(context, payment.merchantId, input.savedPaymentMethodId)
    card = token ? store.cardOf(token.id) : undefined
    if (!token || !card) throw new Error('that saved card is no longer usable')
    token.uses++
  }
  if (!card) throw new Error('give a card or a savedPaymentMethodId')
  if (session) session.status = 'completed'
  payment.consent = input.savedPaymentMethodId === undefined ? input.saveCard === true : false
  const forcedCode = context.forcedOnPage.get(payment.id)
  context.forcedOnPage.delete(payment.id)
  charge(context, payment, card, cardOutcome({ pan: card.number, testCards: antomContract.testCards, resultCodes: antomContract.resultCodes, forcedCode }))
  return payment
}

/** The buyer finishes (or fails) the 3DS challenge of a payment. */
export function buyerAuthenticatesPayment(context: AntomContext, paymentId: string, passed: boolean): PaymentRecord {
  const payment = context.engine.store.payments.get(paymentId)
  const then = context.challenges.get(paymentId)
  if (!payment || then === undefined) throw new Error(`payment ${paymentId} has no 3DS challenge waiting`)
  context.challenges.delete(paymentId)
  payment.flags.challenged = true
  settle(context, payment, passed ? then : { declineCode: 'RISK_REJECT' })
  return payment
}
