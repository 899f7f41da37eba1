/**
 * The judging itself, on merchants the suites were not written beside: a situation the harness
 * could not set up is an `error`, never a finding; every finding shows the mock's own record.
 */
import { expect, test } from 'vitest'
import type { ProviderContract } from '../contracts/core/provider-contract.ts'
import { contractRegistry } from '../contracts/registry.ts'
import { startBundledTarget } from '../examples/reference-merchant/bundled.ts'
import type { ProviderAdapter } from '../examples/reference-merchant/provider-adapter.ts'
import { adyenAdapter } from '../examples/reference-merchant/providers/adyen.ts'
import { createReferenceMerchant } from '../examples/reference-merchant/server.ts'
import { startMockServer } from '../mocks/server.ts'
import { createHttpDriver } from './http-driver.ts'
import { buildReport } from '../reports/model.ts'
import { renderMarkdown } from '../reports/markdown.ts'
import { NO_ORDER_RECORD, type MerchantDriverV1 } from './driver.ts'
import { runConformance } from './run.ts'
import { bundledWith, offeringOnly, withoutHolderName } from './test-support/driver-wrappers.ts'

test('a decline or pending card the mock did not decline or hold is a set-up error, not a finding against the merchant', async () => {
  // The merchant never hears the holder name Adyen's test environment picks decline and pending by.
  const target = await bundledWith('adyen', (d) => withoutHolderName(offeringOnly(d, 'adyen', ['server_to_server_enabled', 'token_reuse_pay'])))
  try {
    const run = await runConformance(target, { scenarios: ['refused', 'pending-then-success'] })
    const ran = run.results.filter((r) => r.status !== 'skipped')
    expect(ran.map((r) => ({ scenario: r.scenario, status: r.status, findings: r.findings.length }))).toEqual([
      { scenario: 'pending-then-success', status: 'error', findings: 0 },
      { scenario: 'refused', status: 'error', findings: 0 },
    ])
    for (const result of ran) expect(result.reason).toMatch(/^the harness could not set up .*Authorised.*holder name/)
  } finally {
    await target.close()
  }
}, 60_000)

test('every pay flow a provider declares gets its own runs, and in each its decline and pending cards decline and pend on the mock', async () => {
  const target = await startBundledTarget()
  try {
    const roles = ['refused', 'pending-then-success', 'pending-then-failure']
    const run = await runConformance(target, { scenarios: roles })
    for (const [provider, contract] of Object.entries(contractRegistry) as [string, ProviderContract][]) {
      const profile = contract.conformance
      if (!profile) continue
      for (const flow of profile.flows.pay) {
        for (const scenario of roles) {
          const result = run.results.find((r) => r.provider === provider && r.scenario === scenario && r.flow === flow.flow)
          expect(result, `${provider} ${scenario} ${flow.flow}`).toBeDefined()
          // Skipped only where the provider declares no card for the role; otherwise the set-up
          // proof (the mock recorded a refusal, a pending payment) passed and nothing was found.
          if (result?.status === 'skipped') expect(result.reason, `${provider} ${scenario} ${flow.flow}`).toMatch(/declares no .* test card/)
          else expect({ status: result?.status, reason: result?.reason }, `${provider} ${scenario} ${flow.flow}`).toEqual({ status: 'passed', reason: undefined })
        }
      }
    }
  } finally {
    await target.close()
  }
}, 120_000)

test('an Adyen merchant offering only Drop-in flows is judged on refusals and pending payments that really happened', async () => {
  const target = await bundledWith('adyen', (d) => offeringOnly(d, 'adyen', ['session_ask_consent', 'token_reuse_pay']))
  try {
    const run = await runConformance(target, { scenarios: ['refused', 'pending-then-success', 'reordered-notifications'] })
    expect(run.results.map((r) => `${r.scenario} ${r.flow ?? ''} ${r.status}`)).toEqual([
      'pending-then-success server_to_server_enabled skipped',
      'pending-then-success session_ask_consent passed',
      'pending-then-success sdk_session skipped',
      'refused server_to_server_enabled skipped',
      'refused session_ask_consent passed',
      'refused sdk_session skipped',
      'reordered-notifications server_to_server_enabled skipped',
      'reordered-notifications session_ask_consent passed',
      'reordered-notifications sdk_session skipped',
      'reordered-notifications zero_amount_save skipped',
    ])
  } finally {
    await target.close()
  }
}, 60_000)

