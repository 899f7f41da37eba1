import { beforeAll, describe, expect, test } from 'vitest'
import { contractRegistry } from '../contracts/registry.ts'
import { escapeInline, MARKDOWN_LIMIT, renderMarkdown } from './markdown.ts'
import { scenarioLabel, type ConformanceReport } from './model.ts'
import { constructedReport, exchange, finding, outcome } from './test-support/constructed-report.ts'
import { sampleReport } from './test-support/sample-report.ts'

const testCardNumbers = Object.values(contractRegistry).flatMap((c) => c.testCards.map((card) => card.number))

/** The table's lines: from its header row to the first line that is not a row. */
function tableLines(markdown: string): string[] {
  const lines = markdown.split('\n')
  const start = lines.findIndex((l) => l.startsWith('| scenario |'))
  expect(start).toBeGreaterThanOrEqual(0)
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'))
  return lines.slice(start, end === -1 ? undefined : end)
}

/** A row's cells as GFM splits them: on every `|` not escaped by a backslash. */
function cells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim())
}

describe('a real report (cvv_on_reuse, antom and adyen)', () => {
  let report: ConformanceReport
  let md: string
  beforeAll(async () => {
    report = await sampleReport({ fault: 'cvv_on_reuse', providers: ['antom', 'adyen'] })
    md = renderMarkdown(report)
  }, 120_000)

  test('a title with the integration and a failing verdict, the score and the counts', () => {
    const [title] = md.split('\n')
    expect(title).toBe(`## ❌ Tokenproof conformance: ${report.integration}`)
    const s = report.summary.scenarios
    expect(md).toContain(`**Score ${(Math.round(report.summary.score * 1000) / 10).toFixed(1)} %**`)
    expect(md).toContain(`${s.passed} passed · ${s.failed} failed · ${s.skipped} skipped`)
    expect(md).toContain(`(${report.summary.findings.critical} critical, ${report.summary.findings.major} major, ${report.summary.findings.minor} minor)`)
  })

  test('the table has a column per provider and a row per scenario, each cell its status', () => {
    const [head, rule, ...rows] = tableLines(md)
    expect(cells(head!)).toEqual(['scenario', ...report.providers.map((p) => p.displayName)])
    expect(cells(rule!)).toHaveLength(report.providers.length + 1)
    const scenarios = [...new Set(report.providers.flatMap((p) => p.results.map((r) => scenarioLabel(r))))]
    expect(rows).toHaveLength(scenarios.length)
    for (const [i, scenario] of scenarios.entries()) {
      const row = cells(rows[i]!)
      expect(row).toHaveLength(report.providers.length + 1)
      expect(row[0]).toContain(`**${escapeInline(scenario)}**`)
      report.providers.forEach((p, column) => {
        const r = p.results.find((x) => scenarioLabel(x) === scenario)
        // A flow only one provider declares is not run with the other.
        const expected = r === undefined ? '—' : { passed: '✅', failed: `❌ ${r.findings.length}`, skipped: '⏭', error: '⚠️' }[r.status]
        expect(row[column + 1]).toBe(expected)
      })
    }
    const reuse = cells(rows[scenarios.indexOf('token-reuse')]!)
    expect(reuse.slice(1)).toEqual(['❌ 1', '❌ 1'])
    expect(rows.some((r) => cells(r).includes('⏭'))).toBe(true)
  })

  test('each finding is a bullet with its rule, provider / scenario, message and citation, under its severity', () => {
    const findings = report.providers.flatMap((p) => p.results.flatMap((r) => r.findings))
    expect(findings.length).toBeGreaterThan(0)
    expect(md).toContain(`#### Critical (${report.summary.findings.critical})`)
    for (const f of findings) {
      expect(md).toContain(`- **${f.ruleId}** (${f.provider} / ${escapeInline(scenarioLabel(f))}): ${escapeInline(f.message)} — ${escapeInline(f.citation)}`)
      const e = f.evidence[0]!
      expect(md).toContain(`${e.method} ${e.url} → ${e.status}`)
    }
    expect(md).toMatch(/<details><summary>Evidence: 1 exchange, the mock's record<\/summary>\n\n {2}```text\n {2}POST http:\/\/\S+ → 200\n {2}mock \(the mock's own record[^)]*\)\n {2}```\n\n {2}<\/details>/)
  })

  test('skipped scenarios are listed with their reasons', () => {
    for (const r of report.providers.flatMap((p) => p.results).filter((x) => x.status === 'skipped')) expect(md).toContain(`- ${r.provider} / ${escapeInline(scenarioLabel(r))}: ${escapeInline(r.reason!)}`)
  })

  test('holds no test card number of any contract', () => {
    expect(testCardNumbers.length).toBeGreaterThan(10)
    for (const number of testCardNumbers) expect(md).not.toContain(number)
  })
})

test('a passing real run says ✅ and lists no findings', async () => {
  const report = await sampleReport({ providers: ['antom'] })
  const md = renderMarkdown(report)
  expect(md.split('\n')[0]).toBe(`## ✅ Tokenproof conformance: ${report.integration}`)
  const [, , ...rows] = tableLines(md)
  expect(rows.length).toBeGreaterThan(10)
  for (const row of rows) for (const c of cells(row).slice(1)) expect(['✅', '⏭']).toContain(c)
  expect(md).not.toContain('### Findings')
  expect(md).toContain('No findings')
  for (const number of testCardNumbers) expect(md).not.toContain(number)
}, 30_000)

describe('hostile text', () => {
  const report = constructedReport({
    antom: [
      outcome('antom', 'token-reuse', {
        title: 'pipes | in `the` title',
        findings: [finding('antom', 'token-reuse', { message: 'sent a | b and `code` with <details> & *stars*', evidence: [exchange({ url: 'http://x.test/a```b|c' })] })],
      }),
      outcome('antom', 'lost-answer', { status: 'error', reason: 'the driver | timed out' }),
    ],
    adyen: [outcome('adyen', 'token-reuse')],
  })
  const md = renderMarkdown(report)

  test('| and backticks do not break the table', () => {
    const [head, , ...rows] = tableLines(md)
    expect(cells(head!)).toEqual(['scenario', 'ANTOM', 'ADYEN'])
    expect(rows).toHaveLength(2)
    for (const row of rows) expect(cells(row)).toHaveLength(3)
    expect(rows[0]).toContain('pipes \\| in \\`the\\` title')
    expect(cells(rows[0]!).slice(1)).toEqual(['❌ 1', '✅'])
    expect(cells(rows[1]!).slice(1)).toEqual(['⚠️', '—'])
  })

  test('a message cannot open HTML, code or emphasis', () => {
    expect(md).toContain('sent a | b and \\`code\\` with &lt;details&gt; &amp; \\*stars\\*')
    expect(md.match(/<details>/g)).toHaveLength(1) // the evidence block's own
  })

  test('a fence in the evidence cannot close its code block', () => {
    expect(md).toContain('  ````text\n  POST http://x.test/a```b|c → 200\n  ````')
  })

  test('an error scenario is listed with its reason and fails the verdict', () => {
    expect(md.split('\n')[0]).toContain('❌')
    expect(md).toContain('### ⚠️ Could not run (1)')
    expect(md).toContain('- antom / lost-answer: the driver | timed out')
  })
})

function bigReport(findingsPerScenario: number) {
  const scenarios = Array.from({ length: 15 }, (_, i) => `scenario-${i}`)
  const providers = ['antom', 'adyen', 'appotapay', 'pivot']
  const exchanges = Array.from({ length: 30 }, (_, i) => exchange({ exchangeId: i, url: `http://127.0.0.1:4010/${'very-long-path/'.repeat(8)}${i}` }))
  const rules = ['TP-SAVE-001', 'TP-SAVE-002', 'TP-STATUS-001', 'TP-RETRY-002'].slice(0, findingsPerScenario)
  const report = constructedReport(
    Object.fromEntries(
      providers.map((p) => [p, scenarios.map((s) => outcome(p, s, { findings: rules.map((ruleId) => finding(p, s, { ruleId, message: `observed ${'something wrong '.repeat(10)}`, evidence: exchanges })) }))]),
    ),
  )
  return { report, findings: providers.length * scenarios.length * rules.length, rows: scenarios.length }
}

test('a big run stays under the limit: evidence is cut to fit, with a note', () => {
  const { report, findings, rows } = bigReport(2)
  const md = renderMarkdown(report)
  expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(MARKDOWN_LIMIT)
  expect(md.match(/^- \*\*TP-/gm)).toHaveLength(findings) // every finding listed
  const blocks = md.match(/<details><summary>Evidence: 30 exchanges<\/summary>/g) ?? []
  expect(blocks.length).toBeGreaterThan(0) // the first findings keep their evidence…
  expect(blocks.length).toBeLessThan(findings) // …not all of them
  expect(md).toContain('… 18 more exchanges in the full report')
  expect(md).toContain(`Cut to stay under 60 KB: evidence of ${findings - blocks.length} findings left out.`)
  expect(tableLines(md)).toHaveLength(2 + rows)
})

test('a huge run stays under the limit: findings beyond it are counted, not listed', () => {
  const { report, findings, rows } = bigReport(4)
  const md = renderMarkdown(report)
  expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(MARKDOWN_LIMIT)
  const listed = md.match(/^- \*\*TP-/gm)!.length
  expect(listed).toBeLessThan(findings)
  expect(md).toMatch(new RegExp(`Cut to stay under 60 KB: ${findings - listed} findings not listed`))
  expect(md).toContain(`#### Critical (${findings})`) // the heading counts them all
  expect(tableLines(md)).toHaveLength(2 + rows) // the table is whole whatever is cut
})
