/**
 * The conformance report, version 1: one model, from which every format is rendered (JSON is the
 * model itself; JUnit XML, Markdown and HTML are views of it). The zod schema is the definition;
 * its JSON Schema is published as reports/generated/report.schema.json (`npm run schemas`).
 */
import { z } from 'zod'
import { contractRegistry } from '../contracts/registry.ts'
import { redact } from '../mocks/engine/masking.ts'
import type { ConformanceRun, ScenarioResult } from '../suites/findings.ts'
import { ALL_RULES, SEVERITIES } from '../suites/rules.ts'

export const REPORT_SCHEMA_VERSION = 1

const Severity = z.enum(['critical', 'major', 'minor'])

export const Evidence = z.object({
  exchangeId: z.number().int().optional(),
  direction: z.enum(['inbound', 'outbound', 'driver', 'mock']),
  operation: z.string().optional(),
  method: z.string().optional(),
  url: z.string().optional(),
  status: z.number().int().optional(),
  request: z.unknown().optional(),
  response: z.unknown().optional(),
  note: z.string().optional(),
})

export const Finding = z.object({
  id: z.string(),
  ruleId: z.string(),
  severity: Severity,
  title: z.string(),
  provider: z.string(),
  scenario: z.string(),
  flow: z.string().optional(),
  message: z.string(),
  citation: z.string(),
  evidence: z.array(Evidence),
  /** The likely mistake, in one line. */
  hint: z.string().optional(),
  /** What groups it with findings of the same mistake in other scenarios (see `causes`). */
  cause: z.string().optional(),
  /** Findings of the same scenario run that follow from this one, listed under it. */
  consequences: z.array(z.object({ ruleId: z.string(), title: z.string(), message: z.string() })).optional(),
})

/** One mistake and everywhere it showed: the findings it caused, grouped across scenario runs. */
export const Cause = z.object({
  /** `<provider>/<cause key>`. */
  id: z.string(),
  provider: z.string(),
  /** The rule it breaks. */
  ruleId: z.string(),
  severity: Severity,
  title: z.string(),
  /** The likely mistake, in one line. */
  hint: z.string(),
  /** The scenario runs where it showed (`scenario [flow]`). */
  scenarios: z.array(z.string()),
  /** Its findings, one per scenario run. */
  findings: z.array(z.string()),
  /** What followed from it in those runs, by rule, with how often. */
  consequences: z.array(z.object({ ruleId: z.string(), title: z.string(), count: z.number().int().min(1) })),
})

/** A call the mock does not serve, or request fields it accepted without acting on them: the mock's gap, not a finding. */
export const MockGap = z.object({
  kind: z.enum(['unservedCall', 'ignoredFields']),
  provider: z.string(),
  method: z.string(),
  path: z.string(),
  operation: z.string().optional(),
  reason: z.string().optional(),
  fields: z.array(z.string()).optional(),
  status: z.number().int().optional(),
})
export type ReportMockGap = z.infer<typeof MockGap>

/** A gap as the report lists it: once, with the runs it showed up in. */
export const ListedMockGap = MockGap.extend({ scenarios: z.array(z.string()) })
export type ListedMockGap = z.infer<typeof ListedMockGap>

export const ScenarioOutcome = z.object({
  provider: z.string(),
  scenario: z.string(),
  flow: z.string().optional(),
  title: z.string(),
  status: z.enum(['passed', 'failed', 'skipped', 'error']),
  reason: z.string().optional(),
  /** For a skipped run: the provider has no such thing, or the integration does not offer what it needs. */
  skippedFor: z.enum(['provider', 'integration']).optional(),
  rules: z.array(z.string()),
  findings: z.array(Finding),
  durationMs: z.number().min(0),
  mockGaps: z.array(MockGap).optional(),
})

export const ReportRule = z.object({ id: z.string(), severity: Severity, title: z.string(), rationale: z.string(), source: z.string() })

const Counts = z.object({ passed: z.number().int(), failed: z.number().int(), skipped: z.number().int(), error: z.number().int() })

/**
 * How much of the catalogue the run exercised. A check is a rule × provider × flow a scenario run
 * can judge; the catalogue holds those of every run the providers in the run can make (runs the
 * provider itself has nothing for are not in it); exercised are those of runs that judged the
 * integration (passed or failed).
 */
