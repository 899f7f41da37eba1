/**
 * Hand-made reports for the renderers' unit cases: what no real run produces on demand (hostile
 * text in a finding, a scenario that could not run, a run too big for a PR comment). Each goes
 * through the model's schema, so it is a report a renderer can be given.
 */
import { causesOf, ConformanceReport, coverageOf, type ReportFinding, type ScenarioOutcome } from '../model.ts'

type Evidence = ReportFinding['evidence'][number]

export function finding(provider: string, scenario: string, overrides: Partial<ReportFinding> = {}): ReportFinding {
  const ruleId = overrides.ruleId ?? 'TP-REUSE-002'
  return {
    id: `${ruleId}/${provider}/${scenario}`,
    ruleId,
    severity: 'critical',
    title: 'No CVV is sent with a merchant-initiated payment with a saved card where the provider says none',
    provider,
    scenario,
    message: 'a CVV was sent with a merchant-initiated payment with a saved card',
    citation: 'PCI DSS v4.0 requirement 3.3.1.2',
    evidence: [exchange()],
    ...overrides,
  }
}

export function exchange(overrides: Partial<Evidence> = {}): Evidence {
  return {
    exchangeId: 1,
    direction: 'inbound',
    operation: 'pay',
    method: 'POST',
    url: 'http://127.0.0.1:4010/ams/api/v1/payments/pay',
    status: 200,
    request: { paymentMethod: { paymentMethodId: 'ALIPAY0000', paymentMethodMetaData: { cvv: '[removed]' } } },
    response: { result: { resultStatus: 'S' } },
    ...overrides,
  }
}

export function outcome(provider: string, scenario: string, overrides: Partial<ScenarioOutcome> = {}): ScenarioOutcome {
  const findings = overrides.findings ?? []
  return {
    provider,
    scenario,
    title: `Scenario ${scenario}`,
    status: findings.length > 0 ? 'failed' : 'passed',
    rules: ['TP-REUSE-002'],
    findings,
    durationMs: 12.5,
    ...overrides,
  }
}

/** A report of these outcomes, its counts and score computed as buildReport does. */
export function constructedReport(providers: Readonly<Record<string, readonly ScenarioOutcome[]>>, integration = 'constructed-merchant'): ConformanceReport {
  const count = (results: readonly ScenarioOutcome[]) => {
    const of = (status: ScenarioOutcome['status']) => results.filter((r) => r.status === status).length
    return { passed: of('passed'), failed: of('failed'), skipped: of('skipped'), error: of('error') }
  }
  const all = Object.values(providers).flat()
  const total = count(all)
  const ran = total.passed + total.failed + total.error
  const findings = all.flatMap((r) => r.findings)
  return ConformanceReport.parse({
    schemaVersion: 1,
    tool: { name: 'tokenproof', version: '0.0.0-test' },
    integration,
    startedAt: '2026-01-15T14:00:00.000Z',
    durationMs: 1234,
    summary: {
      scenarios: total,
      findings: { critical: findings.filter((f) => f.severity === 'critical').length, major: findings.filter((f) => f.severity === 'major').length, minor: findings.filter((f) => f.severity === 'minor').length },
      score: ran === 0 ? 1 : total.passed / ran,
      coverage: coverageOf(all),
      causes: causesOf(all).length,
    },
    providers: Object.entries(providers).map(([id, results]) => ({ id, displayName: id.toUpperCase(), docs: `https://example.test/${id}`, counts: count(results), results })),
    rules: [],
    causes: causesOf(all),
  })
}
