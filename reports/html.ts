/**
 * The conformance report as one self-contained HTML page: a header with the run's facts and tallies,
 * the provider × scenario matrix, filters, and every finding with its citation and evidence.
 * It works offline and loads nothing: inline stylesheet and script only, pinned by a
 * Content-Security-Policy. Every string from the report is escaped; without JavaScript everything
 * shows and only the filters are missing.
 */
import { redact } from '../mocks/engine/masking.ts'
import { SEVERITIES } from '../suites/rules.ts'
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from './html-assets.ts'
import { docLink, escapeHtml, linkify, prettyBody } from './html-escape.ts'
import { mockGapText } from './markdown.ts'
import { sequenceSvg } from './sequence.ts'
import { scenarioLabel, type ConformanceReport, type ListedMockGap, type ReportFinding, type ScenarioOutcome } from './model.ts'

type Status = ScenarioOutcome['status']
type Provider = ConformanceReport['providers'][number]
type Evidence = ReportFinding['evidence'][number]

const STATUSES: readonly Status[] = ['passed', 'failed', 'skipped', 'error']
/** Text first: the colour only repeats what the label says. */
const STATUS_LABEL: Readonly<Record<Status, string>> = { passed: '✓ passed', failed: '✗ failed', skipped: '– skipped', error: '! error' }

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = ms / 1000
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
}

function formatDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

const formatScore = (score: number) => `${Math.round(score * 1000) / 10}%`

/** A finding as listed, with the anchor the matrix links to. */
interface ListedFinding {
  readonly anchor: string
  readonly finding: ReportFinding
  readonly status: Status
  readonly provider: Provider
}

function listFindings(report: ConformanceReport): ListedFinding[] {
  const listed = report.providers.flatMap((provider) => provider.results.flatMap((result) => result.findings.map((finding) => ({ finding, status: result.status, provider }))))
  // Most severe first; within a severity in the run's own order (providers, then scenarios).
  const order = (f: ReportFinding) => SEVERITIES.indexOf(f.severity)
  return listed
    .map((item, index) => ({ item, index }))
    .sort((a, b) => order(a.item.finding) - order(b.item.finding) || a.index - b.index)
    .map(({ item }, index) => ({ ...item, anchor: `finding-${index + 1}` }))
}

function statusBadge(status: Status): string {
  return `<span class="badge status-${status}">${STATUS_LABEL[status]}</span>`
}

function renderHeader(report: ConformanceReport): string {
  const { scenarios, findings, score } = report.summary
  const totalFindings = SEVERITIES.reduce((sum, s) => sum + findings[s], 0)
  return `<header>
<h1>Tokenproof conformance report</h1>
<p><span class="score">${formatScore(score)}</span> <span class="muted">of the scenarios that ran passed (skipped ones do not count)</span></p>
<p class="coverage"><strong>Coverage ${formatScore(report.summary.coverage.ratio)}</strong> <span class="muted">of the catalogue: ${report.summary.coverage.checks.exercised} of ${report.summary.coverage.checks.catalogue} checks (rule × provider × flow), ${report.summary.coverage.rules.exercised} of ${report.summary.coverage.rules.total} rules</span></p>
${report.summary.coverage.warning !== undefined ? `<p class="coverage-warning" role="note"><strong>Partial run:</strong> ${escapeHtml(report.summary.coverage.warning)}</p>` : ''}
<dl class="facts">
<dt>Integration</dt><dd>${escapeHtml(report.integration)}</dd>
<dt>Started</dt><dd><time datetime="${escapeHtml(report.startedAt)}">${escapeHtml(formatDate(report.startedAt))}</time></dd>
<dt>Duration</dt><dd>${formatDuration(report.durationMs)}</dd>
<dt>Providers</dt><dd>${report.providers.map((p) => escapeHtml(p.displayName)).join(', ') || 'none'}</dd>
<dt>Tool</dt><dd>${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)} <span class="muted">(report schema v${report.schemaVersion})</span></dd>
<dt>Scenarios</dt><dd><ul class="tallies" aria-label="Scenarios by status">${STATUSES.map((s) => `<li class="badge status-${s}">${scenarios[s]} ${s}</li>`).join('')}</ul></dd>
<dt>Findings</dt><dd><ul class="tallies" aria-label="Findings by severity">${SEVERITIES.map((s) => `<li class="badge sev-${s}">${findings[s]} ${s}</li>`).join('')}</ul><span class="muted">${plural(totalFindings, 'finding')} in all</span></dd>
</dl>
</header>`
}

function renderFilters(report: ConformanceReport): string {
  const box = (name: string, value: string, label: string) => `<label><input type="checkbox" name="${name}" value="${escapeHtml(value)}" checked> ${escapeHtml(label)}</label>`
  return `<form id="filters" hidden aria-label="Filters">
<fieldset><legend>Provider</legend>${report.providers.map((p) => box('provider', p.id, p.displayName)).join('')}</fieldset>
<fieldset><legend>Status</legend>${STATUSES.map((s) => box('status', s, s)).join('')}</fieldset>
<fieldset><legend>Severity</legend>${SEVERITIES.map((s) => box('severity', s, s)).join('')}</fieldset>
<button type="reset">Show all</button>
</form>
<p id="filter-result" class="muted" role="status" aria-live="polite"></p>`
}

