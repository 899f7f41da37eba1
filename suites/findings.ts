/**
 * What a conformance run produces: per provider and scenario a result, and for each broken rule a
 * finding with the recorded exchanges that show it (already masked by the mock's recorder).
 */
import type { Severity } from './rules.ts'

/**
 * One piece of evidence: a recorded exchange (`inbound` to the mock, `outbound` notification), what
 * the integration answered through the driver (`driver`), or the mock's own record of payments,
 * tokens and notifications (`mock`). Card numbers are masked to first 6 / last 4, CVVs removed.
 */
export interface Evidence {
  readonly exchangeId?: number
  readonly direction: 'inbound' | 'outbound' | 'driver' | 'mock'
  readonly operation?: string
  readonly method?: string
  readonly url?: string
  readonly status?: number
  readonly request?: unknown
  readonly response?: unknown
  readonly note?: string
}

export interface Finding {
  /** Stable across runs: `<rule>/<provider>/<scenario>`, then `/<flow>` for a scenario run per flow. */
  readonly id: string
  readonly ruleId: string
  readonly severity: Severity
  readonly title: string
  readonly provider: string
  readonly scenario: string
  /** The flow of the scenario's run, for a scenario that runs once per flow. */
  readonly flow?: string
  /** What was observed, in one sentence. */
  readonly message: string
  /** The provider's document (or the rule's general source) the rule comes from. */
  readonly citation: string
  readonly evidence: readonly Evidence[]
  /** The likely mistake, in one line: where to look first. */
  readonly hint?: string
  /** What groups this finding with others of the same mistake across scenarios (a rule id, or a narrower cause). */
  readonly cause?: string
  /** Findings of the same scenario that follow from this one, listed here instead of beside it. */
  readonly consequences?: readonly { readonly ruleId: string; readonly title: string; readonly message: string }[]
}

import type { MockGap } from './mock-gaps.ts'

export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'error'

export interface ScenarioResult {
  readonly provider: string
  readonly scenario: string
  /** The flow of this run, for a scenario that runs once per flow. */
  readonly flow?: string
  readonly title: string
  readonly status: ScenarioStatus
  /** Why it was skipped (a known gap) or why it could not run. */
  readonly reason?: string
  /**
   * For a skipped run, whose side it is on: the provider has no such thing (not part of the
   * catalogue for it), or the integration does not offer what the scenario needs (part of the
   * catalogue it left unexercised).
   */
  readonly skippedFor?: 'provider' | 'integration'
  readonly rules: readonly string[]
  readonly findings: readonly Finding[]
  readonly durationMs: number
  /** Calls the mock did not serve and fields it ignored during this run: the mock's gaps, not the merchant's findings. */
  readonly mockGaps?: readonly MockGap[]
}

export interface ConformanceRun {
  readonly integration: string
  readonly startedAt: string
  readonly durationMs: number
  readonly providers: readonly string[]
  readonly results: readonly ScenarioResult[]
}

/** The rule ids a run found broken, sorted and unique: what the detection matrix compares. */
export function brokenRules(run: ConformanceRun): string[] {
  return [...new Set(run.results.flatMap((r) => r.findings.map((f) => f.ruleId)))].sort()
}