test('a merchant that only saves with a zero amount and charges as the merchant is judged through that save: reuse, errors on the merchant-initiated payment, notifications', async () => {
  const target = await bundledWith('adyen', (d) => offeringOnly(d, 'adyen', ['zero_amount_save', 'token_reuse_pay']))
  try {
    const run = await runConformance(target, { scenarios: ['token-reuse', 'final-error', 'server-error', 'duplicate-notification'] })
    expect(run.results.map((r) => `${r.scenario} ${r.flow ?? ''} ${r.status}`)).toEqual([
      'token-reuse  passed',
      'final-error server_to_server_enabled skipped',
      'final-error token_reuse_pay passed',
      'server-error server_to_server_enabled skipped',
      'server-error token_reuse_pay passed',
      'duplicate-notification server_to_server_enabled skipped',
      'duplicate-notification session_ask_consent skipped',
      'duplicate-notification sdk_session skipped',
      'duplicate-notification zero_amount_save passed',
    ])
    // The skipped runs are the integration's to offer, not the provider's gaps: they count as left out.
    expect(run.results.filter((r) => r.status === 'skipped').every((r) => r.skippedFor === 'integration')).toBe(true)
  } finally {
    await target.close()
  }
}, 60_000)

/** A correct Adyen merchant that takes the payment's result from AUTHORISATION only (RECURRING_CONTRACT is acknowledged, not applied). */
function waitsForAuthorisation(base: ProviderAdapter): ProviderAdapter {
  return {
    ...base,
    connect(settings) {
      const connection = base.connect(settings)
      return {
        checkout: (request) => connection.checkout(request),
        async receiveNotification(notification) {
          const verdict = await connection.receiveNotification(notification)
          const recurring = notification.body.includes('"eventCode":"RECURRING_CONTRACT"')
          return verdict.accepted && recurring ? { accepted: true, dedupeKey: verdict.dedupeKey, reply: verdict.reply } : verdict
        },
      }
    },
  }
}

test('Adyen reordered notifications: a merchant that waits for AUTHORISATION, the only event with the result, is not penalised', async () => {
  const mock = await startMockServer({ port: 0, clockOptions: { mode: 'manual' } })
  const merchant = await createReferenceMerchant({ adapters: [waitsForAuthorisation(adyenAdapter({ timeoutMs: 400, retry: { attempts: 3, backoffMs: 10 } }))] })
  try {
    const run = await runConformance({ driver: createHttpDriver({ url: merchant.driverUrl }), mockUrl: mock.url }, { scenarios: ['reordered-notifications', 'pending-then-success', 'first-save-consent'] })
    expect(run.results.filter((r) => r.status !== 'passed').map((r) => ({ scenario: r.scenario, flow: r.flow, reason: r.reason, findings: r.findings.map((f) => f.message) }))).toEqual([])
  } finally {
    await merchant.close()
    await mock.close()
  }
}, 60_000)