function renderCell(provider: Provider, outcome: ScenarioOutcome | undefined, anchors: ReadonlyMap<ReportFinding, string>): string {
  const attrs = `data-provider="${escapeHtml(provider.id)}"`
  if (!outcome) return `<td ${attrs} data-status="none"><span class="badge status-none">not run</span></td>`
  const reason = outcome.reason === undefined ? '' : outcome.reason
  const title = reason ? ` title="${escapeHtml(reason)}"` : ''
  let body = statusBadge(outcome.status)
  if (outcome.status === 'failed' || outcome.findings.length > 0) {
    const anchor = anchors.get(outcome.findings[0] as ReportFinding)
    const count = plural(outcome.findings.length, 'finding')
    body += anchor ? ` <a href="#${anchor}">${count}</a>` : ` <span>${count}</span>`
  }
  if (reason) body += `<span class="reason">${escapeHtml(reason)}</span>`
  return `<td ${attrs} data-status="${outcome.status}"${title}><div>${body}</div></td>`
}

function renderMatrix(report: ConformanceReport, anchors: ReadonlyMap<ReportFinding, string>): string {
  // Rows in the order the scenarios first ran; a scenario one provider did not run shows "not run" there.
  const scenarios = new Map<string, string>()
  for (const provider of report.providers) for (const r of provider.results) if (!scenarios.has(scenarioLabel(r))) scenarios.set(scenarioLabel(r), r.title)
  const head = report.providers
    .map((p) => {
      const counts = STATUSES.filter((s) => p.counts[s] > 0).map((s) => `${p.counts[s]} ${s}`).join(' · ')
      return `<th scope="col" data-provider="${escapeHtml(p.id)}">${docLink(p.docs, p.displayName)}<span class="provider-counts">${escapeHtml(counts || 'no scenarios')}</span></th>`
    })
    .join('')
  const rows = [...scenarios]
    .map(([scenario, title]) => {
      const cells = report.providers.map((p) => renderCell(p, p.results.find((r) => scenarioLabel(r) === scenario), anchors)).join('')
      return `<tr data-scenario="${escapeHtml(scenario)}"><th scope="row"><code>${escapeHtml(scenario)}</code><br><span class="muted">${escapeHtml(title)}</span></th>${cells}</tr>`
    })
    .join('\n')
  return `<div class="table-wrap"><table class="matrix">
<caption class="muted">Rows are scenarios, columns providers; a failed cell links to its first finding, a skipped or error cell gives its reason.</caption>
<thead><tr><th scope="col">Scenario</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`
}

function renderEvidence(evidence: Evidence): string {
  const line = [
    evidence.method ? `<strong>${escapeHtml(evidence.method)}</strong>` : '',
    evidence.url ? `<code>${escapeHtml(evidence.url)}</code>` : '',
    evidence.status === undefined ? '' : `→ <strong>${evidence.status}</strong>`,
  ].filter(Boolean)
  const facts = [evidence.direction, evidence.operation, evidence.exchangeId === undefined ? undefined : `exchange #${evidence.exchangeId}`].filter((f) => f !== undefined)
  const body = (label: string, value: unknown) => (value === undefined ? '' : `<h4>${label}</h4><pre>${prettyBody(value)}</pre>`)
  return `<li>
<p class="exchange-line">${line.join(' ')} <span class="muted">(${escapeHtml(facts.join(' · '))})</span></p>
${evidence.note ? `<p>${escapeHtml(evidence.note)}</p>` : ''}${body('Request', evidence.request)}${body('Response', evidence.response)}
</li>`
}

