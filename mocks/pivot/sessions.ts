import type { BoundedMap } from '../engine/retention.ts'
import { sha256 } from '../engine/sha256.ts'
import { pivotContract } from '../../contracts/pivot/index.ts'
import type { PivotResultCode } from '../../contracts/pivot/result-codes.ts'
import { CardPlaintext, type ChargeDetail, type ConfirmPaymentSessionRequest, type CreatePaymentSessionRequest, type PaymentCallback, type PaymentSession, type SessionStatus } from '../../contracts/pivot/schemas.ts'
import { PIVOT_RETRYABLE_STATUS } from '../../contracts/pivot/retry-schedule.ts'
import type { CardBehaviour } from '../../contracts/core/types.ts'
import type { ClockTimer } from '../engine/clock.ts'
import type { Engine } from '../engine/engine.ts'
import { otherAmountOf, type DeliveryAnswer } from '../engine/outbox.ts'
import { luhnValid } from '../engine/masking.ts'
import { brandOf, maskCard, type CardData, type MaskedCard, type TokenRecord } from '../engine/store.ts'
import type { PivotMerchant } from './merchants.ts'
import { cardEncryptionKey, decryptCard, isoTime, paymentPageToken, uuidFrom, type ErrorDetail } from './wire.ts'

export const PROVIDER_ID = 'pivot'

/** The default payment window (seed 001: 15 minutes). */
export const DEFAULT_SESSION_MS = 15 * 60_000
/** Longest window a merchant may ask for in expiryAt (NOTES.md). */
export const MAX_SESSION_MS = 30 * 24 * 3_600_000

export type Answer<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly code: PivotResultCode; readonly details: readonly ErrorDetail[] }

const fail = (code: PivotResultCode, field: string, message: string): Answer<never> => ({ ok: false, code, details: [{ field, message }] })

const FINAL: readonly SessionStatus[] = ['PAID', 'FAILED', 'EXPIRED', 'CANCELLED']

interface Customer {
  readonly id: string
  readonly merchantId: string
  readonly givenName: string | undefined
  readonly surname: string | undefined
  readonly email: string | undefined
  readonly phoneNumber: { countryCode: string; number: string } | undefined
  readonly createdAt: number
}

/** A card the buyer or merchant gave for a session, until the charge settles. Never exposed. */
interface PendingCard {
  readonly data: CardData
  /** The stored payment method it came from, when reused. */
  readonly tokenId: string | undefined
  /** Whether it is saved on success. */
  readonly save: boolean
}

interface Session {
  readonly merchant: PivotMerchant
  wire: PaymentSession
  pending: PendingCard | undefined
  expiryTimer: ClockTimer | undefined
  /** paymentMethodOptions.card.captureMethod manual: the charge waits for capture. */
  readonly manualCapture: boolean
}

const referenceKey = (merchantId: string, clientReferenceId: string): string => `${merchantId}\n${clientReferenceId}`
const customerKey = (merchantId: string, email: string | undefined): string => `${merchantId}\u0000${email ?? ''}`

/** The Pivot mock's state beside the engine's store (tokens and card data live there). */
export class PivotState {
  // Bounded like the store's payments and tokens (mocks/engine/retention.ts).
  readonly sessions: BoundedMap<string, Session>
  readonly customers: BoundedMap<string, Customer>
  /** Customer ids by merchant and email, the customer key: found without a scan. Goes with its customer. */
  readonly customerByEmail: BoundedMap<string, string>
  /**
   * Each merchant's clientReferenceIds in use: a lookup, where a scan of every session slowed each
   * create as the store grew. Goes with its session.
   */
  readonly references: BoundedMap<string, true>

