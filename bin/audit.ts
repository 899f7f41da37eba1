import { parseArgs } from 'node:util'
import { z } from 'zod'
import { CONTROL_PREFIX } from '../mocks/engine/control-api.ts'
import { buildReport, findingsAtOrAbove } from '../reports/model.ts'
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../reports/write.ts'
import { CHAOS_KINDS, CHAOS_MEANING, chaosPlan, type ChaosKind } from '../suites/audit/chaos.ts'
import { auditTraffic, type AppLogFinding, type AuditedProvider } from '../suites/audit/judge.ts'
import { auditedProviders } from '../suites/audit/providers.ts'
import { mockControl, type Exchange, type NotificationRecord } from '../suites/mock-control.ts'
import { SEVERITIES, type Severity } from '../suites/rules.ts'
import { list } from './run.ts'
import { argsUsageError, urlOption, UsageError } from './usage.ts'
import { PACKAGE_VERSION } from './version.ts'
import { parseWrapArgs, runWrapped, WRAP_OPTIONS } from './wrap.ts'

export const AUDIT_HELP = `tokenproof audit — judge the traffic a mock saw, with no driver

Usage: tokenproof audit --mock <url> [options]                  what a running mock (tokenproof serve) recorded
       tokenproof audit [options] [wrap's options] -- <command…>  your app (or its tests) run under wrap, then judged
  e.g. tokenproof audit --notify adyen=http://127.0.0.1:3000/webhooks -- node e2e.js
       tokenproof audit --chaos 5xx,duplicate --chaos-rate 0.3 --chaos-seed 7 -- npm test

  --mock <url>        the mock to read (and, with a command, the one the app talks to)
  --providers a,b     only these providers (default: every provider the traffic touched)
  --chaos k1,k2       with a command: turn these faults on for the whole session:
${CHAOS_KINDS.map((k) => `                        ${k.padEnd(10)}${CHAOS_MEANING[k]}`).join('\n')}
  --chaos-rate r      the share of matching calls or notifications each fault hits, 0–1 (default 0.5)
  --chaos-seed s      the same faults at the same calls from run to run
  --wait-limit-ms n   a call left unanswered this long counts as one that never gives up (TP-RETRY-004;
                      default twice the provider's documented client timeout, or 50000)
  --out               folder for report.json, junit.xml, summary.md and index.html (default reports/audit)
  --formats           which of json, junit, markdown, html to write (default all)
  --fail-on           the lowest severity that fails the audit: critical, major or minor (default minor)
  --json              print the report (report.json) to stdout instead of the summary

With a command, wrap's options apply too (--port, --seed, --notify, --config, --findings, --record,
--quiet; tokenproof wrap --help): the app's provider traffic goes to the mock, its output is scanned
for card data, and when it exits the session's traffic is judged.
Exit codes: 0 conformant, 1 findings at or above --fail-on (or the command failed), 2 usage or setup error.
`

const WRAP_STRINGS = ['port', 'seed', 'config', 'findings', 'record'] as const

interface Traffic {
  exchanges: Exchange[]
  notifications: NotificationRecord[]
}

async function readTraffic(mockUrl: string, providers: readonly string[], since: { exchangeId: number; notifications: ReadonlySet<string> }): Promise<Traffic> {
  const control = mockControl(mockUrl)
  await control.idle()
  const exchanges: Exchange[] = []
  const notifications: NotificationRecord[] = []
  for (const provider of providers) {
    exchanges.push(...(await control.exchanges(provider)).filter((e) => e.id > since.exchangeId))
    notifications.push(...(await control.notifications(provider)).filter((n) => !since.notifications.has(n.id)))
  }
  return { exchanges, notifications }
}

/** What the mock holds before the session, so that only the session's traffic is judged. */
async function baseline(mockUrl: string, providers: readonly string[]): Promise<{ exchangeId: number; notifications: Set<string> }> {
  const before = await readTraffic(mockUrl, providers, { exchangeId: 0, notifications: new Set() })
  return { exchangeId: before.exchanges.reduce((max, e) => Math.max(max, e.id), 0), notifications: new Set(before.notifications.map((n) => n.id)) }
}

