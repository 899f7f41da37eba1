import { adyenResultCodes, type AdyenRefusalReasonCode, type AdyenResultCode } from '../../contracts/adyen/result-codes.ts'
import type { CardDetails, RecurringContractType, StoredPaymentMethod, StoredPaymentMethodResource } from '../../contracts/adyen/schemas.ts'
import { ADYEN_TEST_CVC, ADYEN_TEST_EXPIRY, adyenHolderNameTriggers, adyenTestCards, type HolderNameTrigger } from '../../contracts/adyen/test-cards.ts'
import type { CardBrand } from '../../contracts/core/types.ts'
import { luhnValid } from '../engine/masking.ts'
import { brandOf, maskCard, type CardData, type MaskedCard, type TokenRecord } from '../engine/store.ts'
import { PROVIDER_ID, type AdyenContext } from './context.ts'
import { newReference, serviceError, type Answer } from './wire.ts'

/** Adyen's payment method variant names for card brands. */
const ADYEN_BRANDS: Readonly<Record<CardBrand, string>> = {
  VISA: 'visa',
  MASTERCARD: 'mc',
  AMEX: 'amex',
  JCB: 'jcb',
  DINERS: 'diners',
  DISCOVER: 'discover',
  CUP: 'cup',
  MAESTRO: 'maestro',
  OTHER: 'scheme',
}

export const adyenBrand = (brand: CardBrand): string => ADYEN_BRANDS[brand]

const TEST_PREFIX = 'test_'

/** A raw value, or the `test_` value of an encrypted field; a really encrypted value cannot be read here. */
function plain(raw: string | undefined, encrypted: string | undefined): { value?: string; opaque?: true } {
  if (raw !== undefined) return { value: raw }
  if (encrypted === undefined) return {}
  return encrypted.startsWith(TEST_PREFIX) ? { value: encrypted.slice(TEST_PREFIX.length) } : { opaque: true }
}

export type CardRead = { readonly ok: true; readonly card: CardData } | { readonly ok: false; readonly answer: Answer }

/** The card in a payment method, checked the way Adyen validates card fields (422 with the field's code). */
export function readCard(method: CardDetails): CardRead {
  const number = plain(method.number, method.encryptedCardNumber)
  const month = plain(method.expiryMonth, method.encryptedExpiryMonth)
  const year = plain(method.expiryYear, method.encryptedExpiryYear)
  const cvc = plain(method.cvc, method.encryptedSecurityCode)
  if (number.opaque || month.opaque || year.opaque || cvc.opaque) return { ok: false, answer: serviceError('701', 'Encrypted card fields must carry test_ values in the test environment.') }
  if (number.value === undefined || !/^\d{12,19}$/.test(number.value) || !luhnValid(number.value)) return { ok: false, answer: serviceError('101') }
  if (month.value === undefined || year.value === undefined || !/^(0?[1-9]|1[0-2])$/.test(month.value) || !/^\d{4}$/.test(year.value)) return { ok: false, answer: serviceError('129') }
  if (cvc.value !== undefined && !/^\d{3,4}$/.test(cvc.value)) return { ok: false, answer: serviceError('103') }
  return { ok: true, card: { number: number.value, expiryMonth: month.value.padStart(2, '0'), expiryYear: year.value, cvv: cvc.value, holderName: method.holderName } }
}

/** The CVC of a one-click payment with a stored card, raw or `test_`. */
export function readCvc(method: CardDetails): string | undefined {
  return plain(method.cvc, method.encryptedSecurityCode).value
}

export interface Outcome {
  readonly resultCode: AdyenResultCode
  readonly refusalReasonCode?: AdyenRefusalReasonCode | undefined
  readonly settles?: HolderNameTrigger['settles']
}

/** The refusal reason a forced result code is given when it has none of its own. */
const FORCED_REFUSALS: Partial<Record<AdyenResultCode, AdyenRefusalReasonCode>> = { Refused: '2', Error: '4', Cancelled: '15' }
const FORCED_SETTLE_MS = 10 * 60_000

/**
 * What authorising a card does: a scenario's forced result code first, then the holder-name
 * trigger, then the test card's documented expiry and CVC (others are declined), else Authorised.
 */
