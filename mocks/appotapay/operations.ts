import type { BoundedMap } from '../engine/retention.ts'
import { appotapayContract } from '../../contracts/appotapay/index.ts'
import type { AppotapayResultCode } from '../../contracts/appotapay/result-codes.ts'
import type { ChargeRequest, ChargeResponse, EnrollmentRequest, EnrollmentResponse, EnrollmentStatus, TokenCreateRequest, TokenCreateResponse, CardInput } from '../../contracts/appotapay/schemas.ts'
import { appotapayEci, appotapayThreeDs, type AppotapayThreeDs } from '../../contracts/appotapay/test-cards.ts'
import type { Engine } from '../engine/engine.ts'
import { luhnValid } from '../engine/masking.ts'
import { brandOf, maskCard, type CardData, type MaskedCard, type TokenRecord } from '../engine/store.ts'
import { isResultCode, ulid, vnTime, type ErrorDetail } from './wire.ts'

export const PROVIDER_ID = 'appotapay'

/** Authorisations not captured within 7 days can no longer be captured (charge-capture page). */
export const AUTHORIZATION_VALIDITY_MS = 7 * 24 * 3_600_000

/** What an operation answers: the body of a 200, or an error code with its field details. */
export type Answer<T> = { readonly ok: true; readonly body: T } | { readonly ok: false; readonly code: AppotapayResultCode; readonly errors?: readonly ErrorDetail[] }

const fail = (code: AppotapayResultCode, field?: string, reason?: string): Answer<never> => ({ ok: false, code, ...(field ? { errors: [{ field, reason: reason ?? 'invalid' }] } : {}) })

interface TokenInfo {
  readonly merchantRefId: string
  readonly cardType: 'CREDIT' | 'DEBIT' | 'PREPAID' | 'UNKNOWN'
  readonly country: string
}

interface Authentication {
  readonly id: string
  readonly partner: string
  readonly merchantRefId: string
  readonly tokenId: string | undefined
  /** The card number's fingerprint, to check a charge uses the authenticated card. */
  readonly cardKey: string
  readonly card: MaskedCard
  readonly cardType: TokenInfo['cardType']
  readonly country: string
  readonly threeDs: AppotapayThreeDs
  readonly amount: number
  readonly returnUrl: string
  status: EnrollmentStatus
  eci: string | undefined
  deviceDataCollectionUrl: string | undefined
}

interface Charge {
  readonly partner: string
  readonly authorizedAt: number
  wire: ChargeResponse
}

const chargeRefKey = (partner: string, merchantRefId: string): string => `${partner}\u0000${merchantRefId}`

type RefOperation = 'token' | 'enrollment' | 'charge'

/** The AppotaPay mock's state beside the engine's store (tokens and card data live there). */
export class AppotapayState {
  // Bounded like the store's tokens and payments they hang off (mocks/engine/retention.ts).
  readonly tokenInfo: BoundedMap<string, TokenInfo>
  readonly authentications: BoundedMap<string, Authentication>
  readonly charges: BoundedMap<string, Charge>
  /** Charge ids by partner and merchantRefId: GET by MERCHANT_REFERENCE_ID without a scan. Goes with its charge. */
  readonly chargeByRef: BoundedMap<string, string>
  /**
   * merchantRefIds already used, per partner, by operation: a second use is 3002. Each is kept as long
   * as what its operation makes (a token's reference as long as tokens, an enrollment's or a
   * charge's as long as payments): a reused reference stays a 3002 while its token or charge lives.
   */
  readonly usedRefs: { readonly [Operation in RefOperation]: BoundedMap<string, true> }

