/**
 * The conformance report as JUnit XML, for CI systems (GitHub Actions test reporters, GitLab,
 * Jenkins, Azure DevOps). One <testsuite> per provider, one <testcase> per scenario; every
 * finding of a scenario is one <failure>, whose text carries the rule, the citation and the
 * recorded exchanges. The output validates against reports/schemas/junit.xsd.
 *
 * Counts follow the JUnit convention: a suite's `failures` counts the failed test cases (scenarios),
 * not the <failure> elements (findings); a failed scenario holds one <failure> per finding.
 */
import { scenarioLabel, type ConformanceReport, type ReportFinding, type ScenarioOutcome } from './model.ts'

type Evidence = ReportFinding['evidence'][number]
type Provider = ConformanceReport['providers'][number]

/** Characters XML 1.0 does not allow at all (§2.2 Char): C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Drops what XML 1.0 forbids; everything else is kept. */
export function xmlSafe(value: string): string {
  return value.replace(FORBIDDEN, '')
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Escapes text content. A CR is written as a reference, else a parser turns it into LF. */
export function escapeText(value: string): string {
  return xmlSafe(value).replace(/[&<>"'\r]/g, (c) => (c === '\r' ? '&#13;' : ENTITIES[c]!))
}

/** Escapes an attribute value; tab, LF and CR as references, else attribute normalisation turns them into spaces. */
export function escapeAttribute(value: string): string {
  return xmlSafe(value).replace(/[&<>"'\t\n\r]/g, (c) => (c === '\t' ? '&#9;' : c === '\n' ? '&#10;' : c === '\r' ? '&#13;' : ENTITIES[c]!))
}

function attributes(values: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('')
}

/** Milliseconds as JUnit seconds: a plain decimal, three places. */
function seconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0.000'
}

/** The run's start as an xs:dateTime, or nothing when the report's value is not a date. */
function timestamp(startedAt: string): string | undefined {
  const date = new Date(startedAt)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** A recorded body as text: JSON pretty-printed, a string as it was, over this many characters cut. */
const BODY_LIMIT = 20_000

function body(value: unknown): string {
  let text: string
  if (typeof value === 'string') text = value
  else {
    try {
      text = JSON.stringify(value, null, 2) ?? String(value)
    } catch {
      text = String(value)
    }
  }
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}\n… (${text.length - BODY_LIMIT} more characters cut)` : text
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n')
}

/** One exchange: `METHOD url -> status` (with its direction and operation), then its bodies. */
export function evidenceText(evidence: Evidence): string {
  const where = [evidence.method, evidence.url].filter(Boolean).join(' ') || evidence.operation || '(no request line)'
  const label = [evidence.exchangeId === undefined ? undefined : `#${evidence.exchangeId}`, evidence.direction, evidence.operation].filter(Boolean).join(' ')
  const lines = [`[${label}] ${where}${evidence.status === undefined ? '' : ` -> ${evidence.status}`}`]
  if (evidence.note !== undefined) lines.push(`  note: ${evidence.note}`)
  if (evidence.request !== undefined) lines.push('  request:', indent(body(evidence.request), '    '))
  if (evidence.response !== undefined) lines.push('  response:', indent(body(evidence.response), '    '))
  return lines.join('\n')
}

function failure(finding: ReportFinding): string {
  const text = [
    `${finding.ruleId} (${finding.severity}): ${finding.title}`,
    `Observed: ${finding.message}`,
    ...(finding.hint !== undefined ? [`Likely mistake: ${finding.hint}`] : []),
    ...(finding.consequences ?? []).map((c) => `And so ${c.ruleId}: ${c.message}`),
    `Citation: ${finding.citation}`,
    `Finding: ${finding.id}`,
    ...(finding.evidence.length === 0 ? ['Evidence: none recorded'] : ['Evidence:', ...finding.evidence.map((e) => indent(evidenceText(e), '  '))]),
  ].join('\n')
  return `      <failure${attributes({ message: `${finding.ruleId} ${finding.severity}: ${finding.message}`, type: finding.ruleId })}>${escapeText(text)}</failure>`
}

function testcase(provider: Provider, result: ScenarioOutcome): string {
  const open = `    <testcase${attributes({ classname: `tokenproof.${provider.id}`, name: `${scenarioLabel(result)}: ${result.title}`, time: seconds(result.durationMs) })}`
  const children: string[] = []
  if (result.status === 'skipped') children.push(`      <skipped${attributes({ message: result.reason ?? 'skipped' })}/>`)
  if (result.status === 'error') {
    const reason = result.reason ?? 'the scenario could not run'
    children.push(`      <error${attributes({ message: reason, type: 'error' })}>${escapeText(reason)}</error>`)
  }
  // Findings are kept whatever the status; a failed scenario without one still fails.
  children.push(...result.findings.map(failure))
  if (result.status === 'failed' && result.findings.length === 0) {
    const reason = result.reason ?? 'the scenario failed without a finding'
    children.push(`      <failure${attributes({ message: reason, type: 'failed' })}>${escapeText(reason)}</failure>`)
  }
  // The mock's own gaps are not findings: they fail nothing, but a CI reader sees them by the run they showed in.
  const out = [
    ...(result.rules.length > 0 ? [`rules checked: ${result.rules.join(', ')}`] : []),
    ...(result.mockGaps ?? []).map((g) =>
      g.kind === 'unservedCall'
        ? `mock gap (not a finding): ${g.method} ${g.path} not served by the mock (answered ${g.status ?? '?'}, ${(g.reason ?? 'unknown_path').replace(/_/g, ' ')})`
        : `mock gap (not a finding): ${g.method} ${g.path} — the mock ignored ${(g.fields ?? []).join(', ')}`,
    ),
  ]
  if (out.length > 0) children.push(`      <system-out>${escapeText(out.join('\n'))}</system-out>`)
  return children.length === 0 ? `${open}/>` : `${open}>\n${children.join('\n')}\n    </testcase>`
}

function testsuite(report: ConformanceReport, provider: Provider, index: number): string {
  const properties = [
    ['provider', provider.id],
    ['provider.displayName', provider.displayName],
    ['provider.docs', provider.docs],
    ['integration', report.integration],
    ['tokenproof.version', report.tool.version],
    ['report.schemaVersion', String(report.schemaVersion)],
  ]
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `      <property${attributes({ name, value })}/>`)
  const head = `  <testsuite${attributes({
    name: provider.id,
    tests: provider.results.length,
    failures: provider.counts.failed,
    errors: provider.counts.error,
    skipped: provider.counts.skipped,
    time: seconds(provider.results.reduce((sum, r) => sum + r.durationMs, 0)),
    timestamp: timestamp(report.startedAt),
    id: index,
    package: 'tokenproof',
  })}>`
  return [head, '    <properties>', ...properties, '    </properties>', ...provider.results.map((r) => testcase(provider, r)), '  </testsuite>'].join('\n')
}

export function renderJunit(report: ConformanceReport): string {
  const totals = report.summary.scenarios
  const root = `<testsuites${attributes({
    name: `tokenproof conformance: ${report.integration}`,
    tests: totals.passed + totals.failed + totals.skipped + totals.error,
    failures: totals.failed,
    errors: totals.error,
    skipped: totals.skipped,
    time: seconds(report.durationMs),
    timestamp: timestamp(report.startedAt),
  })}>`
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...report.providers.map((p, i) => testsuite(report, p, i)), '</testsuites>', ''].join('\n')
}
