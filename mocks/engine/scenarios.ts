import { createHmac, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { applies, ChanceInput } from './chance.ts'
import { maskPan } from './masking.ts'

/** What a scenario rule does to a matching call. */
export const ScenarioEffect = z.discriminatedUnion('type', [
  /** Answer with this provider result code (its status and effect come from the provider's table). */
  z.object({ type: z.literal('resultCode'), code: z.string().min(1) }),
  /** Answer with a bare HTTP status (a gateway error). */
  z.object({ type: z.literal('httpStatus'), status: z.number().int().min(400).max(599), body: z.string().optional() }),
  /**
   * Hold the call for this many real milliseconds, then process and answer it normally. A client
   * that gives up first gets nothing, and the call is not processed (it never reached the provider).
   */
  z.object({ type: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }),
  /**
   * Process the call, then answer it claiming success, with the provider's answer signature left
   * as it was (`tampered`: it no longer verifies) or taken out (`unsigned`). Only for providers
   * that sign their answers; others answer normally.
   */
  z.object({ type: z.literal('tamperedAnswer'), mode: z.enum(['tampered', 'unsigned']) }),
  /** Never answer: the client times out. The connection is released when the client gives up. */
  z.object({ type: z.literal('noAnswer') }),
])
export type ScenarioEffect = z.infer<typeof ScenarioEffect>

export const ScenarioRuleInput = z.object({
  provider: z.string().optional(),
  /** The provider's operation name (e.g. `pay`); any operation when absent. */
  operation: z.string().optional(),
  /** Matches the card used: a full test card number, or its last four digits. */
  card: z.string().regex(/^\d{4}$|^\d{12,19}$/).optional(),
  /** How many matching calls the rule applies to; unlimited when absent. */
  times: z.number().int().positive().optional(),
  effect: ScenarioEffect,
  /**
   * For `httpStatus` and `noAnswer`: when true, the request is processed and kept (the payment
   * exists) before the answer is lost — the case where a retry must reuse the idempotency key.
   */
  afterProcessing: z.boolean().default(false),
  /** Applies to this share of the matching calls only (a session-wide fault, `tokenproof audit --chaos`), drawn from `seed` when given. */
  ...ChanceInput,
})
export type ScenarioRuleInput = z.input<typeof ScenarioRuleInput>

/**
 * A rule as kept and shown: a full card number is stored masked (first 6, last 4) and matched on a
 * keyed hash of its digits that never leaves the book, so `GET /scenarios` shows no card number.
 */
export interface ScenarioRule extends z.infer<typeof ScenarioRuleInput> {
  readonly id: number
  used: number
  /** Draws made for a rule with a rate. */
  draws: number
}

/** What is known of a call when rules are matched. */
export interface CallFacts {
  readonly provider: string
  readonly operation: string
  readonly card?: string | undefined
}

/**
 * Scenario rules set at run time: "the next N matching calls answer X". Rules are checked in the
 * order they were added; a rule is used up after `times` matches.
 */
export class ScenarioBook {
  readonly #rules: ScenarioRule[] = []
  /** Rule id → keyed hash of its full card number. */
  readonly #cardDigests = new Map<number, string>()
  // Keyed per book: a plain hash of a card number is reversed by trying the ~10^9 numbers of a BIN.
  readonly #key = randomBytes(32)
  #nextId = 1

  #digest(digits: string): string {
    return createHmac('sha256', this.#key).update(digits).digest('hex')
  }

  add(input: ScenarioRuleInput): ScenarioRule {
    const parsed = ScenarioRuleInput.parse(input)
    const id = this.#nextId++
    const full = parsed.card !== undefined && parsed.card.length > 4 ? parsed.card : undefined
    if (full !== undefined) this.#cardDigests.set(id, this.#digest(full))
    const rule: ScenarioRule = { ...parsed, ...(full !== undefined ? { card: maskPan(full) } : {}), id, used: 0, draws: 0 }
    this.#rules.push(rule)
    return rule
  }

  #cardMatches(rule: ScenarioRule, card: string | undefined): boolean {
    if (rule.card === undefined) return true
    if (card === undefined) return false
    if (rule.card.length === 4) return card.endsWith(rule.card)
    return this.#cardDigests.get(rule.id) === this.#digest(card)
  }

  /** Takes the first live rule matching the call, counting the use. */
  take(facts: CallFacts, accept: (effect: ScenarioEffect) => boolean = () => true): ScenarioRule | undefined {
    // Merchants send card numbers as typed ("4111 1111 …"); rules name the digits.
    const card = facts.card?.replace(/[ -]/g, '')
    const rule = this.#rules.find(
      (r) =>
        (r.times === undefined || r.used < r.times) &&
        (r.provider === undefined || r.provider === facts.provider) &&
        (r.operation === undefined || r.operation === facts.operation) &&
        this.#cardMatches(r, card) &&
        accept(r.effect) &&
        // Last: a draw is spent only on a call the rule otherwise matches.
        applies(r),
    )
    if (rule) rule.used++
    return rule
  }

  /** True when no rule can apply (none set, or all used up). */
  isEmpty(): boolean {
    return this.#rules.every((r) => r.times !== undefined && r.used >= r.times)
  }

  list(): readonly ScenarioRule[] {
    return this.#rules
  }

  remove(id: number): boolean {
    const index = this.#rules.findIndex((r) => r.id === id)
    if (index >= 0) this.#rules.splice(index, 1)
    this.#cardDigests.delete(id)
    return index >= 0
  }

  clear(): void {
    this.#rules.length = 0
    this.#cardDigests.clear()
  }
}