  constructor(
    readonly engine: Engine,
    readonly baseUrl: () => string,
  ) {
    // Indexes of the tables below, bounded like them on their own as well: an entry is made with its
    // session or customer and dropped with it, so the bound is a safety net, not a second policy.
    this.references = engine.sideTable('pivot.references', 'payments')
    this.customerByEmail = engine.sideTable('pivot.customerByEmail', 'tokens')
    // An evicted session's expiry must not fire on a session no one can see any more.
    const forgetSession = (session: Session): void => {
      if (session.expiryTimer) engine.clock.cancel(session.expiryTimer)
      session.expiryTimer = undefined
      this.references.delete(referenceKey(session.merchant.merchantId, session.wire.clientReferenceId))
    }
    this.sessions = engine.sideTable<string, Session>('pivot.sessions', 'payments', (_, session) => forgetSession(session))
    // A finished session goes with its payment record (same id) when retention evicts it by age or count.
    engine.onEvict((id) => {
      const session = this.sessions.get(id)
      if (!session) return
      this.sessions.delete(id)
      forgetSession(session)
    })
    this.customers = engine.sideTable<string, Customer>(
      'pivot.customers',
      'tokens',
      (id, customer) => {
        const key = customerKey(customer.merchantId, customer.email)
        if (this.customerByEmail.get(key) === id) this.customerByEmail.delete(key)
      },
    )
  }

  get now(): number {
    return this.engine.clock.now()
  }

  newId(kind: string): string {
    return uuidFrom(this.engine.nextId(`pivot-${kind}-`))
  }
}

const testCard = (pan: string) => pivotContract.testCards.find((c) => c.number === pan)
const behaviourOf = (pan: string): CardBehaviour<string> => testCard(pan)?.behaviour ?? { kind: 'success' }


const fingerprint = (merchantId: string, pan: string): string => sha256(`${merchantId}:${pan}`, 'base64url').slice(0, 22)

// ---------------------------------------------------------------------------------------------
// Customers

function customerFor(state: PivotState, merchant: PivotMerchant, input: CreatePaymentSessionRequest['customer']): Answer<Customer | undefined> {
  if (!input) return { ok: true, data: undefined }
  if (input.id !== undefined) {
    const found = state.customers.get(input.id)
    return found && found.merchantId === merchant.merchantId ? { ok: true, data: found } : fail('404100002', 'customer.id', 'no such customer')
  }
  if (input.email === undefined) return fail('400100001', 'customer.email', 'required for a new customer (email is the customer key)')
  const existingId = state.customerByEmail.get(customerKey(merchant.merchantId, input.email))
  const existing = existingId === undefined ? undefined : state.customers.get(existingId)
  if (existing) return { ok: true, data: existing }
  const customer: Customer = {
    id: state.newId('customer'),
    merchantId: merchant.merchantId,
    givenName: input.givenName,
    surname: input.surname,
    email: input.email,
    phoneNumber: input.phoneNumber,
    createdAt: state.now,
  }
  state.customers.set(customer.id, customer)
  state.customerByEmail.set(customerKey(customer.merchantId, input.email), customer.id)
  return { ok: true, data: customer }
}

const storedMethods = (state: PivotState, customerId: string): TokenRecord[] =>
  state.engine.store.tokensOfBuyer(PROVIDER_ID, customerId).filter((t) => t.status === 'active')

export function retrieveCustomer(state: PivotState, merchant: PivotMerchant, id: string): Answer<object> {
  const customer = state.customers.get(id)
  if (!customer || customer.merchantId !== merchant.merchantId) return fail('404100002', 'id', 'no such customer')
  return {
    ok: true,
    data: {
      id: customer.id,
      ...(customer.givenName ? { givenName: customer.givenName } : {}),
      ...(customer.surname ? { surname: customer.surname } : {}),
      ...(customer.email ? { email: customer.email } : {}),
      ...(customer.phoneNumber ? { phoneNumber: customer.phoneNumber } : {}),
      storedPaymentMethods: storedMethods(state, customer.id).map((t) => {
        const holder = state.engine.store.cardOf(t.id)?.holderName?.split(' ') ?? []
        return {
          token: t.id,
          paymentMethod: 'CARD',
          paymentChannel: t.card.brand,
          status: 'ACTIVE',
          createdAt: isoTime(t.createdAt),
          card: {
            fingerprint: fingerprint(merchant.merchantId, state.engine.store.cardOf(t.id)?.number ?? t.id),
            network: t.card.brand,
            first6: t.card.first6,
            last4: t.card.last4,
            expMonth: t.card.expiryMonth,
            expYear: t.card.expiryYear,
            ...(holder[0] ? { cardHolderFirstName: holder[0] } : {}),
            ...(holder.length > 1 ? { cardHolderLastName: holder.slice(1).join(' ') } : {}),
          },
        }
      }),
      createdAt: isoTime(customer.createdAt),
    },
  }
}

