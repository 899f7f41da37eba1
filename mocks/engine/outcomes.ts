import type { CardBehaviour, ResultCodeTable, TestCard } from '../../contracts/core/types.ts'
import { luhnValid } from './masking.ts'

/** What charging (or verifying) a card will do, decided before any state changes. */
export type CardOutcome =
  | CardBehaviour
  /** The number fails the Luhn check: the provider's invalid-card answer. */
  | { readonly kind: 'invalid_number' }
  /** A forced code that means the request was not processed at all. */
  | { readonly kind: 'not_processed'; readonly code: string }

/** How long a payment forced into `pending` by a scenario waits before it settles as success. */
export const DEFAULT_SETTLE_MS = 10 * 60_000

export interface OutcomeInput {
  readonly pan: string
  readonly testCards: readonly TestCard[]
  readonly resultCodes: ResultCodeTable
  /** A result code forced by a scenario rule. */
  readonly forcedCode?: string | undefined
}

/**
 * The outcome of a card: a scenario's forced code first, then the provider's test-card table; a
 * Luhn-valid number outside the table succeeds, as in the providers' sandboxes.
 */
export function cardOutcome({ pan, testCards, resultCodes, forcedCode }: OutcomeInput): CardOutcome {
  if (forcedCode !== undefined) {
    const entry = resultCodes[forcedCode]
    if (!entry) return { kind: 'not_processed', code: forcedCode }
    switch (entry.effect) {
      case 'succeeded':
        return { kind: 'success' }
      case 'failed':
        return { kind: 'decline', code: forcedCode }
      case 'pending':
        return { kind: 'pending', settleAfterMs: DEFAULT_SETTLE_MS, then: 'success' }
      case 'not_processed':
        return { kind: 'not_processed', code: forcedCode }
    }
  }
  const card = testCards.find((c) => c.number === pan)
  if (card) return card.behaviour
  return luhnValid(pan) ? { kind: 'success' } : { kind: 'invalid_number' }
}

/** The test card's issuing country and funding, with defaults for cards outside the table. */
export function cardFacts(pan: string, testCards: readonly TestCard[]): { country: string; funding: TestCard['funding'] } {
  const card = testCards.find((c) => c.number === pan)
  return { country: card?.country ?? 'US', funding: card?.funding ?? 'CREDIT' }
}