export function outcomeOf(card: CardData, forcedCode: AdyenResultCode | undefined): Outcome {
  if (forcedCode !== undefined) {
    const effect = adyenResultCodes[forcedCode].effect
    return { resultCode: forcedCode, refusalReasonCode: FORCED_REFUSALS[forcedCode], ...(effect === 'pending' ? { settles: { afterMs: FORCED_SETTLE_MS, to: 'Authorised' as const } } : {}) }
  }
  // The extended form "DECLINED : 06 : ERROR" also sets raw acquirer codes; the first part decides.
  const holder = card.holderName?.split(' : ')[0]?.trim()
  const trigger = holder !== undefined && holder in adyenHolderNameTriggers ? adyenHolderNameTriggers[holder as keyof typeof adyenHolderNameTriggers] : undefined
  if (trigger) return trigger
  const testCard = adyenTestCards.find((c) => c.number === card.number)
  if (testCard) {
    const expectedCvc = testCard.brand === 'AMEX' ? ADYEN_TEST_CVC.amex : ADYEN_TEST_CVC.default
    const expiryOk = card.expiryMonth === ADYEN_TEST_EXPIRY.month && card.expiryYear === ADYEN_TEST_EXPIRY.year
    if (!expiryOk || (card.cvv !== undefined && card.cvv !== expectedCvc)) return { resultCode: 'Refused', refusalReasonCode: '2' }
  }
  return { resultCode: 'Authorised' }
}

export function maskedCardOf(card: CardData): MaskedCard {
  const testCard = adyenTestCards.find((c) => c.number === card.number)
  return maskCard(card, testCard?.brand ?? brandOf(card.number))
}

/**
 * The shopper's token for a card, reusing an active one for the same card: storing twice keeps one
 * token, which then has the contract types of both requests.
 */
export function saveCard(
  context: AdyenContext,
  input: { merchantAccount: string; shopperReference: string; card: CardData; sourcePaymentId: string; contracts: readonly RecurringContractType[] },
): { token: TokenRecord; created: boolean } {
  const { token, created } = storeCard(context, input)
  const contracts = context.contracts.get(token.id) ?? new Set<RecurringContractType>()
  for (const c of input.contracts) contracts.add(c)
  context.contracts.set(token.id, contracts)
  return { token, created }
}

function storeCard(context: AdyenContext, input: { merchantAccount: string; shopperReference: string; card: CardData; sourcePaymentId: string }): { token: TokenRecord; created: boolean } {
  const { store, clock } = context.engine
  const existing = store.activeTokenFor(PROVIDER_ID, input.merchantAccount, input.shopperReference, input.card.number)
  if (existing) return { token: existing, created: false }
  const token: TokenRecord = {
    id: newReference(),
    provider: PROVIDER_ID,
    merchantId: input.merchantAccount,
    buyerRef: input.shopperReference,
    card: maskedCardOf(input.card),
    status: 'active',
    usage: 'multiple',
    uses: 0,
    createdAt: clock.now(),
    sourcePaymentId: input.sourcePaymentId,
  }
  store.saveToken(token, input.card)
  store.buyer(PROVIDER_ID, input.merchantAccount, input.shopperReference, clock.now()).tokenIds.push(token.id)
  return { token, created: true }
}

/** The shopper's active token, or undefined for an unknown, deleted or someone else's one. */
export function usableToken(context: AdyenContext, merchantAccount: string, shopperReference: string | undefined, tokenId: string): TokenRecord | undefined {
  const token = context.engine.store.tokens.get(tokenId)
  return token && token.provider === PROVIDER_ID && token.status === 'active' && token.merchantId === merchantAccount && token.buyerRef === shopperReference ? token : undefined
}

export const shopperTokens = (context: AdyenContext, merchantAccount: string, shopperReference: string): TokenRecord[] =>
  context.engine.store.tokensOfBuyer(PROVIDER_ID, shopperReference).filter((t) => t.status === 'active' && t.merchantId === merchantAccount)

const holderOf = (context: AdyenContext, token: TokenRecord): string | undefined => context.engine.store.cardOf(token.id)?.holderName

/** A stored card as /paymentMethods lists it for Drop-in. */
export function storedPaymentMethodOf(context: AdyenContext, token: TokenRecord): StoredPaymentMethod {
  const holderName = holderOf(context, token)
  return {
    id: token.id,
    type: 'scheme',
    brand: adyenBrand(token.card.brand),
    name: token.card.brand === 'MASTERCARD' ? 'MasterCard' : token.card.brand === 'VISA' ? 'VISA' : token.card.brand,
    lastFour: token.card.last4,
    expiryMonth: token.card.expiryMonth,
    expiryYear: token.card.expiryYear,
    ...(holderName ? { holderName } : {}),
    supportedShopperInteractions: ['Ecommerce', 'ContAuth'],
    supportedRecurringProcessingModels: ['CardOnFile', 'Subscription', 'UnscheduledCardOnFile'],
  }
}

/** A stored card as GET /storedPaymentMethods lists it. */
export function storedResourceOf(context: AdyenContext, token: TokenRecord): StoredPaymentMethodResource {
  const view = storedPaymentMethodOf(context, token)
  return {
    id: view.id,
    type: view.type,
    brand: view.brand,
    name: view.name,
    lastFour: view.lastFour,
    expiryMonth: view.expiryMonth,
    expiryYear: view.expiryYear,
    ...(view.holderName ? { holderName: view.holderName } : {}),
    shopperReference: token.buyerRef ?? '',
    supportedRecurringProcessingModels: view.supportedRecurringProcessingModels,
  }
}
