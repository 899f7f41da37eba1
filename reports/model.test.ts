import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { expect, test } from 'vitest'
import { contractRegistry } from '../contracts/registry.ts'
import type { ConformanceRun } from '../suites/findings.ts'
import { buildReport, findingsAtOrAbove } from './model.ts'
import { sampleReport } from './test-support/sample-report.ts'

const published = JSON.parse(readFileSync(new URL('./generated/report.schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, unknown> }

function validateAgainstPublishedSchema(value: unknown): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  const validate = ajv.compile({ ...published, $ref: '#/$defs/ConformanceReport' })
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
}

test('a real report validates against the published JSON Schema, and a broken one does not', async () => {
  const report = await sampleReport({ fault: 'apply_duplicates' })
  expect(validateAgainstPublishedSchema(JSON.parse(JSON.stringify(report)))).toEqual([])
  expect(validateAgainstPublishedSchema({ ...report, schemaVersion: 2 })).not.toEqual([])
  expect([...new Set(findingsAtOrAbove(report, 'critical').map((f) => f.ruleId))]).toEqual(['TP-NOTIFY-002'])
}, 120_000)

test('the report redacts what a run holds, whatever produced it: no card number, no CVV value', () => {
  const pan = contractRegistry.antom.testCards[0]?.number ?? ''
  const run: ConformanceRun = {
    integration: 'careless',
    startedAt: '2026-11-30T00:00:00.000Z',
    durationMs: 1,
    providers: ['antom'],
    results: [
      {
        provider: 'antom',
        scenario: 'token-reuse',
        title: 't',
        status: 'failed',
        rules: ['TP-DATA-001'],
        durationMs: 1,
        findings: [
          {
            id: 'TP-DATA-001/antom/token-reuse',
            ruleId: 'TP-DATA-001',
            severity: 'critical',
            title: 't',
            provider: 'antom',
            scenario: 'token-reuse',
            message: `shows ${pan}`,
            citation: 'c',
            evidence: [{ direction: 'driver', response: { masked: pan, cvv: '123' } }],
          },
        ],
      },
    ],
  }
  const text = JSON.stringify(buildReport(run, '0.0.0'))
  expect(text).not.toContain(pan)
  expect(text).toContain('"cvv":"[removed]"')
  expect(text).not.toContain('"cvv":"123"')
})

test('score: passed over scenarios that ran; skipped ones do not count', () => {
  const result = (status: 'passed' | 'failed' | 'skipped') => ({ provider: 'antom', scenario: status, title: status, status, rules: [], findings: [], durationMs: 0 })
  const report = buildReport({ integration: 'x', startedAt: '2026-11-30T00:00:00.000Z', durationMs: 0, providers: ['antom'], results: [result('passed'), result('failed'), result('skipped')] }, '0')
  expect(report.summary.score).toBe(0.5)
  expect(report.summary.scenarios).toEqual({ passed: 1, failed: 1, skipped: 1, error: 0 })
})
