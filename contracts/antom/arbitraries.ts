/**
 * Antom's overrides of the schema-derived arbitraries (generators/): what its JSON Schema cannot
 * say, and what makes a generated request plausible for Antom rather than merely valid.
 */
import fc from 'fast-check'
import { card, idempotencyKey, mm, money, mostlyWithout, patchPresent, buyerReference, yy, type CardSample } from '../../generators/domain.ts'
import type { ArbitraryOverrides, OverrideContext } from '../../generators/overrides.ts'
import { antomTestCards } from './test-cards.ts'

/** Currencies seen in Antom's docs and samples; amounts use their ISO 4217 minor units. */
const CURRENCIES = ['USD', 'EUR', 'GBP', 'HKD', 'SGD', 'CNY', 'JPY', 'KRW', 'AUD', 'MYR', 'THB', 'PHP', 'BRL', 'MXN'] as const

/** cardNo is 12–19 digits in the schema; every brand fits, the published cards come first in line. */
const antomCard = card({ testCards: antomTestCards, lengths: [12, 13, 14, 15, 16, 17, 18, 19] })

/** Card fields agree with each other: the CVV has the brand's length, the expiry is in the future. */
const cardFields = (c: CardSample) => ({ cardNo: c.number, cvv: c.cvv, expiryMonth: mm(c.expiry), expiryYear: yy(c.expiry) })

/** A card number comes with its expiry (Antom's PARAM_ILLEGAL otherwise), even where the schema makes it optional. */
const withCard = ({ derived }: OverrideContext) =>
  fc.tuple(derived(), antomCard).map(([value, c]) => {
    const patched = patchPresent(value as Record<string, unknown>, cardFields(c))
    return patched.cardNo === undefined ? patched : { ...patched, expiryMonth: mm(c.expiry), expiryYear: yy(c.expiry) }
  })

/** paymentRequestId and vaultingRequestId are Antom's idempotency keys (a retry reuses them). */
const requestId = () => idempotencyKey()

export const antomArbitraries: ArbitraryOverrides = {
  schemas: {
    Currency: () => fc.constantFrom(...CURRENCIES),
    // value is a string of minor units: "1000" HKD is HKD 10.00, "1000" JPY is JPY 1,000.
    Amount: () => money({ currencies: CURRENCIES }).map((m) => ({ currency: m.currency, value: String(m.minor) })),
    // zod refines "paymentRequestId or paymentId"; JSON Schema has no such rule, so the override keeps it.
    InquiryPaymentRequest: ({ derived }) =>
      derived().filter((r) => {
        const request = r as { paymentRequestId?: unknown; paymentId?: unknown }
        return request.paymentRequestId !== undefined || request.paymentId !== undefined
      }),
    // A generated card token names no saved card: one request in ten reuses one (the documented
    // INVALID_PAYMENT_METHOD_META_DATA), the rest pay with a card; the lifecycle model reuses real ones.
    PaymentMethod: ({ derived }) => mostlyWithout(derived(), ['paymentMethodId']),
    CreatePaymentSessionRequest: ({ derived }) => mostlyWithout(derived(), ['savedPaymentMethods']),
    VaultingCard: withCard,
    CardPaymentMethodMetaData: withCard,
  },
  pointers: {
    '/$defs/Buyer/properties/referenceBuyerId': () => buyerReference({ maxLength: 64 }),
    '/$defs/PayRequest/properties/paymentRequestId': requestId,
    '/$defs/CreatePaymentSessionRequest/properties/paymentRequestId': requestId,
    '/$defs/CreateVaultingSessionRequest/properties/vaultingRequestId': requestId,
    '/$defs/VaultPaymentMethodRequest/properties/vaultingRequestId': requestId,
  },
}
