import type { TestCard } from '../core/types.ts'
import type { AdyenRefusalReasonCode, AdyenResultCode } from './result-codes.ts'

const CARDS = 'https://docs.adyen.com/development-resources/testing/test-card-numbers/'
const THREE_DS = 'https://docs.adyen.com/development-resources/testing/3d-secure-2-authentication/'
const HOLDER = 'https://docs.adyen.com/development-resources/test-cards/result-code-testing/testing-with-card-holder-name'

/** The expiry and CVC every Adyen test card takes; other values are declined (HOLDER page). */
export const ADYEN_TEST_EXPIRY = { month: '03', year: '2030' } as const
export const ADYEN_TEST_CVC = { default: '737', amex: '7373' } as const

/** Adyen test cards. Outcomes other than success come from the holder name (`adyenHolderNameTriggers`). */
export const adyenTestCards = [
  { number: '4111111111111111', brand: 'VISA', country: 'NL', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Visa, 03/2030, CVC 737', source: CARDS },
  { number: '5555555555554444', brand: 'MASTERCARD', country: 'NL', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Mastercard, 03/2030, CVC 737', source: CARDS },
  { number: '370000000000002', brand: 'AMEX', country: 'NL', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'American Express, 03/2030, CVC 7373', source: CARDS, assumed: true },
] as const satisfies readonly TestCard<AdyenResultCode>[]

/**
 * Adyen's 3D Secure 2 test cards: the issuer always challenges the shopper (on Adyen's test ACS page,
 * here the mock's redirect page), then authorises. Kept apart from `adyenTestCards`, which the
 * generators and suites draw from, so a generated payment stays final without a buyer step
 * (NOTES.md, "3D Secure and redirects").
 */
export const adyenThreeDsTestCards = [
  { number: '4917610000000000', brand: 'VISA', country: 'NL', funding: 'CREDIT', behaviour: { kind: 'challenge', then: 'success' }, label: 'Visa 3D Secure 2, 03/2030, CVC 737', source: THREE_DS, assumed: true },
  { number: '5454545454545454', brand: 'MASTERCARD', country: 'NL', funding: 'CREDIT', behaviour: { kind: 'challenge', then: 'success' }, label: 'Mastercard 3D Secure 2, 03/2030, CVC 737', source: THREE_DS, assumed: true },
] as const satisfies readonly TestCard<AdyenResultCode>[]

/** Whether authorising this card number needs the shopper's 3D Secure challenge first. */
export const isAdyenThreeDsCard = (number: string): boolean => adyenThreeDsTestCards.some((c) => c.number === number)

export interface HolderNameTrigger {
  readonly resultCode: AdyenResultCode
  readonly refusalReasonCode?: AdyenRefusalReasonCode
  /** A Received payment settles to this after `settleAfterMs` of the engine's clock. */
  readonly settles?: { readonly afterMs: number; readonly to: 'Authorised' }
}

/**
 * `paymentMethod.holderName` values that force a result in Adyen's test environment (matched
 * case-sensitively, as documented). PENDING answers Received and authorises later (NOTES.md).
 */
export const adyenHolderNameTriggers = {
  APPROVED: { resultCode: 'Authorised' },
  UNKNOWN: { resultCode: 'Error', refusalReasonCode: '0' },
  DECLINED: { resultCode: 'Refused', refusalReasonCode: '2' },
  REFERRAL: { resultCode: 'Refused', refusalReasonCode: '3' },
  ERROR: { resultCode: 'Error', refusalReasonCode: '4' },
  BLOCK_CARD: { resultCode: 'Refused', refusalReasonCode: '5' },
  CARD_EXPIRED: { resultCode: 'Refused', refusalReasonCode: '6' },
  INVALID_AMOUNT: { resultCode: 'Refused', refusalReasonCode: '7' },
  INVALID_CARD_NUMBER: { resultCode: 'Refused', refusalReasonCode: '8' },
  ISSUER_UNAVAILABLE: { resultCode: 'Refused', refusalReasonCode: '9' },
  NOT_SUPPORTED: { resultCode: 'Refused', refusalReasonCode: '10' },
  NOT_3D_AUTHENTICATED: { resultCode: 'Refused', refusalReasonCode: '11' },
  NOT_ENOUGH_BALANCE: { resultCode: 'Refused', refusalReasonCode: '12' },
  PENDING: { resultCode: 'Received', settles: { afterMs: 10 * 60_000, to: 'Authorised' } },
  ACQUIRER_FRAUD: { resultCode: 'Refused', refusalReasonCode: '14' },
  CANCELLED: { resultCode: 'Cancelled', refusalReasonCode: '15' },
  SHOPPER_CANCELLED: { resultCode: 'Cancelled', refusalReasonCode: '16' },
} as const satisfies Record<string, HolderNameTrigger>

export type AdyenHolderName = keyof typeof adyenHolderNameTriggers
export const HOLDER_NAME_SOURCE = HOLDER
