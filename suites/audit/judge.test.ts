/**
 * The audit against real traffic: a standalone mock on 127.0.0.1 (port 0) with real HMAC-signed
 * webhooks to a merchant endpoint that checks them. A faulty traffic set makes one deliberate
 * mistake per rule, each as Adyen's documents call it wrong (contracts/adyen/conformance.ts cites
 * them); the adyen-node-app's own lifecycle is the clean set. The audit reads only the mock's record.
 */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { createApp } from '../../examples/adyen-node-app/app.ts'
import { LocalAdyenHttpClientV20 } from '../../examples/adyen-node-app/test-support/local-http-client.ts'
import { encryptedCard, MERCHANT, sessionRequest, startAdyenFixture, uniqueRef, type AdyenFixture } from '../../mocks/adyen/test-support/fixture.ts'
import { API_KEY, HMAC_KEY } from '../../mocks/adyen/test-support/fixture.ts'
import { buildReport } from '../../reports/model.ts'
import { brokenRules, type ConformanceRun } from '../findings.ts'
import { mockControl } from '../mock-control.ts'
import { auditTraffic, type AppLogFinding, type AuditOptions } from './judge.ts'
import { auditedProviders } from './providers.ts'

let fx: AdyenFixture
beforeAll(async () => {
  fx = await startAdyenFixture()
})
afterAll(() => fx.close())
beforeEach(async () => {
  await fx.server.mock.reset()
  fx.merchant.received.length = 0
  // An endpoint that checks the HMAC: genuine webhooks acknowledged, forged ones refused.
  fx.merchant.answer = (w) => (w.hmacValid ? { status: 202, body: '' } : { status: 401, body: 'invalid HMAC' })
  await fx.configure()
})

const SHOPPER = 'shopper-audit-01'

async function audit(extra: Partial<AuditOptions> & { logFindings?: AppLogFinding[] } = {}): Promise<ConformanceRun> {
  await fx.server.mock.engine.outbox.idle()
  const control = mockControl(fx.server.url)
  const { logFindings, ...options } = extra
  return auditTraffic({ exchanges: await control.exchanges('adyen'), notifications: await control.notifications('adyen'), logFindings }, { providers: auditedProviders(), ...options })
}

const inject = (rule: Record<string, unknown>): Promise<Response> =>
  fetch(`${fx.server.url}/__tokenproof/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'adyen', operation: 'payments', times: 1, ...rule }) })

/** Stores a card the documented way (a session with storing enabled, the shopper pays) and returns the token from RECURRING_CONTRACT. */
async function storeToken(): Promise<string> {
  const created = await fx.call('POST', '/v72/sessions', sessionRequest({ storePaymentMethodMode: 'enabled', shopperReference: SHOPPER }))
  const paid = await fx.buyerPay({ sessionId: created.body.id, paymentMethod: encryptedCard() })
  expect(paid.body.resultCode).toBe('Authorised')
  await fx.settle()
  return fx.merchant.byEvent('RECURRING_CONTRACT')[0]!.item.pspReference
}

/** A merchant-initiated payment with the token, flagged as seed 003 documents. */
const reuse = (token: string, extra: Record<string, unknown> = {}) => ({
  merchantAccount: MERCHANT,
  reference: uniqueRef('renewal'),
  amount: { currency: 'EUR', value: 1299 },
  paymentMethod: { type: 'scheme', storedPaymentMethodId: token },
  shopperReference: SHOPPER,
  shopperInteraction: 'ContAuth',
  recurringProcessingModel: 'Subscription',
  returnUrl: 'https://merchant.example/result',
  ...extra,
})

const pay = (body: unknown, key?: string, signal?: AbortSignal) =>
  fetch(`${fx.server.url}/v72/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, ...(key !== undefined ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  }).then(
    async (r) => {
      const text = await r.text()
      return { status: r.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown> }
    },
    async (): Promise<{ status: number; body: Record<string, unknown> }> => {
      // Given up: the mock records the call once it sees the connection go (status 499).
      await expect.poll(() => fx.server.mock.engine.recorder.list().some((e) => 'status' in e.response && e.response.status === 499)).toBe(true)
      return { status: 0, body: {} }
    },
  )

const findingOf = (run: ConformanceRun, ruleId: string) => run.results.flatMap((r) => r.findings).find((f) => f.ruleId === ruleId)

