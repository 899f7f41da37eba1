/**
 * `tokenproof run --driver-file app.driver.json -- node server.cjs`: the app, unchanged and with no
 * driver of its own, driven through every scenario that applies to an app that saves cards with a
 * zero-amount session and then charges them as the merchant. Real processes: the CLI, the app it
 * starts and restarts, the mock on 127.0.0.1 with a free port.
 *
 * The app's mistakes, read from app.ts (README.md, "What a run finds"): a charge whose outcome is
 * unknown (HTTP 5xx) is neither retried nor inquired (TP-RETRY-003); the library is given no timeout,
 * so a silent provider holds the charge for good (TP-RETRY-004); the webhook stores any validly
 * signed RECURRING_CONTRACT, whichever merchant account it names (TP-NOTIFY-005). Nothing else.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startMockServer } from '../../mocks/server.ts'
import { RULES } from '../../suites/rules.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DRIVER_FILE = fileURLToPath(new URL('./app.driver.json', import.meta.url))
let folder: string
let server: string

beforeAll(async () => {
  // The app imports the library's CommonJS named exports, as bundlers allow: it runs as the CommonJS
  // bundle its users would ship (dependencies left in node_modules, hence a folder inside the repo).
  await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true })
  folder = await mkdtemp(join(ROOT, 'node_modules', '.cache', 'adyen-node-app-'))
  server = join(folder, 'server.cjs')
  await build({ entryPoints: [fileURLToPath(new URL('./server.ts', import.meta.url))], outfile: server, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'silent' })
})

afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

interface Outcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function tokenproof(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'tokenproof.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

interface ReportResult {
  readonly scenario: string
  readonly flow?: string
  readonly status: string
  readonly skippedFor?: string
  readonly reason?: string
  readonly findings: readonly { readonly ruleId: string }[]
}

test('the app is driven through every scenario that applies to a zero-amount save and merchant-initiated charges; the findings are its three mistakes', async () => {
  const out = join(folder, 'report')
  const run = await tokenproof(['run', '--driver-file', DRIVER_FILE, '--answer-budget-ms', '2000', '--out', out, '--', process.execPath, server])
  expect(run.stderr).toBe('')
  expect(run.code).toBe(1)
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as {
    integration: string
    summary: { coverage: { ratio: number; warning?: string; runs: { judged: number } } }
    providers: { id: string; results: ReportResult[] }[]
  }
  expect(report.integration).toBe('adyen-node-app')
  const results = report.providers.flatMap((p) => p.results)
  const judged = results.filter((r) => r.status === 'passed' || r.status === 'failed').map((r) => `${r.scenario}${r.flow ? ` [${r.flow}]` : ''} ${r.status}${r.findings.length > 0 ? ` ${r.findings.map((f) => f.ruleId).join(',')}` : ''}`)
  expect(judged).toEqual([
    'zero-amount-save passed',
    'token-reuse passed',
    'deleted-token passed',
    'final-error [token_reuse_pay] passed',
    'unknown-result [token_reuse_pay] failed TP-RETRY-003',
    'lost-answer [token_reuse_pay] failed TP-RETRY-004',
    'server-error [token_reuse_pay] failed TP-RETRY-003',
    'slow-answer [token_reuse_pay] failed TP-RETRY-004',
    'duplicate-notification [zero_amount_save] passed',
    'forged-notification [zero_amount_save] passed',
    'unsigned-notification [zero_amount_save] passed',
    'other-merchant-notification [zero_amount_save] failed TP-NOTIFY-005',
    'reordered-notifications [zero_amount_save] passed',
  ])
  expect(results.filter((r) => r.status === 'error')).toEqual([])
  // What does not apply says why: the app offers no flow that pays with a new card; its charge names
  // no buyer; it keeps no order a notification's amount could change.
  const skipped = results.filter((r) => r.status === 'skipped' && r.skippedFor === 'integration')
  expect(skipped.filter((r) => !/^the integration does not offer (server_to_server_enabled|session_ask_consent|sdk_session)$/.test(r.reason ?? '')).map((r) => `${r.scenario}${r.flow ? ` [${r.flow}]` : ''}`)).toEqual([
    'another-buyers-card',
    'other-amount-notification [zero_amount_save]',
  ])
  // The run states how much of the catalogue it covered, and does not read as clean.
  expect(report.summary.coverage.runs.judged).toBe(13)
  expect(report.summary.coverage.warning).toMatch(/^only \d+ % of the catalogue ran/)
  // Out of every rule of the catalogue, however many it holds.
  const rules = Object.keys(RULES).length
  expect(run.stdout).toMatch(new RegExp(String.raw`adyen-node-app: 8 passed, 5 failed, 0 errors, \d+ skipped in .*; score 62 % of what ran; coverage \d+ % of the catalogue \(\d+\/\d+ checks of rule × provider × flow, \d+\/${rules} rules; 13 scenario runs judged, \d+ left out\)`))
}, 240_000)

test('with --mock, the run uses the mock already running', async () => {
  const mock = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' } })
  try {
    const out = join(folder, 'with-mock')
    const run = await tokenproof(['run', '--driver-file', DRIVER_FILE, '--mock', mock.url, '--scenarios', 'token-reuse', '--out', out, '--', process.execPath, server])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^ok {3}adyen {6}token-reuse/m)
    // The app's charge reached this mock: the stored token paid with the card-on-file flags.
    const payments = mock.mock.engine.recorder.list({ provider: 'adyen' }).filter((e) => e.direction === 'inbound' && e.operation === 'payments')
    expect(payments.length).toBeGreaterThan(0)
  } finally {
    await mock.close()
  }
}, 120_000)

test('a driver file with a mistake stops the run before anything starts: one line naming the field, exit 2', async () => {
  const run = await tokenproof(['run', '--driver-file', join(ROOT, 'package.json'), '--', process.execPath, server])
  expect(run.code).toBe(2)
  expect(run.stderr.trim().split('\n')).toHaveLength(1)
  expect(run.stderr).toMatch(/^tokenproof: --driver-file .*package\.json: provider: is required: add it \(docs\/declarative-driver\.md lists the fields\) \(and \d+ more\)$/m)
})
