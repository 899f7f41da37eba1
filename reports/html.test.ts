import { describe, expect, test } from 'vitest'
import type { ConformanceRun, Finding, ScenarioResult } from '../suites/findings.ts'
import { RULES } from '../suites/rules.ts'
import { renderHtml } from './html.ts'
import { buildReport, type ConformanceReport } from './model.ts'

const HOSTILE = 'saw <script>alert(1)</script> and </script><img src=x onerror=alert(2)> & "quotes"'

function finding(over: Partial<Finding> & Pick<Finding, 'provider' | 'scenario'>): Finding {
  const rule = RULES.REUSE_NO_CVV
  return {
    id: `${rule.id}/${over.provider}/${over.scenario}`,
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    message: 'a CVV was sent with a merchant-initiated payment with a saved card',
    citation: 'seed 000 "Antom Tokenization", Payment flow after card binding (https://docs.antom.com/ac/pm/cof.md); the reuse request carries no cvv',
    evidence: [
      {
        exchangeId: 8,
        direction: 'inbound',
        operation: 'pay',
        method: 'POST',
        url: 'http://127.0.0.1:4010/ams/api/v1/payments/pay',
        status: 200,
        request: { paymentMethod: { paymentMethodId: 'ALIPAY123', paymentMethodMetaData: { isCardOnFile: true, cvv: '123' } } },
        response: { result: { resultStatus: 'S' } },
      },
    ],
    ...over,
  }
}

const result = (over: Partial<ScenarioResult> & Pick<ScenarioResult, 'provider' | 'scenario' | 'status'>): ScenarioResult => ({
  title: `The ${over.scenario} scenario`,
  rules: [],
  findings: [],
  durationMs: 12,
  ...over,
})

const run: ConformanceRun = {
  integration: 'http://127.0.0.1:8080/tokenproof <b>shop</b>',
  startedAt: '2026-01-15T14:00:00.000Z',
  durationMs: 2345,
  providers: ['antom', 'adyen'],
  results: [
    result({ provider: 'antom', scenario: 'first-save-consent', status: 'passed' }),
    result({ provider: 'antom', scenario: 'token-reuse', status: 'failed', findings: [finding({ provider: 'antom', scenario: 'token-reuse', message: HOSTILE })] }),
    result({ provider: 'antom', scenario: 'zero-amount-save', status: 'skipped', reason: 'the provider has no <zero-amount> save' }),
    result({ provider: 'adyen', scenario: 'first-save-consent', status: 'error', reason: 'driver answered 500' }),
    result({ provider: 'adyen', scenario: 'token-reuse', status: 'passed' }),
    result({ provider: 'adyen', scenario: 'zero-amount-save', status: 'passed' }),
  ],
}

const report = buildReport(run, '1.2.3')
const html = renderHtml(report)

/** Every value of an attribute in the document. */
const attributeValues = (doc: string, name: string) => [...doc.matchAll(new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'gi'))].map((m) => m[1] ?? '')
const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

