/**
 * An example app run the way docs/existing-app.md tells a user to: `tokenproof audit --mock <url>
 * [--chaos …] -- node app.mjs`, the CLI in a child process against a real mock on a free port. The
 * app prints where it listens; the test drives it over HTTP and takes the buyer's steps through the
 * control API; stopping sends SIGTERM (the CLI passes it on to the app, which closes and exits 0),
 * after which the audit judges the session and writes its report.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MockProviderId } from '../../mocks/registry.ts'
import { startMockServer, type MockServer } from '../../mocks/server.ts'
import { ConformanceReport } from '../../reports/model.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** What one audited session gave. */
export interface AuditOutcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly report: ConformanceReport
  /** The rule ids of the findings, sorted, each once. */
  readonly rules: readonly string[]
}

export interface AuditedApp {
  /** The app's own base URL. */
  readonly url: string
  /** The mock the app's provider traffic went to (in this process: its record is readable). */
  readonly mock: MockServer
  /** A call to the app, as its front end or an operator would make it. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>
  /** A buyer's step through the mock's control API (`POST /__tokenproof/providers/<id>/buyer/<action>`). */
  buyer(action: string, body: unknown): Promise<Record<string, unknown>>
  /** Ends the app (SIGTERM) and returns the audit's verdict on the session. */
  stop(): Promise<AuditOutcome>
}

export interface AuditedAppOptions {
  /** The app's entry file, run with `node`. */
  readonly app: string
  readonly provider: MockProviderId
  /** The app's own settings (its credentials, its mistake flags), from the mock's published test keys. */
  readonly env: (mock: MockServer) => Promise<Record<string, string>> | Record<string, string>
  /** Extra `tokenproof audit` options, e.g. `['--chaos', 'unknown', '--chaos-seed', 's']`. */
  readonly auditArgs?: readonly string[]
  /** Called once the app listens, before the test drives it (e.g. to register its webhook URL). */
  readonly onListening?: (mock: MockServer, appUrl: string) => Promise<void>
}

const rulesOf = (report: ConformanceReport): string[] => [...new Set(report.providers.flatMap((p) => p.results.flatMap((r) => r.findings.map((f) => f.ruleId))))].sort()

/** Starts a mock on port 0, then the app under `tokenproof audit --mock`, and waits until the app listens. */
export async function startAuditedApp(options: AuditedAppOptions): Promise<AuditedApp> {
  const mock = await startMockServer({ port: 0, providers: [options.provider], clockOptions: { mode: 'system' } })
  const out = await mkdtemp(join(tmpdir(), `tokenproof-${options.provider}-app-`))
  let child: ChildProcessWithoutNullStreams | undefined
  try {
    const env = { ...process.env, ...(await options.env(mock)), PORT: '0', CI: '1' }
    const args = ['--import', 'tsx', join(ROOT, 'bin', 'tokenproof.ts'), 'audit', '--mock', mock.url, '--providers', options.provider, '--out', out, ...(options.auditArgs ?? []), '--', process.execPath, options.app]
    const spawned = spawn(process.execPath, args, { cwd: ROOT, env })
    child = spawned
    let stdout = ''
    let stderr = ''
    spawned.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    spawned.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const closed = new Promise<number | null>((resolve) => spawned.on('close', resolve))
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the app did not say where it listens within 30 s\n${stdout}\n${stderr}`)), 30_000)
      const look = (): void => {
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1]
        if (found) {
          clearTimeout(timer)
          resolve(found)
        }
      }
      spawned.stdout.on('data', look)
      void closed.then((code) => {
        clearTimeout(timer)
        reject(new Error(`the app exited (${code}) before it listened\n${stdout}\n${stderr}`))
      })
    })
    await options.onListening?.(mock, url)

    const call: AuditedApp['call'] = async (method, path, body) => {
      const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      const text = await response.text()
      return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) }
    }
    const buyer: AuditedApp['buyer'] = async (action, body) => {
      const response = await fetch(`${mock.url}/__tokenproof/providers/${options.provider}/buyer/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      return (await response.json()) as Record<string, unknown>
    }
    const stop = async (): Promise<AuditOutcome> => {
      try {
        spawned.kill('SIGTERM')
        const code = await closed
        const report = ConformanceReport.parse(JSON.parse(await readFile(join(out, 'report.json'), 'utf8').catch(() => `{"missing": ${JSON.stringify(stdout + stderr)}}`)))
        return { code, stdout, stderr, report, rules: rulesOf(report) }
      } finally {
        await mock.close()
        await rm(out, { recursive: true, force: true })
      }
    }
    return { url, mock, call, buyer, stop }
  } catch (error) {
    child?.kill('SIGKILL')
    await mock.close()
    await rm(out, { recursive: true, force: true })
    throw error
  }
}