export const Coverage = z.object({
  checks: z.object({ catalogue: z.number().int().min(0), exercised: z.number().int().min(0) }),
  /** Exercised over catalogue, 0–1 (1 for an empty catalogue). */
  ratio: z.number().min(0).max(1),
  /** Scenario runs that judged the integration, and those of the catalogue left out (skipped for the integration, or errors). */
  runs: z.object({ judged: z.number().int().min(0), leftOut: z.number().int().min(0) }),
  /** Distinct rules exercised, of all rules. */
  rules: z.object({ total: z.number().int().min(0), exercised: z.number().int().min(0) }),
  /** Set when the run says little: most of the catalogue did not run. Renderers show it next to the score. */
  warning: z.string().optional(),
})
export type Coverage = z.infer<typeof Coverage>

export const ConformanceReport = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('tokenproof'), version: z.string() }),
  integration: z.string(),
  startedAt: z.string(),
  durationMs: z.number().min(0),
  summary: z.object({
    scenarios: Counts,
    findings: z.object({ critical: z.number().int(), major: z.number().int(), minor: z.number().int() }),
    /** Passed over the scenarios that ran (skipped ones do not count), 0–1: read it with `coverage`. */
    score: z.number().min(0).max(1),
    coverage: Coverage,
    /** How many distinct mistakes (`causes`) the findings come from. */
    causes: z.number().int().min(0),
  }),
  providers: z.array(z.object({ id: z.string(), displayName: z.string(), docs: z.string(), counts: Counts, results: z.array(ScenarioOutcome) })),
  /** The rules the scenarios check, as the run knew them. */
  rules: z.array(ReportRule),
  /** Every finding's cause, most severe and most widespread first: where to start fixing. */
  causes: z.array(Cause),
  /**
   * Where the mock fell short, apart from findings: calls it does not serve and documented fields it
   * ignored. Optional so reports written before it still parse; `buildReport` always writes it.
   */
  mockGaps: z.object({ unservedCalls: z.array(ListedMockGap), ignoredFields: z.array(ListedMockGap) }).optional(),
})

export type ConformanceReport = z.infer<typeof ConformanceReport>
export type ReportFinding = z.infer<typeof Finding>
export type ScenarioOutcome = z.infer<typeof ScenarioOutcome>
export type ReportCause = z.infer<typeof Cause>

function counts(results: readonly ScenarioResult[]): z.infer<typeof Counts> {
  const of = (status: ScenarioResult['status']) => results.filter((r) => r.status === status).length
  return { passed: of('passed'), failed: of('failed'), skipped: of('skipped'), error: of('error') }
}

/**
 * Builds the report from a run. Everything is redacted once more on the way in: the report is
 * what leaves the machine, so it must hold no card number or CVV whatever produced the run.
 */
export function buildReport(run: ConformanceRun, version: string): ConformanceReport {
  const results = run.results.map((r) => redact(r) as ScenarioResult)
  const findings = results.flatMap((r) => r.findings)
  const total = counts(results)
  const ran = total.passed + total.failed + total.error
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<(typeof SEVERITIES)[number], number>
  const report: ConformanceReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'tokenproof', version },
    integration: run.integration,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    summary: { scenarios: total, findings: bySeverity, score: ran === 0 ? 1 : total.passed / ran, coverage: coverageOf(results), causes: causesOf(results).length },
    providers: run.providers.map((id) => {
      const contract = (contractRegistry as Readonly<Record<string, { displayName: string; docs: string }>>)[id]
      const own = results.filter((r) => r.provider === id)
      return {
        id,
        displayName: contract?.displayName ?? id,
        docs: contract?.docs ?? '',
        counts: counts(own),
        results: own.map(({ mockGaps, ...r }) => ({
          ...r,
          rules: [...r.rules],
          ...(mockGaps ? { mockGaps: mockGaps.map(copyGap) } : {}),
          findings: r.findings.map(({ consequences, ...f }) => ({ ...f, evidence: [...f.evidence], ...(consequences ? { consequences: consequences.map((c) => ({ ...c })) } : {}) })),
        })),
      }
    }),
    rules: ALL_RULES.map((r) => ({ ...r })),
    causes: causesOf(results),
    mockGaps: mockGapsOfResults(results),
  }
  return ConformanceReport.parse(report)
}

function copyGap({ fields, ...gap }: NonNullable<ScenarioResult['mockGaps']>[number]): ReportMockGap {
  return { ...gap, ...(fields ? { fields: [...fields] } : {}) }
}

