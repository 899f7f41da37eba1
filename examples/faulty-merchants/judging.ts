/**
 * How a detection run of a faulty merchant is judged, whatever language the merchant is written in:
 * exactly its expected rules broken, no scenario in error, every finding backed by the mock's own
 * record, and no test card number anywhere in the run (evidence is masked). Records what was found
 * for the detection matrix.
 */
import { expect } from 'vitest'
import { contractRegistry } from '../../contracts/registry.ts'
import { brokenRules, type ConformanceRun } from '../../suites/findings.ts'

const TEST_CARD_NUMBERS = Object.values(contractRegistry).flatMap((c) => c.testCards.map((card) => card.number))

/** Rules found per variant, then per provider: what detectionMatrix prints. */
export type Observed = Map<string, Map<string, string[]>>

export function expectCaughtExactly(run: ConformanceRun, variant: { readonly id: string; readonly expected: readonly string[] }, provider: string, observed: Observed): void {
  const found = brokenRules(run)
  const byProvider = observed.get(variant.id) ?? new Map<string, string[]>()
  byProvider.set(provider, found)
  observed.set(variant.id, byProvider)
  expect(run.results.filter((r) => r.status === 'error').map((r) => `${r.scenario}: ${r.reason ?? ''}`)).toEqual([])
  expect(found).toEqual([...variant.expected].sort())
  // Every finding shows the mock's own record next to what the merchant reported.
  expect(run.results.flatMap((r) => r.findings).filter((f) => !f.evidence.some((e) => e.direction === 'mock')).map((f) => f.id)).toEqual([])
  // The findings show the mistake without repeating it.
  const text = JSON.stringify(run)
  expect(TEST_CARD_NUMBERS.filter((n) => text.includes(n))).toEqual([])
}
