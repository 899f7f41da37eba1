/**
 * AppotaPay's overrides of the schema-derived arbitraries (generators/): VND amounts, 16-digit
 * Luhn-valid cards, and the card-or-token rule its docs state but the schema leaves open.
 */
import fc from 'fast-check'
import { card, mm, money, mostlyWithout, patchPresent, yy } from '../../generators/domain.ts'
import type { ArbitraryOverrides, OverrideContext } from '../../generators/overrides.ts'
import { appotapayTestCards } from './test-cards.ts'

/** The card form takes exactly 16 digits (CardInput), so only brands with 16-digit numbers. */
const appotapayCard = card({ testCards: appotapayTestCards, lengths: [16], brands: ['VISA', 'MASTERCARD', 'JCB'] })

/**
 * `card` is required_if there is no `tokenId` (schemas.ts, cardOrToken), and a request names exactly
 * one (the mock answers code 1 to both). A generated token id names no token: a new card nine times in ten.
 */
const cardOrToken = ({ derived }: OverrideContext) =>
  fc
    .tuple(derived(), fc.nat(9))
    .filter(([r]) => {
      const request = r as { card?: unknown; tokenId?: unknown }
      return request.card !== undefined || request.tokenId !== undefined
    })
    .map(([r, draw]) => {
      const request = { ...(r as Record<string, unknown>) }
      if (request.card !== undefined && request.tokenId !== undefined) delete request[draw === 0 ? 'card' : 'tokenId']
      return request
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
    // An authenticationId comes from an enrollment: a generated one names none (code 36) in one request in ten.
    ChargeRequest: (context) => mostlyWithout(cardOrToken(context), ['authenticationId']),
  },
}
