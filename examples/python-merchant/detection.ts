/**
 * One detection run of a Python variant: merchant.py with its fault against one provider, the
 * rules found recorded for the matrix. Shared by the per-provider detection test files.
 */
import { runConformance } from '../../suites/run.ts'
import { expectCaughtExactly, type Observed } from '../faulty-merchants/judging.ts'
import { startPythonTarget } from './harness.ts'
import type { PythonVariant } from './variants.ts'

/** A short answer budget keeps the no-timeout variant's runs to seconds; the merchant's own call timeout is under it. */
export const ANSWER_BUDGET_MS = 3_000

export async function detect(variant: PythonVariant, provider: string, observed: Observed): Promise<void> {
  const target = await startPythonTarget({ fault: variant.id, providers: [provider] })
  let run
  try {
    run = await runConformance(target, { providers: [provider], answerBudgetMs: ANSWER_BUDGET_MS })
  } finally {
    await target.close()
  }
  expectCaughtExactly(run, variant, provider, observed)
}