  constructor(
    readonly engine: Engine,
    readonly baseUrl: () => string,
  ) {
    this.tokenInfo = engine.sideTable('appotapay.tokenInfo', 'tokens')
    this.authentications = engine.sideTable('appotapay.authentications', 'payments')
    this.chargeByRef = engine.sideTable('appotapay.chargeByRef', 'payments')
    const forgetRef = (id: string, charge: Charge): void => {
      const key = chargeRefKey(charge.partner, charge.wire.merchantRefId)
      if (this.chargeByRef.get(key) === id) this.chargeByRef.delete(key)
    }
    this.charges = engine.sideTable<string, Charge>('appotapay.charges', 'payments', forgetRef)
    this.usedRefs = {
      token: engine.sideTable('appotapay.usedRefs.token', 'tokens'),
      enrollment: engine.sideTable('appotapay.usedRefs.enrollment', 'payments'),
      charge: engine.sideTable('appotapay.usedRefs.charge', 'payments'),
    }
    // A charge goes with its payment record (same id), a token's details with the token.
    engine.onEvict((id) => {
      const charge = this.charges.get(id)
      if (charge) {
        forgetRef(id, charge)
        this.charges.delete(id)
      }
      this.tokenInfo.delete(id)
    })
  }

  get now(): number {
    return this.engine.clock.now()
  }
}

const testCard = (pan: string) => appotapayContract.testCards.find((c) => c.number === pan)
const maskedNumber = (card: MaskedCard): string => `${card.first6}XXXXXX${card.last4}`
const brandName = (card: MaskedCard): 'VISA' | 'MASTERCARD' | 'JCB' | 'AMEX' => (card.brand === 'MASTERCARD' || card.brand === 'JCB' || card.brand === 'AMEX' ? card.brand : 'VISA')
const cardKey = (pan: string): string => `${pan.slice(0, 6)}:${pan.slice(-4)}:${pan.length}`
const toCardData = (card: CardInput): CardData => ({ number: card.number, expiryMonth: card.expirationMonth, expiryYear: card.expirationYear, holderName: card.holderName, cvv: card.cvv })

function cardFacts(pan: string): { masked: MaskedCard; type: TokenInfo['cardType']; country: string } {
  const known = testCard(pan)
  return { masked: maskCard({ number: pan, expiryMonth: '', expiryYear: '' }, known?.brand ?? brandOf(pan)), type: known?.funding ?? 'CREDIT', country: known?.country ?? 'VN' }
}

/** A card's expiry as MM/YY in the past of the engine's clock. */
function expired(month: string, year: string, now: number): boolean {
  const date = new Date(now)
  const current = date.getUTCFullYear() % 100
  const y = Number(year)
  return y < current || (y === current && Number(month) < date.getUTCMonth() + 1)
}


/** Card checks beyond the schema: a real card number that has not expired. */
function checkCard(card: CardInput, now: number): Answer<never> | undefined {
  if (!luhnValid(card.number)) return fail('1', 'card.number', 'invalid card number')
  if (expired(card.expirationMonth, card.expirationYear, now)) return fail('1', 'card.expirationYear', 'card has expired')
  return undefined
}

function refUsed(state: AppotapayState, partner: string, operation: RefOperation, ref: string): boolean {
  return state.usedRefs[operation].has(`${partner}\u0000${ref}`)
}
function useRef(state: AppotapayState, partner: string, operation: RefOperation, ref: string): void {
  state.usedRefs[operation].set(`${partner}\u0000${ref}`, true)
}

// ---------------------------------------------------------------------------------------------

