/**
 * The second correct merchant (merchant.py, Python standard library, written from docs/ alone)
 * passes every scenario with zero findings and no set-up errors, in each of its configurations,
 * with Antom and Adyen, driven over HTTP like any integration (`tokenproof run --driver`).
 */
import { describe, expect, test } from 'vitest'
import { brokenRules } from '../../suites/findings.ts'
import { runConformance } from '../../suites/run.ts'
import { pythonAvailable, startPythonTarget, type PythonMerchantOptions } from './harness.ts'

const PROVIDERS = ['antom', 'adyen']

async function runAgainst(options: PythonMerchantOptions) {
  const target = await startPythonTarget({ ...options, providers: PROVIDERS })
  try {
    return await runConformance(target, { providers: PROVIDERS, answerBudgetMs: 3_000 })
  } finally {
    await target.close()
  }
}

describe.skipIf(!pythonAvailable)('the Python merchant (skipped: python3 is not on PATH)', () => {
  for (const flows of ['all', 'checkout', 'pages'] as const) {
    test(`offering ${flows} flows, it passes every scenario with Antom and Adyen (manual clock)`, async () => {
      const run = await runAgainst({ flows })
      expect(run.results.filter((r) => r.status === 'error').map((r) => `${r.provider}/${r.scenario}/${r.flow ?? ''}: ${r.reason ?? ''}`)).toEqual([])
      expect(run.results.flatMap((r) => r.findings).map((f) => `${f.id}: ${f.message}`)).toEqual([])
      expect(brokenRules(run)).toEqual([])
      // It ran: both providers, each of the configuration's pay flows.
      expect(new Set(run.results.filter((r) => r.status === 'passed').map((r) => r.provider))).toEqual(new Set(PROVIDERS))
    }, 180_000)
  }

  // One run on the system clock, read by the two tests below.
  let systemRun: ReturnType<typeof runAgainst> | undefined
  const onSystemClock = () => (systemRun ??= runAgainst({ flows: 'all', clock: 'system' }))

  test('offering all flows, it has no finding on the system clock (as `tokenproof serve` runs)', async () => {
    const run = await onSystemClock()
    expect(run.results.flatMap((r) => r.findings).map((f) => `${f.id}: ${f.message}`)).toEqual([])
  }, 180_000)

  test('offering all flows, every scenario sets up on the system clock (the impostor webhooks are sent at their due time)', async () => {
    const run = await onSystemClock()
    expect(run.results.filter((r) => r.status === 'error').map((r) => `${r.provider}/${r.scenario}/${r.flow ?? ''}`)).toEqual([])
  }, 180_000)
})
