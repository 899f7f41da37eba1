/**
 * Pivot's overrides of the schema-derived arbitraries (generators/): whole-rupiah amounts and a
 * card plaintext whose number, expiry and CVC agree.
 */
import fc from 'fast-check'
import { card, merchantReference, mm, money, patchPresent, yyyy } from '../../generators/domain.ts'
import type { ArbitraryOverrides } from '../../generators/overrides.ts'
import { pivotTestCards } from './test-cards.ts'

const pivotCard = card({ testCards: pivotTestCards, brands: ['VISA', 'MASTERCARD', 'JCB'], lengths: [13, 14, 15, 16, 17, 18, 19] })

export const pivotArbitraries: ArbitraryOverrides = {
  schemas: {
    // Pivot takes IDR as an integer of whole rupiah (NOTES.md), although ISO 4217 gives IDR 2 decimals.
    Amount: () => money({ currencies: ['IDR'], exponents: { IDR: 0 }, minMinor: 10_000, maxMajor: 50_000_000 }).map((m) => ({ value: m.minor, currency: 'IDR' as const })),
    CardPlaintext: ({ derived }) =>
      fc.tuple(derived(), pivotCard).map(([value, c]) =>
        patchPresent(value as Record<string, unknown>, { number: c.number, expiryMonth: mm(c.expiry), expiryYear: yyyy(c.expiry), cvc: c.cvv }),
      ),
  },
  pointers: {
    '/$defs/CreatePaymentSessionRequest/properties/clientReferenceId': () => merchantReference({ maxLength: 255 }),
  },
}