test('one cause, one root: a merchant answering 401 to every correctly signed notification gets one cause with its consequences under it and a raw-body hint', async () => {
  const target = await startBundledTarget({ providers: ['antom'], faults: new Set(['signature_over_parsed_body']) })
  try {
    const report = buildReport(await runConformance(target, { providers: ['antom'] }), 'test')
    expect(report.causes.map((c) => c.id)).toEqual(['antom/notifications-answered-401'])
    const [cause] = report.causes
    expect(cause?.hint).toMatch(/^answered 401 to correctly signed notifications: is the signature computed over the raw body/)
    expect(cause?.scenarios.length).toBeGreaterThan(10)
    expect(cause?.consequences.map((c) => c.ruleId)).toEqual(expect.arrayContaining(['TP-SAVE-003', 'TP-STATUS-002']))
    // Each failed run holds the one root finding; what followed is under it, not beside it.
    const failed = report.providers.flatMap((p) => p.results).filter((r) => r.status === 'failed')
    expect(failed.every((r) => r.findings.length === 1 && r.findings[0]?.ruleId === 'TP-NOTIFY-004')).toBe(true)
  } finally {
    await target.close()
  }
}, 60_000)

test('a reuse refused for its flags names the values sent and the refusal, not "flags missing"', async () => {
  const target = await startBundledTarget({ providers: ['adyen'], faults: new Set(['wrong_reuse_flags']) })
  try {
    const run = await runConformance(target, { providers: ['adyen'], scenarios: ['token-reuse'] })
    const [finding] = run.results.flatMap((r) => r.findings)
    expect(finding?.ruleId).toBe('TP-REUSE-001')
    expect(finding?.message).toMatch(/carries the card-on-file flags with values .*shopperInteraction="ContAuth", recurringProcessingModel="CardOnFile"; the provider refused it \(HTTP 422 103/)
    expect(finding?.message).not.toMatch(/lacks/)
  } finally {
    await target.close()
  }
}, 60_000)

test('a run where most of the catalogue was skipped says so next to its clean score', async () => {
  // Antom's page flow only: no server-to-server, no reuse.
  const target = await bundledWith('antom', (d) => offeringOnly(d, 'antom', ['session_ask_consent']))
  try {
    const report = buildReport(await runConformance(target), 'test')
    expect(report.summary.score).toBe(1)
    expect(report.summary.coverage.ratio).toBeLessThan(0.5)
    expect(report.summary.coverage.warning).toMatch(/^only \d+ % of the catalogue ran .*a clean score says little/)
    const markdown = renderMarkdown(report)
    expect(markdown.split('\n')[0]).toMatch(/^## ⚠️ /)
    expect(markdown).toContain('> [!WARNING]')
    expect(markdown).toMatch(/\*\*coverage \d+\.\d %\*\* of the catalogue/)
    // The runs the integration left out are its own; those the provider has nothing for are not counted.
    expect(report.providers[0]?.results.filter((r) => r.skippedFor === 'integration').length).toBeGreaterThan(5)
  } finally {
    await target.close()
  }
}, 60_000)

test('the full reference run covers the catalogue and reads as clean', async () => {
  const target = await startBundledTarget({ providers: ['adyen'] })
  try {
    const report = buildReport(await runConformance(target), 'test')
    expect(report.summary.coverage.ratio).toBe(1)
    expect(report.summary.coverage.warning).toBeUndefined()
    expect(renderMarkdown(report).split('\n')[0]).toMatch(/^## ✅ /)
  } finally {
    await target.close()
  }
}, 60_000)

test('an integration that keeps no order record for a case says so, and the run skips rather than judging "unknown"', async () => {
  const keepsNoOrders = (driver: MerchantDriverV1): MerchantDriverV1 => ({
    ...driver,
    order: async () => ({ ok: false, issue: { code: NO_ORDER_RECORD, message: 'this shop keeps saved cards, not orders, for zero-amount saves' } }),
  })
  const target = await bundledWith('adyen', keepsNoOrders)
  try {
    const run = await runConformance(target, { scenarios: ['refused'] })
    const ran = run.results.filter((r) => r.flow === 'server_to_server_enabled')
    expect(ran.map((r) => ({ status: r.status, skippedFor: r.skippedFor, findings: r.findings.length }))).toEqual([{ status: 'skipped', skippedFor: 'integration', findings: 0 }])
    expect(ran[0]?.reason).toMatch(/keeps no order record for this case \(this shop keeps saved cards/)
  } finally {
    await target.close()
  }
}, 60_000)