export function tokenCreate(state: AppotapayState, partner: string, request: TokenCreateRequest): Answer<TokenCreateResponse> {
  const bad = checkCard(request.card, state.now)
  if (bad) return bad
  if (refUsed(state, partner, 'token', request.merchantRefId)) return fail('3002', 'merchantRefId', 'already used')
  const now = state.now
  const { store } = state.engine
  const facts = cardFacts(request.card.number)
  const masked: MaskedCard = { ...facts.masked, expiryMonth: request.card.expirationMonth, expiryYear: request.card.expirationYear }
  const token: TokenRecord = {
    id: ulid(now, state.engine.nextId('tok')),
    provider: PROVIDER_ID,
    merchantId: partner,
    card: masked,
    status: 'active',
    usage: request.tokenType === 'SINGLE' ? 'single' : 'multiple',
    uses: 0,
    createdAt: now,
  }
  store.tokens.put(token)
  store.keepCard(token.id, toCardData(request.card))
  state.tokenInfo.set(token.id, { merchantRefId: request.merchantRefId, cardType: facts.type, country: facts.country })
  useRef(state, partner, 'token', request.merchantRefId)
  return {
    ok: true,
    body: {
      tokenId: token.id,
      merchantRefId: request.merchantRefId,
      card: { number: maskedNumber(masked), type: facts.type, brand: brandName(masked), country: facts.country },
      ...(request.billing ? { billing: request.billing } : {}),
      createdAt: vnTime(now),
      updatedAt: vnTime(now),
    },
  }
}

export function tokenDelete(state: AppotapayState, partner: string, tokenId: string, merchantRefId: string): Answer<{ tokenId: string; merchantRefId: string; isDeleted: boolean }> {
  const token = state.engine.store.tokens.get(tokenId)
  if (!token || token.provider !== PROVIDER_ID || token.merchantId !== partner || token.status !== 'active') return fail('3004', 'tokenId', 'token does not exist')
  token.status = 'deleted'
  return { ok: true, body: { tokenId, merchantRefId, isDeleted: true } }
}

/** The card behind a request: its own card, or the card of a token that can still pay. */
function resolveCard(state: AppotapayState, partner: string, request: { card?: CardInput | undefined; tokenId?: string | undefined }): Answer<{ pan: string; data: CardData; token: TokenRecord | undefined }> {
  if (request.card && request.tokenId) return fail('1', 'tokenId', 'send either card or tokenId')
  if (request.card) {
    const bad = checkCard(request.card, state.now)
    return bad ?? { ok: true, body: { pan: request.card.number, data: toCardData(request.card), token: undefined } }
  }
  if (!request.tokenId) return fail('1', 'card', 'required if tokenId is not present')
  const token = state.engine.store.tokens.get(request.tokenId)
  const data = token ? state.engine.store.cardOf(token.id) : undefined
  if (!token || !data || token.provider !== PROVIDER_ID || token.merchantId !== partner || token.status !== 'active') return fail('3004', 'tokenId', 'token does not exist or was deleted')
  if (token.usage === 'single' && token.uses > 0) return fail('3012', 'tokenId', 'SINGLE token already used')
  return { ok: true, body: { pan: data.number, data, token } }
}

export function enrollment(state: AppotapayState, partner: string, request: EnrollmentRequest): Answer<EnrollmentResponse> {
  const resolved = resolveCard(state, partner, request)
  if (!resolved.ok) return resolved
  if (refUsed(state, partner, 'enrollment', request.merchantRefId)) return fail('3002', 'merchantRefId', 'already used')
  useRef(state, partner, 'enrollment', request.merchantRefId)
  const { pan, data, token } = resolved.body
  const facts = cardFacts(pan)
  const threeDs = appotapayThreeDs[pan] ?? 'not_enrolled'
  const id = ulid(state.now, state.engine.nextId('auth')).toUpperCase()
  const challenged = threeDs === 'challenge' || threeDs === 'enabled_fails'
  const auth: Authentication = {
    id,
    partner,
    merchantRefId: request.merchantRefId,
    tokenId: token?.id,
    cardKey: cardKey(pan),
    card: { ...facts.masked, expiryMonth: data.expiryMonth, expiryYear: data.expiryYear },
    cardType: facts.type,
    country: facts.country,
    threeDs,
    amount: request.amount,
    returnUrl: request.returnUrl,
    status: challenged ? 'CARD_ENROLLED' : threeDs === 'frictionless' ? 'VERIFIED' : 'CARD_NOT_ENROLLED',
    eci: challenged ? undefined : threeDs === 'frictionless' ? appotapayEci.authenticated : appotapayEci.notEnrolled,
    deviceDataCollectionUrl: challenged ? `${state.baseUrl()}/acpg/credit-card/authenticate?id=${id}&signature=${ulid(state.now, id)}` : undefined,
  }
  state.authentications.set(id, auth)
  return { ok: true, body: enrollmentBody(auth) }
}