test('each deliberate mistake is found with its rule, and nothing else', async () => {
  const token = await storeToken()
  // Reuse: no card-on-file flags, and the CVC sent again.
  const bare: Record<string, unknown> = reuse(token)
  delete bare.shopperInteraction
  delete bare.recurringProcessingModel
  await pay({ ...bare, paymentMethod: { type: 'scheme', storedPaymentMethodId: token, cvc: '737' } }, 'k-reuse')
  // A shopper-present reuse (Ecommerce + CardOnFile with the CVC) is right: no finding.
  await pay(reuse(token, { shopperInteraction: 'Ecommerce', recurringProcessingModel: 'CardOnFile', paymentMethod: { type: 'scheme', storedPaymentMethodId: token, encryptedSecurityCode: 'test_737' } }), 'k-present')
  // PII as the shopper reference.
  await pay(reuse(token, { shopperReference: 'jane.doe@example.com' }), 'k-pii')
  // A validation error (422 101) sent again as it was.
  await inject({ effect: { type: 'resultCode', code: '101' } })
  const invalid = reuse(token)
  expect((await pay(invalid, 'k-invalid')).status).toBe(422)
  await pay(invalid, 'k-invalid')
  // A 500 after processing, resent under a new key.
  await inject({ effect: { type: 'httpStatus', status: 500 }, afterProcessing: true })
  const lost = reuse(token)
  expect((await pay(lost, 'k-lost-1')).status).toBe(500)
  await pay(lost, 'k-lost-2')
  // A 500 ServiceError (99_500) never resent, never inquired.
  await inject({ effect: { type: 'resultCode', code: '99_500' } })
  expect((await pay(reuse(token), 'k-dropped')).status).toBe(500)
  // No answer: given up after 0.3 s (before the library's 30 s), then resent under the same key (right).
  await inject({ effect: { type: 'noAnswer' } })
  const early = reuse(token)
  expect((await pay(early, 'k-early', AbortSignal.timeout(300))).status).toBe(0)
  expect((await pay(early, 'k-early')).body.resultCode).toBe('Authorised')
  // A webhook with a forged signature acknowledged; a genuine one refused.
  fx.merchant.answer = (w) => (w.item.merchantReference.startsWith('refused') ? { status: 500, body: 'boom' } : { status: 202, body: '' })
  await fetch(`${fx.server.url}/__tokenproof/notifications/chaos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'adyen', kind: 'AUTHORISATION', times: 1, chaos: { mode: 'forgedSignature' } }) })
  await pay(reuse(token), 'k-forged')
  await pay(reuse(token, { reference: uniqueRef('refused') }), 'k-refused')

  const logFindings: AppLogFinding[] = [{ stream: 'stdout', line: 3, kind: 'card_number', evidence: '411111******1111' }]
  const run = await audit({ logFindings })
  expect(brokenRules(run)).toEqual(['TP-DATA-001', 'TP-DATA-002', 'TP-NOTIFY-001', 'TP-NOTIFY-004', 'TP-RETRY-001', 'TP-RETRY-002', 'TP-RETRY-003', 'TP-RETRY-005', 'TP-REUSE-001', 'TP-REUSE-002'])
  // One finding per rule, each pointing at the calls that show it.
  const evidenceKeys = (ruleId: string) => findingOf(run, ruleId)!.evidence.map((e) => (e.request as { reference?: string } | undefined)?.reference)
  expect(findingOf(run, 'TP-REUSE-001')!.message).toContain('shopperInteraction missing')
  expect(findingOf(run, 'TP-REUSE-002')!.evidence).toHaveLength(1)
  expect(evidenceKeys('TP-RETRY-001')).toEqual([invalid.reference, invalid.reference])
  expect(evidenceKeys('TP-RETRY-002')).toEqual([lost.reference, lost.reference])
  expect(findingOf(run, 'TP-RETRY-002')!.message).toContain('new idempotency key')
  expect(findingOf(run, 'TP-RETRY-003')!.message).toContain('99_500')
  expect(findingOf(run, 'TP-RETRY-005')!.evidence.map((e) => e.status)).toEqual([499])
  expect(findingOf(run, 'TP-NOTIFY-001')!.message).toContain('forged signature')
  expect(findingOf(run, 'TP-NOTIFY-004')!.message).toContain('HTTP 500')
  // Citations are Adyen's own documents, and every finding has a hint and a cause.
  expect(findingOf(run, 'TP-REUSE-001')!.citation).toContain('shopperInteraction ContAuth')
  for (const f of run.results.flatMap((r) => r.findings)) expect(f.hint).toBeTruthy()

  // The report model takes the audit as it takes a run, and holds no card number or CVV.
  const report = buildReport(run, 'test')
  expect(report.summary.findings.critical + report.summary.findings.major + report.summary.findings.minor).toBe(10)
  expect(JSON.stringify(report)).not.toMatch(/4111111111111111|"737"/)
})

test('a call that never gives up is TP-RETRY-004; a retry without an idempotency key is TP-RETRY-002', async () => {
  const token = await storeToken()
  await inject({ effect: { type: 'noAnswer' } })
  const held = reuse(token)
  await pay(held, undefined, AbortSignal.timeout(400))
  await pay(held)
  const run = await audit({ waitLimitMs: 300 })
  expect(brokenRules(run)).toEqual(['TP-RETRY-002', 'TP-RETRY-004'])
  expect(findingOf(run, 'TP-RETRY-002')!.message).toContain('without an idempotency key')
})

test('an inquiry settles an unknown outcome', async () => {
  const created = await fx.call('POST', '/v72/sessions', sessionRequest())
  await inject({ effect: { type: 'resultCode', code: '99_500' } })
  expect((await pay(reuse('0000000000000000'), 'k-unknown')).status).toBe(500)
  expect(brokenRules(await audit())).toEqual(['TP-RETRY-003'])
  await fx.call('GET', `/v72/sessions/${String(created.body.id)}?sessionResult=x`).catch(() => undefined)
  expect(brokenRules(await audit())).toEqual([])
})

test('the adyen-node-app lifecycle, unchanged, gives no finding and no mock gap', async () => {
  process.env.ADYEN_API_KEY = API_KEY
  process.env.ADYEN_MERCHANT_ACCOUNT = MERCHANT
  process.env.ADYEN_HMAC_KEY = HMAC_KEY
  const server: Server = createApp({ httpClient: new LocalAdyenHttpClientV20(fx.server.url) }).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  await fx.configure({ webhookUrl: `${appUrl}/api/webhooks/notifications` })
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${appUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return (await response.json()) as Record<string, unknown>
  }
  try {
    const session = await call('POST', '/api/tokenization/sessions', { shopperReference: 'subscriber-0001' })
    await fx.buyerPay({ sessionId: session.id, paymentMethod: encryptedCard() })
    await fx.server.mock.engine.outbox.idle()
    const [stored] = (await call('GET', '/admin')).tokens as Array<{ recurringDetailReference: string }>
    expect(await call('POST', `/admin/makepayment/${stored!.recurringDetailReference}`)).toMatchObject({ resultCode: 'Authorised' })
    await call('GET', '/admin/details/subscriber-0001')
    await call('POST', `/admin/disable/${stored!.recurringDetailReference}`)
    const run = await audit({ logFindings: [] })
    expect(run.results.flatMap((r) => r.findings)).toEqual([])
    const status = Object.fromEntries(run.results.map((r) => [r.scenario, r.status]))
    expect(status).toEqual({ 'audit-reuse': 'passed', 'audit-retries': 'passed', 'audit-buyer-reference': 'passed', 'audit-notifications': 'passed', 'audit-traffic': 'passed', 'audit-app-logs': 'passed' })
    expect(buildReport(run, 'test').mockGaps).toEqual({ unservedCalls: [], ignoredFields: [] })
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

test('unserved calls and ignored fields the mock saw are in the audit report, apart from findings', async () => {
  await fx.call('POST', '/v72/sessions', sessionRequest({ metadata: { a: 'b' } }))
  await fetch(`${fx.server.url}/v72/no-such-endpoint`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: '{}' })
  const report = buildReport(await audit(), 'test')
  expect(report.mockGaps?.unservedCalls.map((g) => [g.method, g.path, g.scenarios])).toEqual([['POST', '/v72/no-such-endpoint', ['audit-traffic']]])
  expect(report.mockGaps?.ignoredFields.map((g) => g.fields)).toEqual([['metadata']])
})
