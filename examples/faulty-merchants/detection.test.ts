/**
 * Proof of detection power: each faulty merchant gets exactly its expected findings, per provider,
 * and the matrix of variants × rules is printed as the detection score. The reference's own clean
 * run is reference.test.ts, in parallel with this one.
 */
import { afterAll, expect, test } from 'vitest'
import { startBundledTarget } from '../reference-merchant/bundled.ts'
import { brokenRules, type ConformanceRun } from '../../suites/findings.ts'
import { runConformance } from '../../suites/run.ts'
import { detectionMatrix } from './matrix.ts'
import { FAULTY_VARIANTS } from './variants.ts'
import { contractRegistry } from '../../contracts/registry.ts'

const TEST_CARD_NUMBERS = Object.values(contractRegistry).flatMap((c) => c.testCards.map((card) => card.number))

const observed = new Map<string, Map<string, string[]>>()

afterAll(() => {
  console.log(detectionMatrix(FAULTY_VARIANTS, observed))
})

test('there are at least 12 faulty merchants, each making a different mistake', () => {
  expect(new Set(FAULTY_VARIANTS.map((v) => v.id)).size).toBe(FAULTY_VARIANTS.length)
  expect(FAULTY_VARIANTS.length).toBeGreaterThanOrEqual(12)
})

for (const variant of FAULTY_VARIANTS) {
  for (const provider of variant.providers) {
    test(`${variant.id} with ${provider} is caught with ${variant.expected.join(', ')} and nothing else`, async () => {
      const target = await startBundledTarget({ faults: new Set([variant.fault]), providers: [provider] })
      let run: ConformanceRun
      try {
        // A short answer budget: the no-timeout merchant is caught in 3 s instead of the default 10.
        run = await runConformance(target, { providers: [provider], answerBudgetMs: 3_000 })
      } finally {
        await target.close()
      }
      const found = brokenRules(run)
      const byProvider = observed.get(variant.id) ?? new Map<string, string[]>()
      byProvider.set(provider, found)
      observed.set(variant.id, byProvider)
      expect(run.results.filter((r) => r.status === 'error').map((r) => `${r.scenario}: ${r.reason ?? ''}`)).toEqual([])
      expect(found).toEqual([...variant.expected].sort())
      // Every finding shows the mock's own record next to what the merchant reported.
      expect(run.results.flatMap((r) => r.findings).filter((f) => !f.evidence.some((e) => e.direction === 'mock')).map((f) => f.id)).toEqual([])
      // The findings show the mistake without repeating it: evidence is masked.
      const text = JSON.stringify(run)
      expect(TEST_CARD_NUMBERS.filter((n) => text.includes(n))).toEqual([])
    }, 60_000)
  }
}