/** Saves a paid card under the customer; the same card twice keeps one stored payment method. Returns its token. */
function saveCard(state: PivotState, merchant: PivotMerchant, customerId: string, card: CardData, paymentId: string): string {
  const { store } = state.engine
  const existing = storedMethods(state, customerId).find((t) => store.cardOf(t.id)?.number === card.number)
  if (existing) return existing.id
  const id = state.newId('token')
  store.tokens.put({ id, provider: PROVIDER_ID, merchantId: merchant.merchantId, buyerRef: customerId, card: maskCard(card, testCard(card.number)?.brand ?? brandOf(card.number)), status: 'active', usage: 'multiple', uses: 0, createdAt: state.now, sourcePaymentId: paymentId })
  store.keepCard(id, card)
  store.buyer(PROVIDER_ID, merchant.merchantId, customerId, state.now).tokenIds.push(id)
  return id
}

// ---------------------------------------------------------------------------------------------
// Cards given to a session

/** A stored payment method of the session's customer, with the CVC typed again. */
function storedCard(state: PivotState, session: Session, token: string, cvc: string | undefined, field: string): Answer<PendingCard> {
  if (cvc === undefined) return fail('400100001', `${field}.cvc`, 'required to pay with a stored payment method')
  const customerId = session.wire.customerId
  const record = state.engine.store.tokens.get(token)
  const data = record ? state.engine.store.cardOf(record.id) : undefined
  if (!record || !data || record.status !== 'active' || record.buyerRef !== customerId || customerId === undefined) return fail('404100002', `${field}.token`, "not a stored payment method of the session's customer")
  return { ok: true, data: { data: { ...data, cvv: cvc }, tokenId: record.id, save: false } }
}

function cardExpired(month: string, year: string, now: number): boolean {
  const date = new Date(now)
  const y = Number(year)
  return y < date.getUTCFullYear() || (y === date.getUTCFullYear() && Number(month) < date.getUTCMonth() + 1)
}

/** A new card from `encryptedCard`. */
function encryptedCard(state: PivotState, encrypted: string, save: boolean, field: string): Answer<PendingCard> {
  const plaintext = decryptCard(encrypted)
  if (plaintext === undefined) return fail('400100001', `${field}.encryptedCard`, 'cannot be decrypted with the session encryptionKey (RSA-OAEP SHA-256, base64)')
  let json: unknown
  try {
    json = JSON.parse(plaintext) as unknown
  } catch {
    return fail('400100001', `${field}.encryptedCard`, 'the decrypted card is not JSON')
  }
  const card = CardPlaintext.safeParse(json)
  if (!card.success) return { ok: false, code: '400100001', details: card.error.issues.map((i) => ({ field: `${field}.encryptedCard.${i.path.join('.')}`, message: i.message })) }
  const c = card.data
  if (!luhnValid(c.number)) return fail('400100001', `${field}.encryptedCard.number`, 'invalid card number')
  if (cardExpired(c.expiryMonth, c.expiryYear, state.now)) return fail('400100001', `${field}.encryptedCard.expiryYear`, 'the card has expired')
  return { ok: true, data: { data: { number: c.number, expiryMonth: c.expiryMonth, expiryYear: c.expiryYear, cvv: c.cvc, holderName: c.cardholderName }, tokenId: undefined, save } }
}

// ---------------------------------------------------------------------------------------------
// Sessions