describe('renderHtml', () => {
  test('is one document with a language, a title and the run facts', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('<html lang="en">')
    expect(html).toMatch(/<title>Tokenproof conformance report — http:\/\/127\.0\.0\.1:8080\/tokenproof &lt;b&gt;shop&lt;\/b&gt;<\/title>/)
    expect(html).toContain('1.2.3')
    expect(html).toContain('2026-01-15 14:00:00 UTC')
    expect(html).toContain('2.3 s')
    // 3 passed of 5 that ran.
    expect(html).toContain('60%')
    expect(html).toContain('1 critical')
  })

  test('text from the report is escaped: a message with <script> and </script> stays text', () => {
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('<img')
    expect(html).toContain('saw &lt;script&gt;alert(1)&lt;/script&gt; and &lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;')
    expect(html).not.toContain('<b>shop</b>')
    expect(html).toContain('the provider has no &lt;zero-amount&gt; save')
    // The one script element is the page's own: nothing from the report closes or opens one.
    expect(html.match(/<script\b/gi)).toHaveLength(1)
    expect(html.match(/<\/script/gi)).toHaveLength(1)
  })

  test('renders all four statuses in the matrix, one row per scenario and one column per provider', () => {
    const rows = [...html.matchAll(/<tr data-scenario="([^"]*)">([\s\S]*?)<\/tr>/g)]
    expect(rows.map((r) => r[1])).toEqual(['first-save-consent', 'token-reuse', 'zero-amount-save'])
    for (const row of rows) expect(row[2]?.match(/<td /g)).toHaveLength(2)
    expect(html.match(/<th scope="col" data-provider="[^"]*">/g)).toHaveLength(2)
    for (const status of ['passed', 'failed', 'skipped', 'error']) expect(html).toContain(`data-status="${status}"`)
    expect(html).toContain('✗ failed</span> <a href="#finding-1">1 finding</a>')
    expect(html).toContain('title="the provider has no &lt;zero-amount&gt; save"')
    expect(html).toContain('title="driver answered 500"')
  })

  test('table headers carry scope; statuses and severities carry text labels, not colour alone', () => {
    expect(html.match(/<th(?=[\s>])(?![^>]*scope=)[^>]*>/g)).toBeNull()
    expect(html).toMatch(/<span class="badge status-passed">✓ passed<\/span>/)
    expect(html).toMatch(/<span class="badge sev-critical">critical<\/span>/)
  })

  test('each finding is a <details> with rule, severity, title, provider, scenario, message, citation and evidence', () => {
    const details = html.match(/<details class="finding"[\s\S]*?<\/details>/g) ?? []
    expect(details).toHaveLength(1)
    const finding = details[0] ?? ''
    expect(finding).toContain('id="finding-1"')
    expect(finding).toContain('data-provider="antom" data-severity="critical" data-status="failed"')
    for (const text of ['TP-REUSE-002', 'critical', 'No CVV is sent', 'Antom', 'token-reuse', 'Payment flow after card binding', 'POST', '/ams/api/v1/payments/pay', '→ <strong>200</strong>']) {
      expect(finding).toContain(text)
    }
    expect(finding).toContain('<a href="https://docs.antom.com/ac/pm/cof.md" rel="noreferrer">https://docs.antom.com/ac/pm/cof.md</a>')
    // Bodies are pretty-printed JSON; the CVV was removed on the way into the report.
    expect(finding).toContain('&quot;cvv&quot;: &quot;[removed]&quot;')
    expect(finding).toContain('<pre>{\n  &quot;paymentMethod&quot;: {')
  })

  test('loads nothing: no src, no <link>, and the only web links are the provider and cited documents', () => {
    expect(attributeValues(html, 'src')).toEqual([])
    expect(html).not.toMatch(/<link\b/i)
    expect(html).not.toMatch(/@import|url\(/i)
    expect(html).not.toMatch(/\bfetch\(|XMLHttpRequest|import\(/)
    const allowed = new Set([...report.providers.map((p) => p.docs), 'https://docs.antom.com/ac/pm/cof.md'])
    const web = attributeValues(html, 'href').map(unescape).filter((href) => /^https?:/i.test(href))
    expect(web.length).toBeGreaterThan(0)
    for (const href of web) expect(allowed).toContain(href)
    for (const href of attributeValues(html, 'href')) expect(href).toMatch(/^(#finding-\d+|https:\/\/)/)
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/)
  })

  test('with nothing found, says so', () => {
    const clean = renderHtml(buildReport({ ...run, results: run.results.filter((r) => r.status === 'passed') }, '1.2.3'))
    expect(clean).toContain('Findings (0)')
    expect(clean).toContain('No findings')
    expect(clean).toContain('100%')
  })

  test('shows no card number or CVV even from a report that was never redacted', () => {
    const leaky = structuredClone(report) as ConformanceReport
    const target = leaky.providers[0]?.results[1]?.findings[0]
    if (!target) throw new Error('the test report lost its finding')
    Object.assign(target, { message: 'card 4054 6957 2310 0768 was shown', evidence: [{ direction: 'driver', request: { number: '4054695723100768', cvv: '737' }, note: 'pan 4054695723100768' }] })
    const out = renderHtml(leaky)
    expect(out).not.toMatch(/4054\s?6957\s?2310\s?0768/)
    expect(out).not.toContain('737')
    expect(out).toContain('405469******0768')
  })
})
