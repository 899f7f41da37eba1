/**
 * Proof of detection power: each faulty merchant gets exactly its expected findings, per provider,
 * and the matrix of variants × rules is printed as the detection score. The reference's own clean
 * run is reference.test.ts, in parallel with this one.
 */
import { afterAll, expect, test } from 'vitest'
import { startBundledTarget } from '../reference-merchant/bundled.ts'
import type { ConformanceRun } from '../../suites/findings.ts'
import { runConformance } from '../../suites/run.ts'
import { detectionMatrix } from './matrix.ts'
import { FAULTY_VARIANTS } from './variants.ts'
import { expectCaughtExactly, type Observed } from './judging.ts'

const observed: Observed = new Map()

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
      expectCaughtExactly(run, variant, provider, observed)
    }, 60_000)
  }
}