export async function createPaymentSession(state: PivotState, merchant: PivotMerchant, r: CreatePaymentSessionRequest): Promise<Answer<PaymentSession>> {
  const now = state.now
  const card = r.paymentMethod?.card
  if (r.mode === 'API' && r.paymentMethod === undefined) return fail('400100001', 'paymentMethod', 'required in mode API (type CARD makes the card encryption key)')
  if (r.mode === 'REDIRECT' && card !== undefined) return fail('400100001', 'paymentMethod.card', 'in mode REDIRECT the buyer enters the card on the payment page')
  if (r.mode === 'API' && r.autoConfirm && card === undefined) return fail('400100001', 'paymentMethod.card', 'required with autoConfirm in mode API')
  if (card && (card.encryptedCard === undefined) === (card.token === undefined)) return fail('400100001', 'paymentMethod.card', 'give encryptedCard or token')
  if ((r.showSavedPayment || card?.token !== undefined) && r.customer?.id === undefined) return fail('400100001', 'customer.id', 'required to show or use stored payment methods')
  if (r.saveForFuture && r.customer === undefined) return fail('400100001', 'customer', 'required to save the payment method')
  const expiresAt = r.expiryAt === undefined ? now + DEFAULT_SESSION_MS : Date.parse(r.expiryAt)
  if (expiresAt <= now || expiresAt - now > MAX_SESSION_MS) return fail('400100001', 'expiryAt', 'must be in the future and within 30 days')
  const reference = referenceKey(merchant.merchantId, r.clientReferenceId)
  if (state.references.has(reference)) {
    return fail('409100001', 'clientReferenceId', 'already used by another payment session')
  }
  const customer = customerFor(state, merchant, r.customer)
  if (!customer.ok) return customer

  const id = state.newId('session')
  const wire: PaymentSession = {
    id,
    clientReferenceId: r.clientReferenceId,
    amount: r.amount,
    autoConfirm: r.autoConfirm,
    mode: r.mode,
    bypassStatusPage: r.bypassStatusPage,
    redirectUrl: r.redirectUrl,
    paymentType: r.paymentType,
    ...(r.paymentMethod ? { paymentMethod: { type: r.paymentMethod.type } } : {}),
    ...(r.statementDescriptor ? { statementDescriptor: r.statementDescriptor } : {}),
    expirationMode: 'STRICT',
    saveForFutureUse: r.saveForFuture,
    showSavedPayment: r.showSavedPayment,
    ...(customer.data ? { customerId: customer.data.id } : {}),
    status: 'REQUIRE_PAYMENT_METHOD',
    createdAt: isoTime(now),
    updatedAt: isoTime(now),
    expiryAt: isoTime(expiresAt),
    ...(r.mode === 'API' ? { encryptionKey: cardEncryptionKey().publicKeyPem } : {}),
    ...(r.mode === 'REDIRECT' ? { paymentUrl: `${state.baseUrl()}/pivot/pay/detail?token=${paymentPageToken(id, expiresAt, now)}` } : {}),
    chargeDetails: [],
  }
  const session: Session = { merchant, wire, pending: undefined, expiryTimer: undefined, manualCapture: r.paymentMethodOptions?.card?.captureMethod === 'manual' }
  state.sessions.set(id, session)
  state.references.set(reference, true)
  session.expiryTimer = state.engine.clock.schedule(expiresAt, () => expire(state, id))

  if (r.mode === 'API' && r.autoConfirm && card) {
    const confirmed = confirmWith(state, session, { paymentMethod: { type: 'CARD', card }, saveForFuture: r.saveForFuture })
    if (!confirmed.ok) {
      // The session was not made: nothing of it stays behind.
      if (session.expiryTimer) state.engine.clock.cancel(session.expiryTimer)
      state.sessions.delete(id)
      state.references.delete(reference)
      return confirmed
    }
  }
  return { ok: true, data: session.wire }
}

export function getPaymentSession(state: PivotState, merchant: PivotMerchant, id: string): Answer<PaymentSession> {
  const session = state.sessions.get(id)
  return session && session.merchant.merchantId === merchant.merchantId ? { ok: true, data: session.wire } : fail('404100002', 'id', 'no such payment session')
}

export function confirmPaymentSession(state: PivotState, merchant: PivotMerchant, id: string, r: ConfirmPaymentSessionRequest): Answer<PaymentSession> {
  const session = state.sessions.get(id)
  if (!session || session.merchant.merchantId !== merchant.merchantId) return fail('404100002', 'id', 'no such payment session')
  if (session.wire.mode !== 'API') return fail('403100001', 'mode', 'a REDIRECT session is paid on the payment page')
  return confirmWith(state, session, r)
}

