import type { TestCard } from '../core/types.ts'
import type { AppotapayResultCode } from './result-codes.ts'

const CARDS = 'https://docs.appotapay.com/cc-merchant-host/test-scenarios'

/**
 * AppotaPay sandbox test cards. `behaviour` is what a charge does once 3DS is settled as
 * `appotapayThreeDs` requires; the decline cards are ours (no decline card is published).
 */
export const appotapayTestCards = [
  { number: '4000000000001091', brand: 'VISA', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'challenge', then: 'success' }, label: 'Visa, 3DS 2 challenge, charge OK', source: CARDS },
  { number: '5200000000002151', brand: 'MASTERCARD', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'challenge', then: 'success' }, label: 'Mastercard, 3DS 2 challenge, charge OK', source: CARDS },
  { number: '4000000000001000', brand: 'VISA', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Visa, 3DS 2 frictionless, charge OK', source: CARDS },
  { number: '5200000000001005', brand: 'MASTERCARD', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Mastercard, 3DS 2 frictionless, charge OK', source: CARDS },
  // Listed as Mastercard on the test page, and the Token Create sample answers MASTERCARD for it.
  { number: '4000000000000010', brand: 'MASTERCARD', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'success' }, label: '3DS enabled: charge OK only without 3DS', source: CARDS },
  { number: '5200000000000015', brand: 'MASTERCARD', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Mastercard, 3DS enabled: charge OK only without 3DS', source: CARDS },
  { number: '4000000000001075', brand: 'VISA', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Visa, 3DS enabled: charge OK only without 3DS', source: CARDS },
  { number: '5200000000001070', brand: 'MASTERCARD', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Mastercard, 3DS enabled: charge OK only without 3DS', source: CARDS },
  { number: '4000000000000002', brand: 'VISA', country: 'VN', funding: 'CREDIT', behaviour: { kind: 'decline', code: '3034' }, label: 'Visa, declined: stolen or lost card', source: 'NOTES.md', assumed: true },
  { number: '4000000000000127', brand: 'VISA', country: 'VN', funding: 'DEBIT', behaviour: { kind: 'decline', code: '3033' }, label: 'Visa debit, declined: invalid CVN', source: 'NOTES.md', assumed: true },
] as const satisfies readonly TestCard<AppotapayResultCode>[]

/** What 3DS enrollment does for a card. */
export type AppotapayThreeDs =
  /** CARD_ENROLLED: the buyer must pass a challenge; a charge needs a VERIFIED authentication. */
  | 'challenge'
  /** VERIFIED at once (ECI 05); a charge needs the authentication. */
  | 'frictionless'
  /** CARD_ENROLLED, and the challenge always fails: the card charges only without 3DS. */
  | 'enabled_fails'
  /** CARD_NOT_ENROLLED (ECI 06): charge without 3DS. */
  | 'not_enrolled'

/** 3DS enrollment per test card; cards outside the table are not enrolled. */
export const appotapayThreeDs: Readonly<Record<string, AppotapayThreeDs>> = {
  '4000000000001091': 'challenge',
  '5200000000002151': 'challenge',
  '4000000000001000': 'frictionless',
  '5200000000001005': 'frictionless',
  '4000000000000010': 'enabled_fails',
  '5200000000000015': 'enabled_fails',
  '4000000000001075': 'enabled_fails',
  '5200000000001070': 'enabled_fails',
}

/** ECI per 3DS result, as the enrollment page lists them. */
export const appotapayEci = { authenticated: '05', notEnrolled: '06', failed: '07' } as const
