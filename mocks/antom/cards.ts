import { antomTestCards } from '../../contracts/antom/test-cards.ts'
import type { PaymentResultInfo, VaultedPaymentMethodDetail } from '../../contracts/antom/schemas.ts'
import { cardFacts } from '../engine/outcomes.ts'
import { brandOf, maskCard, type CardData, type MaskedCard, type TokenRecord } from '../engine/store.ts'
import { PROVIDER_ID, type AntomContext } from './context.ts'

/** Antom shows a saved card as its last four digits only (seed 000: `************0197`). */
export const antomMaskedNo = (card: MaskedCard): string => `************${card.last4}`

/** Antom card tokens look like base64 with an ALIPAY prefix (vault_method, cof docs). */
export const newCardToken = (engine: { randomBytes(size: number): Buffer }): string => `ALIPAY${engine.randomBytes(48).toString('base64')}`

export function maskedCardOf(card: CardData): MaskedCard {
  const testCard = antomTestCards.find((c) => c.number === card.number)
  return maskCard(card, testCard?.brand ?? brandOf(card.number))
}

/**
 * The token for a card saved by a merchant, reusing the active token of the same card and buyer:
 * a buyer who saves the same card twice keeps one token.
 */
export function saveCard(
  context: AntomContext,
  input: { merchantId: string; buyerRef: string | undefined; card: CardData; sourcePaymentId?: string; sourceVaultingId?: string },
): TokenRecord {
  const { store, clock } = context.engine
  const existing = store.activeTokenFor(PROVIDER_ID, input.merchantId, input.buyerRef, input.card.number)
  if (existing) return existing
  const token: TokenRecord = {
    id: newCardToken(context.engine),
    provider: PROVIDER_ID,
    merchantId: input.merchantId,
    buyerRef: input.buyerRef,
    card: maskedCardOf(input.card),
    status: 'active',
    usage: 'multiple',
    uses: 0,
    createdAt: clock.now(),
    sourcePaymentId: input.sourcePaymentId,
    sourceVaultingId: input.sourceVaultingId,
  }
  store.saveToken(token, input.card)
  if (input.buyerRef) store.buyer(PROVIDER_ID, input.merchantId, input.buyerRef, clock.now()).tokenIds.push(token.id)
  return token
}

/** The active token a merchant may charge, or undefined for an unknown, foreign or deleted one. */
export function usableToken(context: AntomContext, merchantId: string, tokenId: string): TokenRecord | undefined {
  const token = context.engine.store.tokens.get(tokenId)
  return token && token.provider === PROVIDER_ID && token.merchantId === merchantId && token.status === 'active' ? token : undefined
}

export function paymentResultInfo(card: MaskedCard, pan: string | undefined, options: { token?: string | undefined; challenged?: boolean; networkTransactionId: string }): PaymentResultInfo {
  const facts = pan ? cardFacts(pan, antomTestCards) : { country: 'US', funding: 'CREDIT' as const }
  return {
    cardNo: antomMaskedNo(card),
    cardBrand: card.brand,
    ...(options.token ? { cardToken: options.token } : {}),
    issuingCountry: facts.country,
    funding: facts.funding,
    paymentMethodRegion: 'GLOBAL',
    cardCategory: 'CONSUMER',
    avsResultRaw: 'I',
    cvvResultRaw: '',
    networkTransactionId: options.networkTransactionId,
    ...(options.challenged ? { threeDSResult: { threeDSVersion: '2.2.0', eci: '05', challenged: true } } : {}),
  }
}

export function vaultedDetail(token: TokenRecord): VaultedPaymentMethodDetail {
  return {
    paymentMethodType: 'CARD',
    card: {
      cardToken: token.id,
      maskedCardNo: antomMaskedNo(token.card),
      brand: token.card.brand,
      expiryMonth: token.card.expiryMonth,
      expiryYear: token.card.expiryYear,
      lastFour: token.card.last4,
    },
  }
}