function confirmWith(state: PivotState, session: Session, r: ConfirmPaymentSessionRequest): Answer<PaymentSession> {
  if (session.wire.status !== 'REQUIRE_PAYMENT_METHOD' && session.wire.status !== 'REQUIRE_CONFIRMATION') return fail('403100001', 'status', `the payment session is ${session.wire.status}`)
  const card = r.paymentMethod.card
  if (!card || (card.encryptedCard === undefined) === (card.token === undefined)) return fail('400100001', 'paymentMethod.card', 'give encryptedCard or token')
  const save = (r.saveForFuture ?? session.wire.saveForFutureUse) && session.wire.customerId !== undefined
  const pending = card.token !== undefined ? storedCard(state, session, card.token, card.cvc, 'paymentMethod.card') : encryptedCard(state, card.encryptedCard ?? '', save, 'paymentMethod.card')
  if (!pending.ok) return pending
  if (r.saveForFuture !== undefined) session.wire = { ...session.wire, saveForFutureUse: r.saveForFuture }
  session.pending = pending.data
  const now = state.now
  const charge = newCharge(state, session, pending.data.data, 'WAITING_FOR_AUTHENTICATION')
  session.wire = {
    ...session.wire,
    status: 'REQUIRE_ACTION',
    updatedAt: isoTime(now),
    nextAction: { type: 'REDIRECT_TO_URL', url: `${state.baseUrl()}/pivot/3ds/authenticate?paymentSessionId=${session.wire.id}` },
    chargeDetails: [...session.wire.chargeDetails, charge],
  }
  return { ok: true, data: session.wire }
}

function newCharge(state: PivotState, session: Session, card: CardData, status: ChargeDetail['status']): ChargeDetail {
  const now = state.now
  const masked: MaskedCard = maskCard(card, testCard(card.number)?.brand ?? brandOf(card.number))
  const known = testCard(card.number)
  return {
    id: state.newId('charge'),
    paymentSessionId: session.wire.id,
    paymentSessionClientReferenceId: session.wire.clientReferenceId,
    amount: session.wire.amount,
    status,
    authorizedAmount: 0,
    capturedAmount: 0,
    isCaptured: false,
    createdAt: isoTime(now),
    updatedAt: isoTime(now),
    card: {
      first6: masked.first6,
      last4: masked.last4,
      expMonth: card.expiryMonth,
      expYear: card.expiryYear,
      fingerprint: fingerprint(session.merchant.merchantId, card.number),
      binInformations: { type: known?.funding ?? 'CREDIT', issuingBank: 'TOKENPROOF TEST BANK', brand: masked.brand, country: known?.country ?? 'ID' },
    },
  }
}

export interface BuyerOutcome {
  readonly paymentSessionId: string
  readonly status: SessionStatus
  readonly chargeStatus?: ChargeDetail['status'] | undefined
  readonly failureCode?: string | undefined
  /** Where the payment page or the 3DS page sends the buyer's browser back to. */
  readonly redirectUrl: string
}

function outcomeOf(session: Session): BuyerOutcome {
  const charge = session.wire.chargeDetails.at(-1)
  const { successReturnUrl, failureReturnUrl, expirationReturnUrl } = session.wire.redirectUrl
  const status = session.wire.status
  return {
    paymentSessionId: session.wire.id,
    status,
    chargeStatus: charge?.status,
    ...(charge?.failureCode ? { failureCode: charge.failureCode } : {}),
    redirectUrl: status === 'PAID' ? successReturnUrl : status === 'EXPIRED' ? expirationReturnUrl : failureReturnUrl,
  }
}

function openSession(state: PivotState, id: string): Session {
  const session = state.sessions.get(id)
  if (!session) throw new Error(`no payment session ${id}`)
  return session
}

/**
 * The buyer on the hosted payment page (REDIRECT): a new card (with the "Save for future use" box) or
 * a stored one with its CVC, then the 3DS step on the same page.
 */