/** Each gap once across the run, with the runs (scenario, and flow) it showed up in. */
export function mockGapsOfResults(results: readonly ScenarioResult[]): NonNullable<ConformanceReport['mockGaps']> {
  const listed = new Map<string, ListedMockGap>()
  for (const result of results) {
    for (const gap of result.mockGaps ?? []) {
      const key = `${gap.kind} ${gap.provider} ${gap.method} ${gap.path} ${gap.fields?.join(',') ?? ''}`
      const entry: ListedMockGap = listed.get(key) ?? { ...copyGap(gap), scenarios: [] }
      const label = scenarioLabel(result)
      if (!entry.scenarios.includes(label)) entry.scenarios.push(label)
      listed.set(key, entry)
    }
  }
  const all = [...listed.values()]
  return { unservedCalls: all.filter((g) => g.kind === 'unservedCall'), ignoredFields: all.filter((g) => g.kind === 'ignoredFields') }
}

/** The rules checked after every scenario run, whatever the scenario (suites/invariants.ts). */
const ALWAYS_CHECKED = ['TP-DATA-001', 'TP-DATA-002', 'TP-NOTIFY-004']

/** Under this share of the catalogue a run's score says little, and the report says so. */
export const COVERAGE_WARNING_BELOW = 0.5

export function coverageOf(results: readonly ScenarioResult[]): Coverage {
  const cells = (r: ScenarioResult): string[] => [...new Set([...r.rules, ...ALWAYS_CHECKED])].map((rule) => `${rule}\u0000${r.provider}\u0000${r.flow ?? ''}`)
  const inCatalogue = results.filter((r) => !(r.status === 'skipped' && r.skippedFor === 'provider'))
  const judged = inCatalogue.filter((r) => r.status === 'passed' || r.status === 'failed')
  const catalogue = new Set(inCatalogue.flatMap(cells))
  const exercised = new Set(judged.flatMap(cells))
  const ratio = catalogue.size === 0 ? 1 : exercised.size / catalogue.size
  const leftOut = inCatalogue.length - judged.length
  const rulesExercised = new Set(judged.flatMap((r) => [...r.rules, ...ALWAYS_CHECKED])).size
  const warning =
    ratio < COVERAGE_WARNING_BELOW
      ? `only ${Math.round(ratio * 100)} % of the catalogue ran (${exercised.size} of ${catalogue.size} checks; ${leftOut} of ${inCatalogue.length} scenario runs left out): a clean score says little about the rest`
      : undefined
  return { checks: { catalogue: catalogue.size, exercised: exercised.size }, ratio, runs: { judged: judged.length, leftOut }, rules: { total: ALL_RULES.length, exercised: rulesExercised }, ...(warning ? { warning } : {}) }
}

/**
 * Groups the findings by provider and cause (a finding's `cause`, else its rule): one entry per
 * mistake, with the scenario runs it showed in and what followed from it.
 */
export function causesOf(results: readonly ScenarioResult[]): ReportCause[] {
  const byKey = new Map<string, ReportCause>()
  for (const result of results) {
    for (const f of result.findings) {
      const key = `${f.provider}/${f.cause ?? f.ruleId}`
      const cause = byKey.get(key) ?? { id: key, provider: f.provider, ruleId: f.ruleId, severity: f.severity, title: f.title, hint: f.hint ?? f.title, scenarios: [], findings: [], consequences: [] }
      cause.scenarios.push(scenarioLabel(result))
      cause.findings.push(f.id)
      for (const c of f.consequences ?? []) {
        const seen = cause.consequences.find((x) => x.ruleId === c.ruleId)
        if (seen) seen.count += 1
        else cause.consequences.push({ ruleId: c.ruleId, title: c.title, count: 1 })
      }
      byKey.set(key, cause)
    }
  }
  return [...byKey.values()].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.findings.length - a.findings.length)
}

/** A scenario run's name in a report: the scenario id, then its flow for a scenario run per flow. */
export function scenarioLabel(run: { readonly scenario: string; readonly flow?: string | undefined }): string {
  return run.flow === undefined ? run.scenario : `${run.scenario} [${run.flow}]`
}

/** The findings at or above a severity: what fails a run. */
export function findingsAtOrAbove(report: ConformanceReport, severity: (typeof SEVERITIES)[number]): ReportFinding[] {
  const threshold = SEVERITIES.indexOf(severity)
  return report.providers.flatMap((p) => p.results.flatMap((r) => r.findings)).filter((f) => SEVERITIES.indexOf(f.severity) <= threshold)
}
