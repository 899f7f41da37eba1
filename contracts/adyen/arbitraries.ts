/**
 * Adyen's overrides of the schema-derived arbitraries (generators/): amounts in minor units,
 * pseudonymous shopper references, and raw card fields that Adyen's test environment accepts.
 */
import fc from 'fast-check'
import { buyerReference, merchantReference, money, mostlyWithout, patchPresent, publishedTestCard } from '../../generators/domain.ts'
import type { ArbitraryOverrides } from '../../generators/overrides.ts'
import { ADYEN_TEST_CVC, ADYEN_TEST_EXPIRY, adyenHolderNameTriggers, adyenTestCards } from './test-cards.ts'

const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY', 'KWD', 'SEK', 'AUD', 'SGD', 'HKD', 'BRL'] as const

/**
 * Adyen's test cards work only with 03/2030 and CVC 737 (7373 for Amex), so the raw card fields use
 * exactly those; a random future expiry would be a decline, not a plausible request.
 */
const testCardFields = publishedTestCard(adyenTestCards).map((c) => ({
  type: 'scheme',
  number: c.number,
  expiryMonth: ADYEN_TEST_EXPIRY.month,
  expiryYear: ADYEN_TEST_EXPIRY.year,
  cvc: c.brand === 'AMEX' ? ADYEN_TEST_CVC.amex : ADYEN_TEST_CVC.default,
}))

/** Plain names, and now and then a documented holder-name trigger so the behaviours get exercised. */
const holderName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('J Smith', 'Ana Souza', 'Nguyen Van A', 'Li Wei') }, { weight: 1, arbitrary: fc.constantFrom(...Object.keys(adyenHolderNameTriggers)) })

export const adyenArbitraries: ArbitraryOverrides = {
  schemas: {
    Amount: () => money({ currencies: CURRENCIES }).map((m) => ({ currency: m.currency, value: m.minor })),
    // No PII in shopperReference (seed 003): never an e-mail, a phone number or a name.
    ShopperReference: () => buyerReference({ minLength: 3, maxLength: 256 }),
    // A generated stored-card id names no stored card: one request in ten (Adyen's 800), the rest pay
    // with the test card's fields.
    CardDetails: ({ derived }) =>
      fc
        .tuple(mostlyWithout(derived(), ['storedPaymentMethodId', 'recurringDetailReference']), testCardFields, holderName)
        .map(([value, fields, name]) =>
          patchPresent(value as Record<string, unknown>, {
            ...fields,
            holderName: name,
            // The encrypted fields take `test_` + the raw value in the test environment (Adyen's 701 otherwise).
            encryptedCardNumber: `test_${fields.number}`,
            encryptedExpiryMonth: `test_${fields.expiryMonth}`,
            encryptedExpiryYear: `test_${fields.expiryYear}`,
            encryptedSecurityCode: `test_${fields.cvc}`,
          }),
        ),
    // expiresAt must fall within 24 h of the mock's clock, which a generator cannot read: Adyen's default (1 h) applies.
    CreateCheckoutSessionRequest: ({ derived }) => mostlyWithout(derived(), ['expiresAt'], 0),
  },
  pointers: {
    '/$defs/CreateCheckoutSessionRequest/properties/reference': () => merchantReference({ maxLength: 80 }),
    '/$defs/PaymentRequest/properties/reference': () => merchantReference({ maxLength: 80 }),
  },
}
