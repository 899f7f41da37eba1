/**
 * Starts the Python merchant (merchant.py) as a child process next to a mock server on port 0, for
 * the tests that run the conformance suites against it through the driver protocol over HTTP.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { startMockServer, type MockServer } from '../../mocks/server.ts'
import { createHttpDriver } from '../../suites/http-driver.ts'
import type { ConformanceTarget } from '../../suites/run.ts'

const SCRIPT = fileURLToPath(new URL('./merchant.py', import.meta.url))

/** Whether `python3` runs here: without it the tests skip, saying so. */
export const pythonAvailable: boolean = (() => {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' })
  return probe.status === 0
})()

export interface PythonMerchantOptions {
  /** Which flows it offers: `all`, `checkout` (server-to-server only) or `pages` (the providers' pages / Drop-in only). */
  readonly flows?: 'all' | 'checkout' | 'pages'
  readonly providers?: readonly string[]
  readonly fault?: string
  /** Each provider call's timeout (well under the run's answer budget). */
  readonly timeoutMs?: number
  /** The mock's clock: manual (in tests) or system (as `tokenproof serve` runs). */
  readonly clock?: 'manual' | 'system'
}

export interface PythonTarget extends ConformanceTarget {
  readonly merchantUrl: string
  close(): Promise<void>
}

function startProcess(options: PythonMerchantOptions): Promise<{ child: ChildProcess; url: string }> {
  const args = [SCRIPT, '--port', '0', '--flows', options.flows ?? 'all', '--providers', (options.providers ?? ['antom', 'adyen']).join(','), '--timeout-ms', String(options.timeoutMs ?? 800)]
  if (options.fault !== undefined) args.push('--fault', options.fault)
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    const timer = setTimeout(() => reject(new Error(`the Python merchant did not start within 10 s: ${stderr}`)), 10_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the Python merchant exited with ${String(code)}: ${stderr}`))
    })
    lines.once('line', (line) => {
      clearTimeout(timer)
      const match = /listening on (\S+)/.exec(line)
      if (match?.[1] === undefined) reject(new Error(`unexpected first line from the Python merchant: ${line}`))
      else resolve({ child, url: match[1] })
    })
  })
}

export async function startPythonTarget(options: PythonMerchantOptions = {}): Promise<PythonTarget> {
  const mock: MockServer = await startMockServer({ port: 0, providers: ['antom', 'adyen'], clockOptions: { mode: options.clock ?? 'manual' } })
  let started: { child: ChildProcess; url: string }
  try {
    started = await startProcess(options)
  } catch (error) {
    await mock.close()
    throw error
  }
  const { child, url } = started
  return {
    driver: createHttpDriver({ url }),
    mockUrl: mock.url,
    merchantUrl: url,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await mock.close()
    },
  }
}
