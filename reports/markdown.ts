/**
 * The conformance report as GitHub-flavoured Markdown: for a job's step summary
 * ($GITHUB_STEP_SUMMARY) or a pull-request comment. A verdict line, the counts, a scenario ×
 * provider table, then the findings by severity, each with its evidence folded in a <details>.
 *
 * A pull-request comment holds at most 65,536 characters, so the output is kept under
 * MARKDOWN_LIMIT bytes: evidence is cut first (per finding, then altogether), then findings, each
 * cut with a note pointing at the full report.
 */
import { scenarioLabel, type ConformanceReport, type ListedMockGap, type ReportCause, type ReportFinding, type ScenarioOutcome } from './model.ts'
import { SEVERITIES } from '../suites/rules.ts'

type Evidence = ReportFinding['evidence'][number]

/** Bytes (UTF-8) the whole document stays under. */
export const MARKDOWN_LIMIT = 60_000
/** Exchanges listed per finding; the rest are counted. */
const EVIDENCE_PER_FINDING = 12

const STATUS_ICON = { passed: '✅', failed: '❌', skipped: '⏭', error: '⚠️' } as const

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

/** Inline text: one line, no HTML, no emphasis or code by accident. */
export function escapeInline(value: string): string {
  return value
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

/** A table cell: inline text whose `|` cannot end the cell. */
export function escapeCell(value: string): string {
  return escapeInline(value).replace(/\|/g, '\\|')
}

/** A fenced code block whose fence no line of the content can close. */
function codeBlock(lines: readonly string[], indent: string): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((run) => run.length))))
  const fence = '`'.repeat(longest + 1)
  return [`${indent}${fence}text`, ...lines.map((l) => indent + l), `${indent}${fence}`].join('\n')
}

/** `METHOD url → status`, for an exchange without a request line its direction and operation. */
export function evidenceLine(evidence: Evidence): string {
  const where = [evidence.method, evidence.url].filter(Boolean).join(' ') || [evidence.direction, evidence.operation].filter(Boolean).join(' ')
  const status = evidence.status === undefined ? '' : ` → ${evidence.status}`
  const note = evidence.note === undefined ? '' : ` (${evidence.note})`
  // eslint-disable-next-line no-control-regex
  return clip(`${where}${status}${note}`, 500).replace(/[\u0000-\u001F\u007F]+/g, ' ')
}

function evidenceBlock(finding: ReportFinding): string {
  // The mock's own record is always shown: it is what the merchant's answers are judged against.
  const exchanges = finding.evidence.filter((e) => e.direction !== 'mock')
  const records = finding.evidence.filter((e) => e.direction === 'mock')
  const shown = exchanges.slice(0, EVIDENCE_PER_FINDING).map(evidenceLine)
  const more = exchanges.length - shown.length
  if (more > 0) shown.push(`… ${more} more exchange${more === 1 ? '' : 's'} in the full report`)
  shown.push(...records.map(evidenceLine))
  const count = exchanges.length
  return [
    '',
    '',
    `  <details><summary>Evidence: ${count} exchange${count === 1 ? '' : 's'}${records.length > 0 ? ", the mock's record" : ''}</summary>`,
    '',
    codeBlock(shown, '  '),
    '',
    '  </details>',
    '',
  ].join('\n')
}

/** Long text cut to a length, so that one runaway message cannot crowd out the others. */
function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value
}

function findingBullet(finding: ReportFinding): string {
  const head = `- **${escapeInline(finding.ruleId)}** (${escapeInline(finding.provider)} / ${escapeInline(scenarioLabel(finding))}): ${escapeInline(clip(finding.message, 1_000))} — ${escapeInline(clip(finding.citation, 1_000))}`
  // What followed from it in the same run, under it rather than beside it.
  const then = (finding.consequences ?? []).map((c) => `\n  - and so **${escapeInline(c.ruleId)}**: ${escapeInline(clip(c.message, 500))}`)
  return head + then.join('')
}

/** At most this many causes are listed; the JSON and HTML reports list them all. */
const CAUSES_LISTED = 40