function enrollmentBody(auth: Authentication): EnrollmentResponse {
  return {
    id: auth.id,
    merchantRefId: auth.merchantRefId,
    ...(auth.tokenId ? { tokenId: auth.tokenId } : {}),
    status: auth.status,
    amount: auth.amount,
    currency: 'VND',
    ...(auth.deviceDataCollectionUrl ? { deviceDataCollectionUrl: auth.deviceDataCollectionUrl } : {}),
    card: {
      number: maskedNumber(auth.card),
      expirationMonth: auth.card.expiryMonth,
      expirationYear: auth.card.expiryYear,
      cardBrand: brandName(auth.card),
      cardType: auth.cardType,
      country: auth.country,
    },
    ...(auth.eci ? { eci: auth.eci } : {}),
  }
}

export function enrollmentValidate(state: AppotapayState, partner: string, authenticationId: string): Answer<object> {
  const auth = state.authentications.get(authenticationId)
  if (!auth || auth.partner !== partner) return fail('36', 'authenticationId', 'not found')
  const { id, ...rest } = enrollmentBody(auth)
  return { ok: true, body: { authenticationId: id, ...rest } }
}

/** The buyer's 3DS step on the issuer's page; returns where the browser goes back to. */
export function buyerAuthenticates(state: AppotapayState, authenticationId: string, passed: boolean): { authenticationId: string; status: EnrollmentStatus; redirectUrl: string } {
  const auth = state.authentications.get(authenticationId)
  if (!auth) throw new Error(`no authentication ${authenticationId}`)
  if (auth.status !== 'CARD_ENROLLED') throw new Error(`authentication ${authenticationId} is ${auth.status}: no challenge is waiting`)
  const ok = passed && auth.threeDs === 'challenge'
  auth.status = ok ? 'VERIFIED' : 'FAILED'
  auth.eci = ok ? appotapayEci.authenticated : appotapayEci.failed
  const url = new URL(auth.returnUrl)
  url.searchParams.set('authenticationId', auth.id)
  url.searchParams.set('status', auth.status)
  return { authenticationId: auth.id, status: auth.status, redirectUrl: url.toString() }
}

