import { expect, test } from 'vitest'
import type { ConformanceRun, ScenarioResult } from '../suites/findings.ts'
import { mockGapsOf } from '../suites/mock-gaps.ts'
import type { Exchange } from '../suites/mock-control.ts'
import { renderHtml } from './html.ts'
import { renderJunit } from './junit.ts'
import { renderMarkdown } from './markdown.ts'
import { buildReport, ConformanceReport } from './model.ts'

const exchange = (id: number, url: string, tags: Exchange['tags'], status = 404, operation?: string): Exchange => ({
  id,
  direction: 'inbound',
  provider: 'adyen',
  ...(operation ? { operation } : {}),
  startedAt: 0,
  startedSeq: id,
  request: { method: 'POST', url, headers: {}, body: {} },
  response: { status, headers: {}, body: {} },
  tags,
})

const exchanges = [
  exchange(1, 'https://pal-test.adyen.com/pal/servlet/Recurring/v68/createPermit?x=1', { mockGap: 'unknown_path' }),
  exchange(2, 'https://pal-test.adyen.com/pal/servlet/Recurring/v68/createPermit', { mockGap: 'unknown_path' }),
  exchange(3, 'https://checkout-test.adyen.com/v71/payments', { ignoredFields: 'metadata,browserInfo' }, 200, 'payments'),
  exchange(4, 'https://checkout-test.adyen.com/v71/payments', {}, 200, 'payments'),
]

const result = (scenario: string, gaps: ScenarioResult['mockGaps']): ScenarioResult => ({ provider: 'adyen', scenario, title: scenario, status: 'passed', rules: [], findings: [], durationMs: 1, ...(gaps ? { mockGaps: gaps } : {}) })

test('the engine tags become gaps once each: unserved calls (path only, no query) and ignored fields', () => {
  expect(mockGapsOf(exchanges)).toEqual([
    { kind: 'unservedCall', provider: 'adyen', method: 'POST', path: '/pal/servlet/Recurring/v68/createPermit', reason: 'unknown_path', status: 404 },
    { kind: 'ignoredFields', provider: 'adyen', method: 'POST', path: '/v71/payments', operation: 'payments', fields: ['browserInfo', 'metadata'] },
  ])
  expect(mockGapsOf([exchanges[3]!])).toEqual([])
})

test('reports list the gaps apart from findings, with the runs they showed up in, in JSON, Markdown and HTML', () => {
  const gaps = mockGapsOf(exchanges)
  const run: ConformanceRun = { integration: 'app', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 1, providers: ['adyen'], results: [result('token-reuse', gaps), result('zero-auth', gaps.slice(0, 1)), result('clean', undefined)] }
  const report = buildReport(run, '0.0.0')
  expect(report.mockGaps?.unservedCalls.map((g) => [g.path, g.scenarios])).toEqual([['/pal/servlet/Recurring/v68/createPermit', ['token-reuse', 'zero-auth']]])
  expect(report.mockGaps?.ignoredFields.map((g) => g.fields)).toEqual([['browserInfo', 'metadata']])
  expect(report.summary.findings).toEqual({ critical: 0, major: 0, minor: 0 })
  expect(ConformanceReport.parse(JSON.parse(JSON.stringify(report)))).toEqual(report)
  const markdown = renderMarkdown(report)
  expect(markdown).toContain('### Calls the mock does not serve (1)')
  expect(markdown).toContain('adyen: POST /pal/servlet/Recurring/v68/createPermit — answered 404 (unknown path); in 2 runs')
  expect(markdown).toContain('ignored browserInfo, metadata')
  expect(renderHtml(report)).toContain('Calls the mock does not serve (1)')
  // JUnit: under each run it showed in, as output, never as a failure.
  const junit = renderJunit(report)
  expect(junit).toContain('mock gap (not a finding): POST /pal/servlet/Recurring/v68/createPermit not served by the mock (answered 404, unknown path)')
  expect(junit).toContain('the mock ignored browserInfo, metadata')
  expect(junit).not.toContain('<failure')
})

test('a report without gaps says so, and one written before gaps existed still parses', () => {
  const report = buildReport({ integration: 'app', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 1, providers: ['adyen'], results: [result('clean', undefined)] }, '0.0.0')
  expect(renderMarkdown(report)).toMatch(/### Calls the mock does not serve \(0\)\n\nA gap[^\n]*\n\nNone\./)
  const older: Record<string, unknown> = { ...report }
  delete older.mockGaps
  expect(ConformanceReport.safeParse(older).success).toBe(true)
})
