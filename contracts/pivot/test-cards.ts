import type { TestCard } from '../core/types.ts'
import type { PivotResultCode } from './result-codes.ts'

const CARDS = 'https://docs.pivot-payment.com/api-references/payments-v.2/payment-simulation'

/**
 * Pivot staging test cards (Visa / Mastercard / JCB per scenario), all Luhn-valid. Issuing country
 * ID is assumed (NOTES.md).
 */
export const pivotTestCards = [
  { number: '4440000112200001', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Visa, success, frictionless 3DS', source: CARDS },
  { number: '5550000112230001', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Mastercard, success, frictionless 3DS', source: CARDS },
  { number: '3550000112280001', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'JCB, success, frictionless 3DS', source: CARDS },
  { number: '4440000112290002', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'challenge', then: 'success' }, label: 'Visa, success after a 3DS challenge', source: CARDS },
  { number: '5550000112220002', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'challenge', then: 'success' }, label: 'Mastercard, success after a 3DS challenge', source: CARDS },
  { number: '3550000112270002', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'challenge', then: 'success' }, label: 'JCB, success after a 3DS challenge', source: CARDS },
  { number: '4440000334480001', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'Visa, declined by channel', source: CARDS },
  { number: '5550000334410001', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'Mastercard, declined by channel', source: CARDS },
  { number: '3550000334460001', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'JCB, declined by channel', source: CARDS },
  { number: '4440000334470002', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'Visa, declined by channel (expired card)', source: CARDS },
  { number: '5550000334400002', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'Mastercard, declined by channel (expired card)', source: CARDS },
  { number: '3550000334450002', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'JCB, declined by channel (expired card)', source: CARDS },
  { number: '4440000334460003', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'Visa, declined by channel (bad CVV)', source: CARDS },
  { number: '5550000334490003', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'Mastercard, declined by channel (bad CVV)', source: CARDS },
  { number: '3550000334440003', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DECLINED_BY_CHANNEL' }, label: 'JCB, declined by channel (bad CVV)', source: CARDS },
  { number: '4440000334450004', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'INVALID_ACCOUNT' }, label: 'Visa, invalid account', source: CARDS },
  { number: '5550000334480004', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'INVALID_ACCOUNT' }, label: 'Mastercard, invalid account', source: CARDS },
  { number: '3550000334430004', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'INVALID_ACCOUNT' }, label: 'JCB, invalid account', source: CARDS },
  { number: '4440000334440005', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'challenge', then: { declineCode: 'AUTHENTICATION_FAILED' } }, label: 'Visa, 3DS rejected', source: CARDS },
  { number: '5550000334470005', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'challenge', then: { declineCode: 'AUTHENTICATION_FAILED' } }, label: 'Mastercard, 3DS rejected', source: CARDS },
  { number: '3550000334420005', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'challenge', then: { declineCode: 'AUTHENTICATION_FAILED' } }, label: 'JCB, 3DS rejected', source: CARDS },
  { number: '4440000334430006', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'SUSPECTED_FRAUD' }, label: 'Visa, suspected fraud (issuer)', source: CARDS },
  { number: '5550000334460006', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'SUSPECTED_FRAUD' }, label: 'Mastercard, suspected fraud (issuer)', source: CARDS },
  { number: '3550000334410006', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'SUSPECTED_FRAUD' }, label: 'JCB, suspected fraud (issuer)', source: CARDS },
  { number: '4440000334420007', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'SUSPECTED_FRAUD' }, label: 'Visa, suspected fraud (channel)', source: CARDS },
  { number: '5550000334450007', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'SUSPECTED_FRAUD' }, label: 'Mastercard, suspected fraud (channel)', source: CARDS },
  { number: '3550000334400007', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'SUSPECTED_FRAUD' }, label: 'JCB, suspected fraud (channel)', source: CARDS },
  { number: '4440000334410008', brand: 'VISA', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'BLOCKED_BY_FDS' }, label: 'Visa, blocked by FDS', source: CARDS },
  { number: '5550000334440008', brand: 'MASTERCARD', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'BLOCKED_BY_FDS' }, label: 'Mastercard, blocked by FDS', source: CARDS },
  { number: '3550000334490008', brand: 'JCB', country: 'ID', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'BLOCKED_BY_FDS' }, label: 'JCB, blocked by FDS', source: CARDS },
] as const satisfies readonly TestCard<PivotResultCode>[]
