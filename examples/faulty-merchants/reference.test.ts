/** The reference merchant passes every scenario with every provider: no finding, no error. */
import { expect, test } from 'vitest'
import { startBundledTarget } from '../reference-merchant/bundled.ts'
import { runConformance } from '../../suites/run.ts'
import { contractRegistry } from '../../contracts/registry.ts'

test('the reference merchant conforms with every provider, and skips only declared gaps', async () => {
  const target = await startBundledTarget()
  try {
    const run = await runConformance(target)
    expect([...run.providers].sort()).toEqual(Object.keys(contractRegistry).sort())
    expect(run.results.filter((r) => r.status === 'error' || r.status === 'failed').map((r) => ({ provider: r.provider, scenario: r.scenario, reason: r.reason, findings: r.findings.map((f) => f.message) }))).toEqual([])
    expect(run.results.filter((r) => r.status === 'passed').length).toBeGreaterThan(30)
  } finally {
    await target.close()
  }
}, 120_000)
