/**
 * The judging itself, on merchants the suites were not written beside: a situation the harness
 * could not set up is an `error`, never a finding; every finding shows the mock's own record.
 */
import { expect, test } from 'vitest'
import { runConformance } from './run.ts'
import { bundledWith, offeringOnly, withoutHolderName } from './test-support/driver-wrappers.ts'

test('a decline or pending card the mock did not decline or hold is a set-up error, not a finding against the merchant', async () => {
  // The merchant never hears the holder name Adyen's test environment picks decline and pending by.
  const target = await bundledWith('adyen', (d) => withoutHolderName(offeringOnly(d, 'adyen', ['server_to_server_enabled', 'token_reuse_pay'])))
  try {
    const run = await runConformance(target, { scenarios: ['refused', 'pending-then-success'] })
    expect(run.results.map((r) => ({ scenario: r.scenario, status: r.status, findings: r.findings.length }))).toEqual([
      { scenario: 'pending-then-success', status: 'error', findings: 0 },
      { scenario: 'refused', status: 'error', findings: 0 },
    ])
    for (const result of run.results) expect(result.reason).toMatch(/^the harness could not set up .*Authorised.*holder name/)
  } finally {
    await target.close()
  }
}, 60_000)