export function charge(state: AppotapayState, partner: string, request: ChargeRequest, forced: string | undefined): Answer<ChargeResponse> {
  const resolved = resolveCard(state, partner, request)
  if (!resolved.ok) return resolved
  const { pan, data, token } = resolved.body
  if (refUsed(state, partner, 'charge', request.merchantRefId)) return fail('3002', 'merchantRefId', 'already used')

  const threeDs = appotapayThreeDs[pan] ?? 'not_enrolled'
  let auth: Authentication | undefined
  if (request.authenticationId !== undefined) {
    auth = state.authentications.get(request.authenticationId)
    if (!auth || auth.partner !== partner) return fail('36', 'authenticationId', 'not found')
    if (auth.cardKey !== cardKey(pan)) return fail('1', 'authenticationId', 'authenticated another card')
  }
  const authenticated = auth !== undefined && (auth.status === 'VERIFIED' || auth.status === 'CARD_NOT_ENROLLED' || auth.status === 'ENROLLMENT_CHECK_FAILED')
  if (auth && !authenticated) return fail('3013', 'authenticationId', `authentication is ${auth.status}`)
  if ((threeDs === 'challenge' || threeDs === 'frictionless') && !authenticated) return fail('3013', 'authenticationId', 'this card requires 3D Secure')
  // Only a charge that reaches the issuer uses up its reference: after a 3DS refusal the merchant
  // authenticates and sends the same order again.
  useRef(state, partner, 'charge', request.merchantRefId)
  if (forced !== undefined) return { ok: false, code: isResultCode(forced) ? forced : '500' }
  const behaviour = testCard(pan)?.behaviour
  const now = state.now
  const facts = cardFacts(pan)
  const id = ulid(now, state.engine.nextId('chg')).toUpperCase()
  const record = (status: 'succeeded' | 'failed', resultCode: string): void =>
    void state.engine.store.payments.put({
      id,
      provider: PROVIDER_ID,
      requestId: request.merchantRefId,
      merchantId: partner,
      status,
      resultCode,
      amount: { currency: 'VND', value: String(request.amount) },
      card: { ...facts.masked, expiryMonth: data.expiryMonth, expiryYear: data.expiryYear },
      tokenize: 'none',
      usedTokenId: token?.id,
      createdAt: now,
      updatedAt: now,
      flags: { capture: request.capture, authenticated },
    })
  if (behaviour?.kind === 'decline') {
    // The issuer's refusal is kept too (the merchant gets only the error): the record is what the
    // conformance suites prove a refused payment against.
    record('failed', behaviour.code)
    return fail(behaviour.code)
  }

  if (token) token.uses++
  const counter = state.engine.nextId('')
  const wire: ChargeResponse = {
    id,
    ...(auth ? { authenticationId: auth.id } : {}),
    merchantRefId: request.merchantRefId,
    status: request.capture ? 'CAPTURED' : 'AUTHORIZED',
    authorizedAmount: request.amount,
    capturedAmount: request.capture ? request.amount : 0,
    currency: 'VND',
    approvalCode: counter.slice(-6),
    ...(auth?.eci ? { eci: auth.eci } : {}),
    reconciliationId: `AP${counter}`,
    bankReconciliationId: `${counter}${counter.slice(-4)}`,
    ...(token ? { tokenId: token.id } : {}),
    card: {
      number: maskedNumber(facts.masked),
      expirationMonth: data.expiryMonth,
      expirationYear: data.expiryYear,
      cardBrand: brandName(facts.masked),
      cardType: facts.type,
      countryCode: facts.country,
    },
    chargeType: token ? (token.usage === 'single' ? 'BY_SINGLE_TOKEN' : 'BY_MULTIPLE_TOKEN') : 'BY_CARD',
    createdAt: vnTime(now),
    updatedAt: vnTime(now),
  }
  state.charges.set(id, { partner, authorizedAt: now, wire })
  state.chargeByRef.set(chargeRefKey(partner, wire.merchantRefId), id)
  record('succeeded', '0')
  return { ok: true, body: wire }
}

export function capture(state: AppotapayState, partner: string, authorizationId: string, amount: number): Answer<ChargeResponse> {
  const found = state.charges.get(authorizationId)
  if (!found || found.partner !== partner) return fail('36', 'authorizationId', 'not found')
  if (found.wire.status !== 'AUTHORIZED') return fail('1', 'authorizationId', `the charge is ${found.wire.status}, not AUTHORIZED`)
  if (state.now - found.authorizedAt > AUTHORIZATION_VALIDITY_MS) return fail('1', 'authorizationId', 'the authorization is older than 7 days')
  if (amount > found.wire.authorizedAmount) return fail('1', 'amount', 'exceeds the authorized amount')
  found.wire = { ...found.wire, status: 'CAPTURED', capturedAmount: amount, updatedAt: vnTime(state.now) }
  return { ok: true, body: found.wire }
}

export function getCharge(state: AppotapayState, partner: string, reference: string, referenceType: 'APPOTAPAY_REFERENCE_ID' | 'MERCHANT_REFERENCE_ID'): Answer<ChargeResponse> {
  const found =
    referenceType === 'APPOTAPAY_REFERENCE_ID'
      ? state.charges.get(reference)
      : state.charges.get(state.chargeByRef.get(chargeRefKey(partner, reference)) ?? '')
  if (!found || found.partner !== partner) return fail('36', 'creditCardRefId', 'not found')
  return { ok: true, body: found.wire }
}