function renderFinding(listed: ListedFinding, report: ConformanceReport): string {
  const { finding, provider, status, anchor } = listed
  const rule = report.rules.find((r) => r.id === finding.ruleId)
  return `<li><details class="finding" id="${anchor}" data-provider="${escapeHtml(finding.provider)}" data-severity="${finding.severity}" data-status="${status}">
<summary><span class="badge sev-${finding.severity}">${finding.severity}</span> <code>${escapeHtml(finding.ruleId)}</code> ${escapeHtml(finding.title)} <span class="muted">— ${escapeHtml(provider.displayName)}, <code>${escapeHtml(scenarioLabel(finding))}</code></span></summary>
<div class="finding-body">
<p class="message">${escapeHtml(finding.message)}</p>
${finding.hint !== undefined ? `<p class="hint"><strong>Likely mistake:</strong> ${escapeHtml(finding.hint)}</p>` : ''}
${(finding.consequences ?? []).length > 0 ? `<h3>And so, in the same run</h3><ul class="consequences">${(finding.consequences ?? []).map((c) => `<li><code>${escapeHtml(c.ruleId)}</code> ${escapeHtml(c.message)}</li>`).join('')}</ul>` : ''}
<dl>
<dt>Rule</dt><dd><code>${escapeHtml(finding.ruleId)}</code> (${finding.severity})</dd>
<dt>Title</dt><dd>${escapeHtml(finding.title)}</dd>
${rule ? `<dt>Why it matters</dt><dd>${escapeHtml(rule.rationale)}</dd>` : ''}
<dt>Provider</dt><dd>${escapeHtml(provider.displayName)} <code>${escapeHtml(finding.provider)}</code></dd>
<dt>Scenario</dt><dd><code>${escapeHtml(scenarioLabel(finding))}</code></dd>
<dt>Citation</dt><dd class="citation">${linkify(finding.citation)}</dd>
<dt>Finding id</dt><dd><code>${escapeHtml(finding.id)}</code></dd>
</dl>
<h3>Evidence (${plural(finding.evidence.length, 'item')}: recorded exchanges, what the integration answered, the mock's own record)</h3>
${finding.evidence.length === 0 ? '<p class="muted">No exchange recorded.</p>' : `<figure class="sequence-figure">${sequenceSvg(finding.evidence, `Sequence of ${scenarioLabel(finding)}`)}<figcaption class="muted">The same evidence as a sequence: the suite drives the merchant, the merchant calls the provider, the provider notifies the merchant.</figcaption></figure>
<ol class="evidence">${finding.evidence.map(renderEvidence).join('\n')}</ol>`}
</div>
</details></li>`
}

/** The mistakes behind the findings, most severe and most widespread first: where to start fixing. */
function renderCauses(report: ConformanceReport): string {
  if (report.causes.length === 0) return ''
  const items = report.causes.map(
    (c) => `<li data-provider="${escapeHtml(c.provider)}" data-severity="${c.severity}"><span class="badge sev-${c.severity}">${c.severity}</span> <code>${escapeHtml(c.ruleId)}</code> ${escapeHtml(c.hint)} <span class="muted">— ${escapeHtml(c.provider)}, ${plural(c.scenarios.length, 'scenario run')}${
      c.consequences.length > 0 ? `; and so ${c.consequences.map((x) => `${escapeHtml(x.ruleId)}${x.count > 1 ? ` ×${x.count}` : ''}`).join(', ')}` : ''
    }</span></li>`,
  )
  return `<section aria-labelledby="causes-heading">
<h2 id="causes-heading">Causes (${report.causes.length})</h2>
<p class="muted">One line per mistake: the rule it breaks, the likely mistake, how many scenario runs showed it and what followed from it there.</p>
<ul class="causes">
${items.join('\n')}
</ul>
</section>`
}

/** The mock's own gaps, apart from findings: calls it does not serve and fields it ignored. */
function renderMockGaps(report: ConformanceReport): string {
  const gaps = report.mockGaps ?? { unservedCalls: [], ignoredFields: [] }
  const list = (items: readonly ListedMockGap[]) =>
    items.length === 0 ? '<p class="muted">None.</p>' : `<ul class="mock-gaps">\n${items.map((g) => `<li data-provider="${escapeHtml(g.provider)}">${escapeHtml(mockGapText(g))}</li>`).join('\n')}\n</ul>`
  return `<section aria-labelledby="mock-gaps-heading">
<h2 id="mock-gaps-heading">Calls the mock does not serve (${gaps.unservedCalls.length})</h2>
<p class="muted">Gaps in the mock, not findings against the integration: each was answered with the provider's "unknown endpoint" error.</p>
${list(gaps.unservedCalls)}
<h3>Fields the mock ignored (${gaps.ignoredFields.length})</h3>
${list(gaps.ignoredFields)}
</section>`
}

function renderFindings(findings: readonly ListedFinding[], report: ConformanceReport): string {
  if (findings.length === 0) return '<p>No findings: the integration kept every rule the scenarios that ran check.</p>'
  return `<p class="muted">Open a finding for its citation and the recorded exchanges that show it (card numbers masked, CVVs removed).</p>
<ul class="findings">
${findings.map((f) => renderFinding(f, report)).join('\n')}
</ul>`
}

/** Renders a report as one self-contained, offline HTML document. */
export function renderHtml(input: ConformanceReport): string {
  // The report is redacted when it is built; a report read back from a file may not have been.
  const report = redact(input) as ConformanceReport
  const findings = listFindings(report)
  const anchors = new Map(findings.map((f) => [f.finding, f.anchor]))
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Tokenproof conformance report — ${escapeHtml(report.integration)}</title>
<style>${STYLE}</style>
</head>
<body>
${renderHeader(report)}
<main>
<section aria-labelledby="matrix-heading">
<h2 id="matrix-heading">Providers × scenarios</h2>
${renderFilters(report)}
${renderMatrix(report, anchors)}
</section>
${renderCauses(report)}
<section aria-labelledby="findings-heading">
<h2 id="findings-heading">Findings (${findings.length})</h2>
${renderFindings(findings, report)}
</section>
${renderMockGaps(report)}
</main>
<footer>Generated by ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}. This page is self-contained: it loads nothing from the network.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`
}
