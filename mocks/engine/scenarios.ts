import { z } from 'zod'

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
})
export type ScenarioRuleInput = z.input<typeof ScenarioRuleInput>

export interface ScenarioRule extends z.infer<typeof ScenarioRuleInput> {
  readonly id: number
  used: number
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
  #nextId = 1

  add(input: ScenarioRuleInput): ScenarioRule {
    const rule: ScenarioRule = { ...ScenarioRuleInput.parse(input), id: this.#nextId++, used: 0 }
    this.#rules.push(rule)
    return rule
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
        (r.card === undefined || (card !== undefined && (r.card.length === 4 ? card.endsWith(r.card) : card === r.card))) &&
        accept(r.effect),
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
    return index >= 0
  }

  clear(): void {
    this.#rules.length = 0
  }
}
