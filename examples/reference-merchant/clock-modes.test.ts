/**
 * The same conformance results on the manual clock (tests) and the system clock (`tokenproof
 * serve`), for a merchant that refuses notifications whose timestamp is more than 5 minutes from its
 * own clock (#13 item 3): the scenarios move the engine clock by hours and days, but the timestamps a
 * merchant checks come from the wall clock (docs/conformance.md, Time).
 */
import { expect, test } from 'vitest'
import { runConformance } from '../../suites/run.ts'
import { startBundledTarget } from './bundled.ts'
import { withinWindow } from './provider-adapter.ts'

const FIVE_MINUTES = 5 * 60_000
type ConformanceRun = Awaited<ReturnType<typeof runConformance>>

const outcomes = (run: ConformanceRun) =>
  run.results.map((r) => ({ provider: r.provider, scenario: r.scenario, status: r.status, reason: r.reason, findings: r.findings.map((f) => f.message) }))

async function run(provider: string, clock: 'manual' | 'system'): Promise<ConformanceRun> {
  const target = await startBundledTarget({ providers: [provider], clock, notificationWindowMs: FIVE_MINUTES })
  try {
    return await runConformance(target, { providers: [provider] })
  } finally {
    await target.close()
  }
}

test('the replay window refuses a stamp more than the window away, either way, and a missing one', () => {
  const now = Date.UTC(2026, 5, 1)
  expect(withinWindow(String(now - FIVE_MINUTES), FIVE_MINUTES, now)).toBe(true)
  expect(withinWindow(String(now - FIVE_MINUTES - 1), FIVE_MINUTES, now)).toBe(false)
  expect(withinWindow(new Date(now + FIVE_MINUTES + 1000).toISOString(), FIVE_MINUTES, now)).toBe(false)
  expect(withinWindow('2026-06-01T00:04:00+00:00', FIVE_MINUTES, now)).toBe(true)
  expect(withinWindow(null, FIVE_MINUTES, now)).toBe(false)
  expect(withinWindow(null, undefined, now)).toBe(true)
})

for (const provider of ['antom', 'adyen']) {
  test(`${provider}: a merchant with a 5-minute replay window passes on both clocks, with the same results`, async () => {
    const manual = await run(provider, 'manual')
    const system = await run(provider, 'system')
    const failing = (r: ConformanceRun) => outcomes(r).filter((o) => o.status === 'failed' || o.status === 'error')
    expect(failing(manual)).toEqual([])
    expect(failing(system)).toEqual([])
    expect(outcomes(system)).toEqual(outcomes(manual))
    expect(manual.results.filter((r) => r.status === 'passed').length).toBeGreaterThan(5)
  }, 240_000)
}