export function buyerPaysOnPage(
  state: PivotState,
  input: { paymentSessionId: string; card?: CardData | undefined; savedToken?: string | undefined; cvc?: string | undefined; saveForFutureUse: boolean; passThreeDs: boolean },
): BuyerOutcome {
  const session = openSession(state, input.paymentSessionId)
  if (session.wire.status === 'EXPIRED') return outcomeOf(session)
  if (session.wire.mode !== 'REDIRECT') throw new Error('an API-mode session has no payment page: confirm it with encryptedCard')
  if (session.wire.status !== 'REQUIRE_PAYMENT_METHOD') throw new Error(`the payment session is ${session.wire.status}`)
  let pending: PendingCard
  if (input.savedToken !== undefined) {
    if (!session.wire.showSavedPayment) throw new Error('this payment session does not show saved payment methods (showSavedPayment)')
    const stored = storedCard(state, session, input.savedToken, input.cvc, 'savedToken')
    if (!stored.ok) throw new Error(stored.details.map((d) => `${d.field}: ${d.message}`).join('; '))
    pending = stored.data
  } else if (input.card) {
    if (!luhnValid(input.card.number)) throw new Error('the card number is invalid')
    // The box is only on the page when the merchant enabled saving.
    pending = { data: input.card, tokenId: undefined, save: session.wire.saveForFutureUse && input.saveForFutureUse }
  } else {
    throw new Error('give card or savedToken')
  }
  session.pending = pending
  session.wire = { ...session.wire, chargeDetails: [...session.wire.chargeDetails, newCharge(state, session, pending.data, 'WAITING_FOR_AUTHENTICATION')] }
  settle(state, session, input.passThreeDs)
  return outcomeOf(session)
}

/** The buyer on the 3DS page of an API-mode session. */
export function buyerAuthenticates(state: PivotState, paymentSessionId: string, passed: boolean): BuyerOutcome {
  const session = openSession(state, paymentSessionId)
  if (session.wire.status === 'EXPIRED') return outcomeOf(session)
  if (session.wire.status !== 'REQUIRE_ACTION') throw new Error(`the payment session is ${session.wire.status}: no 3DS step is waiting`)
  settle(state, session, passed)
  return outcomeOf(session)
}

/** The session without its pending 3DS action: once settled or expired there is nothing left to do. */
function withoutAction(wire: PaymentSession): PaymentSession {
  const copy = { ...wire }
  delete copy.nextAction
  return copy
}

/** Authentication and authorisation of the session's pending charge, by the card's behaviour. */
function settle(state: PivotState, session: Session, passed: boolean): void {
  const pending = session.pending
  const charge = session.wire.chargeDetails.at(-1)
  if (!pending || !charge) return
  const now = state.now
  const behaviour = behaviourOf(pending.data.number)
  const challenged = behaviour.kind === 'challenge'
  let failureCode: string | undefined
  if (behaviour.kind === 'decline') failureCode = behaviour.code
  else if (challenged && !passed) failureCode = 'AUTHENTICATION_FAILED'
  else if (challenged && behaviour.then !== 'success') failureCode = behaviour.then.declineCode
  const authFailed = failureCode === 'AUTHENTICATION_FAILED'
  const manual = session.manualCapture
  const amount = session.wire.amount.value
  const settled: ChargeDetail = {
    ...charge,
    status: failureCode ? 'FAILED' : manual ? 'WAITING_FOR_CAPTURE' : 'SUCCESS',
    ...(failureCode ? { failureCode } : {}),
    authorizedAmount: failureCode ? 0 : amount,
    capturedAmount: failureCode || manual ? 0 : amount,
    isCaptured: !failureCode && !manual,
    updatedAt: isoTime(now),
    ...(failureCode ? {} : { paidAt: isoTime(now) }),
    ...(charge.card
      ? {
          card: {
            ...charge.card,
            authenticationResult: {
              threeDsVersion: '2.2.0',
              threeDsResult: authFailed ? 'AUTHENTICATION_FAILED' : challenged ? 'AUTHENTICATION_SUCCESSFUL' : 'FRICTIONLESS',
              threeDsMethod: 'CHALLENGE',
              eciCode: authFailed ? '07' : '05',
            },
          },
        }
      : {}),
  }
  session.wire = { ...withoutAction(session.wire), status: failureCode ? 'FAILED' : 'PAID', updatedAt: isoTime(now), chargeDetails: [...session.wire.chargeDetails.slice(0, -1), settled] }
  const tokenId = !failureCode && pending.save && session.wire.customerId ? saveCard(state, session.merchant, session.wire.customerId, pending.data, session.wire.id) : undefined
  session.pending = undefined
  if (session.expiryTimer) state.engine.clock.cancel(session.expiryTimer)
  session.expiryTimer = undefined
  // The state shows which token the payment saved or used, as for every provider (control-api.md).
  recordPayment(state, session, failureCode, { tokenId, usedTokenId: pending.tokenId })
  notify(state, session, failureCode ? 'PAYMENT.FAILED' : 'PAYMENT.PAID')
}

