/**
 * `tokenproof audit` as a user runs it (the CLI in a child process): a small merchant's own e2e
 * script under wrap, judged when it exits, with and without --chaos; and a running mock's record
 * read through its control API. Real HTTP servers on 127.0.0.1, real HMAC-signed webhooks.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startMockServer, type MockServer } from '../mocks/server.ts'
import { ConformanceReport } from '../reports/model.ts'
import { audit } from './audit.ts'
import { UsageError } from './usage.ts'

const CLI = join(import.meta.dirname, 'tokenproof.ts')
const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx')
const APP = join(import.meta.dirname, 'test-support', 'audit-app.mjs')

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function runAudit(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, 'audit', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr })
    })
  })
}

let work: string
let mock: MockServer
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tokenproof-audit-'))
  mock = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'system' } })
})
afterAll(async () => {
  await mock.close()
  await rm(work, { recursive: true, force: true })
})

const reportIn = async (out: string): Promise<ConformanceReport> => ConformanceReport.parse(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')))
const rulesOf = (report: ConformanceReport): string[] => [...new Set(report.providers.flatMap((p) => p.results.flatMap((r) => r.findings.map((f) => f.ruleId))))].sort()

test('a clean e2e run under audit: exit 0, no finding, the four report files', { timeout: 60_000 }, async () => {
  const out = join(work, 'clean')
  const run = await runAudit(['--port', '0', '--providers', 'adyen', '--out', out, '--quiet', '--', 'node', APP, 'clean'])
  expect(run.code, run.stderr + run.stdout).toBe(0)
  expect(run.stdout).toContain('renewal answered 200 Authorised')
  expect((await readdir(out)).sort()).toEqual(['index.html', 'junit.xml', 'report.json', 'summary.md'])
  const report = await reportIn(out)
  expect(rulesOf(report)).toEqual([])
  const judged = report.providers[0]!.results.filter((r) => r.status === 'passed').map((r) => r.scenario)
  expect(judged).toEqual(['audit-reuse', 'audit-retries', 'audit-buyer-reference', 'audit-notifications', 'audit-traffic', 'audit-app-logs'])
})

test('the faulty app: each mistake with its rule, exit 1', { timeout: 60_000 }, async () => {
  const out = join(work, 'faulty')
  const run = await runAudit(['--port', '0', '--providers', 'adyen', '--out', out, '--quiet', '--', 'node', APP, 'faulty'])
  expect(run.code, run.stderr).toBe(1)
  expect(rulesOf(await reportIn(out))).toEqual(['TP-DATA-002', 'TP-REUSE-002'])
  expect(run.stdout).toContain('TP-REUSE-002 critical adyen')
  expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('TP-REUSE-002')
})

test('--chaos: the clean app meets the faults and handles them (no finding); the faulty one is caught', { timeout: 90_000 }, async () => {
  const chaos = ['--chaos', 'unknown,duplicate', '--chaos-rate', '0.5', '--chaos-seed', 'audit-test']
  const clean = join(work, 'chaos-clean')
  const record = join(work, 'chaos-clean.json')
  const cleanRun = await runAudit(['--port', '0', '--providers', 'adyen', '--out', clean, '--record', record, ...chaos, '--', 'node', APP, 'clean'])
  expect(cleanRun.code, cleanRun.stderr + cleanRun.stdout).toBe(0)
  expect(cleanRun.stderr).toContain('chaos on for the session: unknown, duplicate at rate 0.5, seed audit-test')
  expect(rulesOf(await reportIn(clean))).toEqual([])
  // The chaos really hit: a call answered 500 was sent again under its key, and a webhook came twice.
  const seen = (JSON.parse(await readFile(record, 'utf8')) as { exchanges: { direction: string; request: { headers: Record<string, string> }; response: { status?: number }; tags: Record<string, unknown> }[] }).exchanges
  const failed = seen.filter((e) => e.direction === 'inbound' && e.response.status === 500)
  expect(failed.length).toBeGreaterThan(0)
  const key = failed[0]!.request.headers['idempotency-key']
  expect(seen.filter((e) => e.request.headers['idempotency-key'] === key).length).toBeGreaterThan(1)
  expect(seen.some((e) => e.tags.duplicate === true)).toBe(true)

  // Every payment call answered with the unknown-outcome code, never retried.
  const unknown = join(work, 'chaos-unknown')
  expect((await runAudit(['--port', '0', '--providers', 'adyen', '--out', unknown, '--quiet', '--chaos', 'unknown', '--chaos-rate', '1', '--', 'node', APP, 'faulty'])).code).toBe(1)
  expect(rulesOf(await reportIn(unknown))).toEqual(['TP-DATA-002', 'TP-RETRY-003'])
  // Every webhook forged, and acknowledged unchecked.
  const forged = join(work, 'chaos-forged')
  expect((await runAudit(['--port', '0', '--providers', 'adyen', '--out', forged, '--quiet', '--chaos', 'forged', '--chaos-rate', '1', '--', 'node', APP, 'faulty'])).code).toBe(1)
  expect(rulesOf(await reportIn(forged))).toEqual(['TP-DATA-002', 'TP-NOTIFY-001', 'TP-REUSE-002'])
})

test('--mock: the app runs against a running mock, and a later audit reads the whole record through the control API', { timeout: 60_000 }, async () => {
  const first = join(work, 'running')
  const run = await runAudit(['--mock', mock.url, '--out', first, '--quiet', '--', 'node', APP, 'faulty'])
  expect(run.code).toBe(1)
  const later = join(work, 'later')
  const reread = await runAudit(['--mock', mock.url, '--out', later, '--fail-on', 'critical'])
  expect(reread.code).toBe(1)
  const report = await reportIn(later)
  expect(rulesOf(report)).toEqual(['TP-DATA-002', 'TP-REUSE-002'])
  // Without a command nothing scanned the app's output: that check is skipped, not passed.
  expect(report.providers[0]!.results.find((r) => r.scenario === 'audit-app-logs')?.status).toBe('skipped')
  expect(mock.mock.engine.recorder.list().length).toBeGreaterThan(0)
})

test('usage errors name the fix', async () => {
  await expect(audit([])).rejects.toThrow(UsageError)
  await expect(audit(['--mock', mock.url, '--chaos', '5xx'])).rejects.toThrow(/needs a session/)
  await expect(audit(['--chaos', 'meteor', '--', 'node', APP])).rejects.toThrow(/unknown fault\(s\) meteor/)
  await expect(audit(['--chaos', '5xx', '--chaos-rate', '2', '--', 'node', APP])).rejects.toThrow(/--chaos-rate/)
  await expect(audit(['--mock', mock.url, '--notify', 'adyen=http://127.0.0.1:1/x'])).rejects.toThrow(/wrap's options/)
})
