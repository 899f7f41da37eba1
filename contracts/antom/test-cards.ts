import type { TestCard } from '../core/types.ts'
import type { AntomResultCode } from './result-codes.ts'

const CARDS = 'https://docs.antom.com/ac/ref/card'

/** Antom sandbox test cards and what each does; numbers beyond the documented ones are marked assumed. */
export const antomTestCards = [
  { number: '4054695723100768', brand: 'VISA', country: 'HK', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Global Visa, success', source: CARDS },
  { number: '5162774114974622', brand: 'MASTERCARD', country: 'HK', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'Global Mastercard, success', source: CARDS },
  { number: '4294097400915107', brand: 'VISA', country: 'BR', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'BR Visa, success', source: CARDS },
  { number: '4006055482525268', brand: 'VISA', country: 'MX', funding: 'CREDIT', behaviour: { kind: 'success' }, label: 'MX Visa, success', source: CARDS },
  { number: '4054692760174822', brand: 'VISA', country: 'HK', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DO_NOT_HONOR' }, label: 'Global Visa, declined by issuer', source: CARDS },
  { number: '5162770472561357', brand: 'MASTERCARD', country: 'HK', funding: 'CREDIT', behaviour: { kind: 'decline', code: 'DO_NOT_HONOR' }, label: 'Global Mastercard, declined by issuer', source: CARDS },
  // The pending and 3DS numbers are not published with their behaviour; these are Luhn-valid numbers we reserve.
  { number: '4000000000000101', brand: 'VISA', country: 'HK', funding: 'CREDIT', behaviour: { kind: 'pending', settleAfterMs: 10 * 60_000, then: 'success' }, label: 'Visa, pending then success', source: 'NOTES.md', assumed: true },
  { number: '4000000000000119', brand: 'VISA', country: 'HK', funding: 'CREDIT', behaviour: { kind: 'pending', settleAfterMs: 10 * 60_000, then: { declineCode: 'DO_NOT_HONOR' } }, label: 'Visa, pending then declined', source: 'NOTES.md', assumed: true },
  { number: '4000000000003220', brand: 'VISA', country: 'HK', funding: 'CREDIT', behaviour: { kind: 'challenge', then: 'success' }, label: 'Visa, 3DS challenge then success', source: 'NOTES.md', assumed: true },
  { number: '5100000000000131', brand: 'MASTERCARD', country: 'HK', funding: 'DEBIT', behaviour: { kind: 'decline', code: 'CARD_NOT_SUPPORTED' }, label: 'Mastercard debit, card not supported', source: 'NOTES.md', assumed: true },
] as const satisfies readonly TestCard<AntomResultCode>[]