function expire(state: PivotState, id: string): void {
  const session = state.sessions.get(id)
  if (!session || FINAL.includes(session.wire.status)) return
  const now = state.now
  session.expiryTimer = undefined
  session.pending = undefined
  session.wire = {
    ...withoutAction(session.wire),
    status: 'EXPIRED',
    updatedAt: isoTime(now),
    chargeDetails: session.wire.chargeDetails.map((c) => (c.status === 'SUCCESS' || c.status === 'FAILED' ? c : { ...c, status: 'EXPIRED', updatedAt: isoTime(now) })),
  }
  recordPayment(state, session, 'EXPIRED')
  notify(state, session, 'PAYMENT.EXPIRED')
}

/** Mirrors the session in the engine's store, so the control API's state shows it. */
function recordPayment(state: PivotState, session: Session, failureCode: string | undefined, tokens: { readonly tokenId?: string | undefined; readonly usedTokenId?: string | undefined } = {}): void {
  const charge = session.wire.chargeDetails.at(-1)
  const status = session.wire.status
  state.engine.store.payments.put({
    id: session.wire.id,
    provider: PROVIDER_ID,
    requestId: session.wire.clientReferenceId,
    merchantId: session.merchant.merchantId,
    status: status === 'PAID' ? 'succeeded' : status === 'EXPIRED' ? 'expired' : 'failed',
    resultCode: failureCode ?? '00',
    amount: { currency: 'IDR', value: String(session.wire.amount.value) },
    ...(charge?.card ? { card: { masked: `${charge.card.first6}******${charge.card.last4}`, first6: charge.card.first6, last4: charge.card.last4, brand: brandOf(charge.card.first6), expiryMonth: charge.card.expMonth, expiryYear: charge.card.expYear } } : {}),
    tokenize: session.wire.saveForFutureUse ? 'ask_consent' : 'none',
    buyerRef: session.wire.customerId,
    ...(tokens.tokenId === undefined ? {} : { tokenId: tokens.tokenId }),
    ...(tokens.usedTokenId === undefined ? {} : { usedTokenId: tokens.usedTokenId }),
    createdAt: Date.parse(session.wire.createdAt),
    updatedAt: state.now,
    flags: { mode: session.wire.mode },
  })
}

/** Pivot retries only answers that look transient (and no answer at all). */
export function pivotShouldRetry(answer: DeliveryAnswer | undefined): boolean {
  if (answer === undefined) return true
  const { serverErrors, others } = PIVOT_RETRYABLE_STATUS
  return (answer.status >= serverErrors.from && answer.status <= serverErrors.to) || (others as readonly number[]).includes(answer.status)
}

function notify(state: PivotState, session: Session, event: PaymentCallback['event']): void {
  const body: PaymentCallback = { event, data: session.wire }
  const merchant = session.merchant
  state.engine.outbox.enqueue({
    provider: PROVIDER_ID,
    kind: 'paymentCallback',
    subject: session.wire.id,
    url: merchant.callbackUrl,
    body: JSON.stringify(body),
    // Pivot's callback key is the merchant's own: a callback about another merchant could not carry it, so only the amount varies.
    impostors: { otherAmount: { body: JSON.stringify({ ...body, data: { ...body.data, amount: { ...body.data.amount, value: otherAmountOf(body.data.amount.value) } } }) } },
    schedule: pivotContract.retrySchedule,
    sign: ({ forged, unsigned }) => ({
      'content-type': 'application/json',
      accept: 'application/json',
      ...(unsigned === true ? {} : { 'x-api-key': forged ? 'forged-callback-key' : merchant.callbackApiKey }),
    }),
    isAcknowledged: (answer) => answer.status >= 200 && answer.status < 300,
    shouldRetry: pivotShouldRetry,
  })
}
