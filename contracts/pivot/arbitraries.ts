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
    // The rules between a session's fields (seeds/pivot, Create Payment Session):
    // - the card comes with confirm, encrypted with the session's key, so a session names only the
    //   method (required in mode API, optional in REDIRECT where the buyer types the card), and does
    //   not auto-confirm in mode API;
    // - saving needs a customer, showing saved cards needs the customer's id; a generated id names no
    //   customer, so one session in ten carries one (the documented "no such customer");
    // - expiryAt must fall within 30 days of the mock's clock, which a generator cannot read: left out.
    CreatePaymentSessionRequest: ({ derived }) =>
      fc.tuple(derived(), fc.nat(9)).map(([r, draw]) => {
        const { expiryAt, paymentMethod, ...rest } = r as Record<string, unknown>
        void expiryAt
        const api = rest.mode === 'API'
        const customer = rest.customer as Record<string, unknown> | undefined
        const knownCustomer = customer !== undefined && customer.id !== undefined && draw === 0
        const { id, ...details } = customer ?? {}
        void id
        return {
          ...rest,
          ...(api || paymentMethod !== undefined ? { paymentMethod: { type: 'CARD' } } : {}),
          ...(api ? { autoConfirm: false } : {}),
          ...(customer === undefined ? { saveForFuture: false } : { customer: knownCustomer ? customer : details }),
          ...(knownCustomer ? {} : { showSavedPayment: false }),
        }
      }),
  },
  pointers: {
    '/$defs/CreatePaymentSessionRequest/properties/clientReferenceId': () => merchantReference({ maxLength: 255 }),
  },
}