async function controlPost(mockUrl: string, path: string, body: unknown): Promise<unknown> {
  const token = process.env.TOKENPROOF_CONTROL_TOKEN
  const response = await fetch(`${mockUrl}${CONTROL_PREFIX}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`the mock refused ${path} (${response.status}): ${text.slice(0, 300)}`)
  return text === '' ? undefined : (JSON.parse(text) as unknown)
}

/** The providers the mock serves, as its control API lists them. */
async function servedProviders(mockUrl: string): Promise<string[]> {
  const answer = await fetch(`${mockUrl}${CONTROL_PREFIX}`).catch((error: unknown) => {
    throw new UsageError(`--mock ${mockUrl}: no mock answers there (${error instanceof Error ? error.message : String(error)}); start one with tokenproof serve`)
  })
  const parsed = z.object({ providers: z.array(z.object({ id: z.string() })) }).safeParse(await answer.json().catch(() => undefined))
  if (!parsed.success) throw new UsageError(`--mock ${mockUrl}: not a Tokenproof mock (no provider list at ${CONTROL_PREFIX})`)
  return parsed.data.providers.map((p) => p.id)
}

export async function audit(argv: readonly string[]): Promise<number> {
  const split = argv.indexOf('--')
  const own = split === -1 ? argv : argv.slice(0, split)
  const command = split === -1 ? [] : argv.slice(split + 1)
  let values
  try {
    ;({ values } = parseArgs({
      args: [...own],
      options: {
        // wrap's, passed on with a command; the port without wrap's default, so that only a given one is passed on
        ...WRAP_OPTIONS,
        port: { type: 'string' },
        chaos: { type: 'string' },
        'chaos-rate': { type: 'string' },
        'chaos-seed': { type: 'string' },
        'wait-limit-ms': { type: 'string' },
        out: { type: 'string', default: 'reports/audit' },
        formats: { type: 'string' },
        'fail-on': { type: 'string', default: 'minor' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    throw argsUsageError('audit', error)
  }
  if (values.help) {
    process.stdout.write(AUDIT_HELP)
    return 0
  }
  const failOn = values['fail-on'] as Severity
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`)
  const formats = (list(values.formats) ?? REPORT_FORMATS) as ReportFormat[]
  const badFormats = formats.filter((f) => !REPORT_FORMATS.includes(f))
  if (badFormats.length > 0) throw new UsageError(`--formats: unknown format(s) ${badFormats.join(', ')}; known: ${REPORT_FORMATS.join(', ')}`)
  const known = auditedProviders()
  const only = list(values.providers)
  const unknown = only?.filter((p) => known[p] === undefined) ?? []
  if (unknown.length > 0) throw new UsageError(`--providers: unknown provider(s) ${unknown.join(', ')}; known: ${Object.keys(known).join(', ')}`)
  const waitLimit = values['wait-limit-ms'] === undefined ? undefined : Number(values['wait-limit-ms'])
  if (waitLimit !== undefined && !(Number.isInteger(waitLimit) && waitLimit >= 100)) throw new UsageError('--wait-limit-ms must be a whole number of milliseconds, at least 100')
  const chaos = list(values.chaos) ?? []
  const badChaos = chaos.filter((k) => !(CHAOS_KINDS as readonly string[]).includes(k))
  if (badChaos.length > 0) throw new UsageError(`--chaos: unknown fault(s) ${badChaos.join(', ')}; known: ${CHAOS_KINDS.join(', ')}`)
  const rate = values['chaos-rate'] === undefined ? 0.5 : Number(values['chaos-rate'])
  if (!(rate >= 0 && rate <= 1)) throw new UsageError(`--chaos-rate must be a number from 0 to 1, got ${values['chaos-rate']}`)
  if (chaos.length === 0 && (values['chaos-rate'] !== undefined || values['chaos-seed'] !== undefined)) throw new UsageError('--chaos-rate and --chaos-seed go with --chaos')
  const mockUrl = values.mock === undefined ? undefined : urlOption('--mock', values.mock)

  const started = Date.now()
  let traffic: Traffic
  let logFindings: readonly AppLogFinding[] | undefined
  let appCode = 0
  let integration: string
  if (command.length === 0) {
    if (mockUrl === undefined) throw new UsageError('audit needs --mock <url> (a running tokenproof serve) or the app\'s command after --, e.g. tokenproof audit -- node app.js')
    if (chaos.length > 0) throw new UsageError('--chaos needs a session to turn the faults on for: give the command that runs your app or its tests after --')
    const wrapOnly = [...WRAP_STRINGS.filter((k) => values[k] !== undefined), ...(values.notify ? ['notify'] : []), ...(values.quiet ? ['quiet'] : [])]
    if (wrapOnly.length > 0) throw new UsageError(`--${wrapOnly[0]} is one of wrap's options: it goes with a command after --`)
    const providers = (only ?? (await servedProviders(mockUrl))).filter((p) => known[p] !== undefined)
    traffic = await readTraffic(mockUrl, providers, { exchangeId: 0, notifications: new Set() })
    integration = `traffic recorded by ${mockUrl}`
  } else {
    const wrapArgv = [
      ...(mockUrl !== undefined ? ['--mock', mockUrl] : []),
      ...(values.providers !== undefined ? ['--providers', values.providers] : []),
      ...WRAP_STRINGS.flatMap((k) => (values[k] !== undefined ? [`--${k}`, String(values[k])] : [])),
      ...(values.notify ?? []).flatMap((n) => ['--notify', n]),
      ...(values.quiet ? ['--quiet'] : []),
      '--',
      ...command,
    ]
    const options = await parseWrapArgs(wrapArgv)
    const providers = options.providers.filter((p) => known[p] !== undefined)
    let since = { exchangeId: 0, notifications: new Set<string>() }
    let judged: Traffic = { exchanges: [], notifications: [] }
    appCode = await runWrapped(options, {
      beforeApp: async (url) => {
        since = await baseline(url, providers)
        const selected: Record<string, AuditedProvider> = Object.fromEntries(providers.map((p) => [p, known[p]!]))
        const plan = chaosPlan(chaos as ChaosKind[], selected, rate, values['chaos-seed'])
        for (const rule of plan.scenarios) await controlPost(url, '/scenarios', rule)
        for (const rule of plan.notifications) await controlPost(url, '/notifications/chaos', rule)
        if (chaos.length > 0 && !values.quiet) process.stderr.write(`tokenproof audit: chaos on for the session: ${chaos.join(', ')} at rate ${rate}${values['chaos-seed'] !== undefined ? `, seed ${values['chaos-seed']}` : ''}\n`)
      },
      afterApp: async (url, _code, findings) => {
        judged = await readTraffic(url, providers, since)
        logFindings = findings
      },
    })
    traffic = judged
    integration = command.join(' ')
  }

  const run = auditTraffic(
    { ...traffic, logFindings },
    { providers: known, ...(only ? { only } : {}), integration, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, ...(waitLimit !== undefined ? { waitLimitMs: waitLimit } : {}) },
  )
  const report = buildReport(run, PACKAGE_VERSION)
  const written = await writeReports(report, values.out, formats)
  const failing = findingsAtOrAbove(report, failOn)
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  else {
    const lines = run.results.flatMap((r) => r.findings.map((f) => `  ${f.ruleId} ${f.severity} ${f.provider}: ${f.message}`))
    const gaps = report.mockGaps ?? { unservedCalls: [], ignoredFields: [] }
    process.stdout.write(
      [
        `audit of ${integration}: ${run.providers.length === 0 ? 'no provider traffic to judge' : `${run.providers.join(', ')}`}; ${lines.length} finding(s)`,
        ...lines,
        ...(gaps.unservedCalls.length + gaps.ignoredFields.length > 0 ? [`the mock's own gaps: ${gaps.unservedCalls.length} unserved call(s), ${gaps.ignoredFields.length} call(s) with ignored fields (see the report)`] : []),
        ...(appCode !== 0 ? [`the command exited with ${appCode}`] : []),
        `reports: ${written.join(', ')}`,
        '',
      ].join('\n'),
    )
  }
  return failing.length > 0 || appCode !== 0 ? 1 : 0
}
