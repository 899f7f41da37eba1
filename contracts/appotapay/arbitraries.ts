/**
 * AppotaPay's overrides of the schema-derived arbitraries (generators/): VND amounts, 16-digit
 * Luhn-valid cards, and the card-or-token rule its docs state but the schema leaves open.
 */
import fc from 'fast-check'
import { card, mm, money, patchPresent, yy } from '../../generators/domain.ts'
import type { ArbitraryOverrides, OverrideContext } from '../../generators/overrides.ts'
import { appotapayTestCards } from './test-cards.ts'

/** The card form takes exactly 16 digits (CardInput), so only brands with 16-digit numbers. */
const appotapayCard = card({ testCards: appotapayTestCards, lengths: [16], brands: ['VISA', 'MASTERCARD', 'JCB'] })

/** `card` is required_if there is no `tokenId` (schemas.ts, cardOrToken): a request names one. */
const cardOrToken = ({ derived }: OverrideContext) =>
  derived().filter((r) => {
    const request = r as { card?: unknown; tokenId?: unknown }
    return request.card !== undefined || request.tokenId !== undefined
  })

export const appotapayArbitraries: ArbitraryOverrides = {
  schemas: {
    // VND has no minor units (ISO 4217 exponent 0): whole dong, in steps of 1,000 as prices are.
    VndAmount: () => money({ currencies: ['VND'], minMinor: 1, maxMajor: 50_000 }).map((m) => m.minor * 1000),
    CardInput: ({ derived }) =>
      fc.tuple(derived(), appotapayCard).map(([value, c]) =>
        patchPresent(value as Record<string, unknown>, { number: c.number, expirationMonth: mm(c.expiry), expirationYear: yy(c.expiry), cvv: c.cvv }),
      ),
    EnrollmentRequest: cardOrToken,
    ChargeRequest: cardOrToken,
  },
}