/** One line per cause: the rule, where it showed, the likely mistake and what followed from it. */
function causesSection(report: ConformanceReport): string[] {
  if (report.causes.length === 0) return []
  // Numbered: the order is where to start fixing.
  const line = (c: ReportCause, i: number): string => {
    const runs = plural(c.scenarios.length, 'scenario run')
    const then = c.consequences.length > 0 ? ` — and so: ${c.consequences.map((x) => `${escapeInline(x.ruleId)}${x.count > 1 ? ` ×${x.count}` : ''}`).join(', ')}` : ''
    return `${i + 1}. **${escapeInline(c.ruleId)}** (${c.severity}, ${escapeInline(c.provider)}, ${runs}): ${escapeInline(clip(c.hint, 400))}${then}`
  }
  const findings = report.causes.reduce((n, c) => n + c.findings.length, 0)
  const out = ['', `### Causes: ${plural(report.causes.length, 'mistake')} behind ${plural(findings, 'finding')}`, '', ...report.causes.slice(0, CAUSES_LISTED).map(line)]
  if (report.causes.length > CAUSES_LISTED) out.push('', `<sub>${report.causes.length - CAUSES_LISTED} more in the JSON and HTML reports.</sub>`)
  return out
}

function percent(score: number): string {
  return `${(Math.round(score * 1000) / 10).toFixed(1)} %`
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function header(report: ConformanceReport): string[] {
  const s = report.summary.scenarios
  const f = report.summary.findings
  const findings = f.critical + f.major + f.minor
  const ok = s.failed === 0 && s.error === 0 && findings === 0
  const seconds = (report.durationMs / 1000).toFixed(1)
  const coverage = report.summary.coverage
  // A clean run that exercised little of the catalogue is not a green tick.
  const icon = !ok ? '❌' : coverage.warning !== undefined ? '⚠️' : '✅'
  return [
    `## ${icon} Tokenproof conformance: ${escapeInline(report.integration)}`,
    '',
    `**Score ${percent(report.summary.score)}** of what ran · **coverage ${percent(coverage.ratio)}** of the catalogue (${coverage.checks.exercised} of ${coverage.checks.catalogue} checks, ${coverage.rules.exercised} of ${coverage.rules.total} rules) · ` +
      `${s.passed} passed · ${s.failed} failed · ${s.skipped} skipped · ${plural(s.error, 'error')} · ` +
      `**${plural(findings, 'finding')}** (${f.critical} critical, ${f.major} major, ${f.minor} minor)`,
    ...(coverage.warning !== undefined ? ['', '> [!WARNING]', `> ${escapeInline(coverage.warning)}`] : []),
    '',
    `<sub>${plural(report.providers.length, 'provider')} · ${seconds} s · started ${escapeInline(report.startedAt)} · tokenproof ${escapeInline(report.tool.version)} · report schema v${report.schemaVersion}</sub>`,
  ]
}

function cell(outcome: ScenarioOutcome | undefined): string {
  if (outcome === undefined) return '—'
  if (outcome.status === 'failed') return `${STATUS_ICON.failed} ${outcome.findings.length}`
  return STATUS_ICON[outcome.status]
}

function table(report: ConformanceReport): string[] {
  if (report.providers.length === 0) return ['_No provider ran._']
  // Rows in the order the scenarios ran, a scenario only one provider ran included.
  const scenarios = new Map<string, string>()
  for (const provider of report.providers) for (const r of provider.results) if (!scenarios.has(scenarioLabel(r))) scenarios.set(scenarioLabel(r), r.title)
  const byKey = new Map(report.providers.flatMap((p) => p.results.map((r) => [`${p.id}\u0000${scenarioLabel(r)}`, r] as const)))
  const rows = [...scenarios].map(
    ([id, title]) => `| **${escapeCell(id)}** ${escapeCell(title)} | ${report.providers.map((p) => cell(byKey.get(`${p.id}\u0000${id}`))).join(' | ')} |`,
  )
  return [
    `| scenario | ${report.providers.map((p) => escapeCell(p.displayName || p.id)).join(' | ')} |`,
    `| --- | ${report.providers.map(() => ':---:').join(' | ')} |`,
    ...rows,
    '',
    `<sub>${STATUS_ICON.passed} passed · ${STATUS_ICON.failed} n failed with n findings · ${STATUS_ICON.skipped} skipped · ${STATUS_ICON.error} could not run · — not run</sub>`,
  ]
}

/** Scenarios that could not run or were skipped, with their reasons. */
function notRun(report: ConformanceReport): string[] {
  const all = report.providers.flatMap((p) => p.results)
  const line = (r: ScenarioOutcome) => `- ${escapeInline(r.provider)} / ${escapeInline(scenarioLabel(r))}: ${escapeInline(r.reason ?? 'no reason given')}`
  const errors = all.filter((r) => r.status === 'error')
  const skipped = all.filter((r) => r.status === 'skipped')
  const out: string[] = []
  if (errors.length > 0) out.push('', `### ${STATUS_ICON.error} Could not run (${errors.length})`, '', ...errors.map(line))
  if (skipped.length > 0) {
    out.push('', `<details><summary>${STATUS_ICON.skipped} Skipped (${skipped.length}): known gaps</summary>`, '', ...skipped.map(line), '', '</details>')
  }
  return out
}

/** A gap in one line: who, what was called, and (for ignored fields) which fields. */
export function mockGapText(gap: ListedMockGap): string {
  const what = gap.kind === 'unservedCall' ? `answered ${gap.status ?? '?'} (${(gap.reason ?? 'unknown_path').replace(/_/g, ' ')})` : `ignored ${(gap.fields ?? []).join(', ')}`
  return `${gap.provider}: ${gap.method} ${gap.path} — ${what}; in ${gap.scenarios.length === 1 ? gap.scenarios[0] : `${gap.scenarios.length} runs`}`
}

/** The mock's own gaps, apart from findings: listed in every report, "none" included. */
function mockGapsSection(report: ConformanceReport): string[] {
  const gaps = report.mockGaps ?? { unservedCalls: [], ignoredFields: [] }
  const list = (items: readonly ListedMockGap[]) => (items.length === 0 ? ['', 'None.'] : ['', ...items.map((g) => `- ${escapeInline(mockGapText(g))}`)])
  return [
    '',
    `### Calls the mock does not serve (${gaps.unservedCalls.length})`,
    '',
    'A gap in the mock, not a finding against the integration: the call was answered with the provider\'s "unknown endpoint" error.',
    ...list(gaps.unservedCalls),
    '',
    `### Fields the mock ignored (${gaps.ignoredFields.length})`,
    ...list(gaps.ignoredFields),
  ]
}

const SEVERITY_HEADING = { critical: 'Critical', major: 'Major', minor: 'Minor' } as const

export function renderMarkdown(report: ConformanceReport): string {
  const head = [...header(report), '', ...table(report), ...causesSection(report)].join('\n')
  const tail = [...notRun(report), ...mockGapsSection(report)].join('\n')
  const findings = report.providers.flatMap((p) => p.results.flatMap((r) => r.findings))
  if (findings.length === 0) return `${head}\n${tail}\n\nNo findings: every scenario that ran kept its rules.\n`

  // Findings by severity, in severity order; in each, the order of the run.
  const ordered = SEVERITIES.flatMap((severity) => findings.filter((f) => f.severity === severity))
  const reserve = 600 // the truncation notes and the section headings' slack
  let budget = MARKDOWN_LIMIT - bytes(head) - bytes(tail) - reserve
  const bullets: { finding: ReportFinding; text: string }[] = []
  for (const finding of ordered) {
    const text = findingBullet(finding)
    // A heading is at most ~40 bytes; count one for every bullet to stay safe.
    if (bytes(text) + 41 > budget) break
    budget -= bytes(text) + 41
    bullets.push({ finding, text })
  }
  let evidenceCut = 0
  const withEvidence = bullets.map(({ finding, text }) => {
    if (finding.evidence.length === 0) return text
    const block = evidenceBlock(finding)
    if (evidenceCut > 0 || bytes(block) > budget) {
      evidenceCut++
      return text
    }
    budget -= bytes(block)
    return text + block
  })

  const sections: string[] = ['', '### Findings']
  for (const severity of SEVERITIES) {
    const here = withEvidence.filter((_, i) => bullets[i]!.finding.severity === severity)
    const total = findings.filter((f) => f.severity === severity).length
    if (total === 0) continue
    sections.push('', `#### ${SEVERITY_HEADING[severity]} (${total})`, '', ...here)
  }
  const dropped = findings.length - bullets.length
  if (evidenceCut > 0 || dropped > 0) {
    const what = [
      dropped > 0 ? `${plural(dropped, 'finding')} not listed` : undefined,
      evidenceCut > 0 ? `evidence of ${plural(evidenceCut, 'finding')} left out` : undefined,
    ].filter(Boolean)
    sections.push('', `> [!NOTE]`, `> Cut to stay under ${Math.round(MARKDOWN_LIMIT / 1000)} KB: ${what.join('; ')}. The JSON or HTML report has everything.`)
  }
  return `${head}\n${sections.join('\n')}\n${tail}\n`
}
