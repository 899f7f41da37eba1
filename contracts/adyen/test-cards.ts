import type { TestCard } from '../core/types.ts'
import type { AdyenRefusalReasonCode, AdyenResultCode } from './result-codes.ts'

const CARDS = 'https://docs.adyen.com/development-resources/testing/test-card-numbers/'
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
