import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Fixture } from './blocks.ts'
import { freePort } from '../../suites/declarative/app-process.ts'
import { preloadFile } from '../../mocks/redirect/preload.ts'

/**
 * A fresh folder standing in for a user's project, with `tokenproof` installed in it as a link to
 * this checkout (the installed tarball itself is package.test.ts's concern), and the long-running
 * processes a document's commands start. Ports are picked free so runs never collide with a dev
 * server on 4010.
 */
export interface Workspace {
  readonly dir: string
  readonly mockPort: number
  readonly merchantPort: number
  readonly env: NodeJS.ProcessEnv
  /** Starts a long-running command and waits for it to print its URL. */
  background(command: string): Promise<void>
  start(fixture: Fixture): Promise<void>
  close(): Promise<void>
}

export const REPOSITORY = join(import.meta.dirname, '..', '..')

/** Commands that keep running: started in the background, ready when they print an http URL. */
const LONG_RUNNING = /^(npx tokenproof serve|npm start)\b/

export function isLongRunning(command: string): boolean {
  return LONG_RUNNING.test(command)
}

export async function createWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'tokenproof-docs-'))
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'docs-user', version: '1.0.0', private: true, type: 'module' }))
  await mkdir(join(dir, 'node_modules', '.bin'), { recursive: true })
  await linkPackage(join(dir, 'node_modules', 'tokenproof'))
  await symlink(join(REPOSITORY, 'bin', 'tokenproof.js'), join(dir, 'node_modules', '.bin', 'tokenproof'))
  const [mockPort, merchantPort] = [await freePort(), await freePort()]
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(dir, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
    CI: 'true',
  }
  const children: ChildProcess[] = []
  // A document's blocks share one mock port; a second `serve` (the fixture's mock already on it) gets its own.
  let mockPortTaken = false
  const workspace: Workspace = {
    dir,
    mockPort,
    merchantPort,
    env,
    async background(command) {
      const serve = /^npx tokenproof serve\b/.test(command) && !/--port\b/.test(command)
      const port = serve && mockPortTaken ? await freePort() : mockPort
      if (serve) mockPortTaken = true
      const withPort = serve ? `${command} --port ${port}` : command
      children.push(await startAndWait(withPort, dir, { ...env, PORT: String(port) }))
    },
    async start(fixture) {
      if (fixture === 'mock') {
        mockPortTaken = true
        children.push(await startAndWait(`npx tokenproof serve --port ${mockPort}`, dir, env))
      }
      else children.push(await startAndWait(`npx tsx ${join(REPOSITORY, 'examples', 'reference-merchant', 'main.ts')}`, REPOSITORY, { ...env, PORT: String(merchantPort) }))
    },
    async close() {
      for (const child of children) stop(child)
      await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)))
      await rm(dir, { recursive: true, force: true })
    },
  }
  return workspace
}

/**
 * `node_modules/tokenproof` as this checkout: a link to each of its entries. A clone has no dist/,
 * which the package's `./register` export names (an installed package has it): that one file is
 * bundled into the linked package's own dist/ so `node --import tokenproof/register` runs as installed.
 */
async function linkPackage(target: string): Promise<void> {
  await mkdir(target, { recursive: true })
  for (const entry of await readdir(REPOSITORY)) {
    if (entry === 'dist' && !existsSync(join(REPOSITORY, 'dist', 'mocks', 'redirect', 'register.js'))) continue
    await symlink(join(REPOSITORY, entry), join(target, entry))
  }
  if (existsSync(join(target, 'dist'))) return
  const preload = await preloadFile()
  try {
    const register = join(target, 'dist', 'mocks', 'redirect', 'register.js')
    await mkdir(dirname(register), { recursive: true })
    await copyFile(fileURLToPath(preload.url), register)
  } finally {
    await preload.dispose()
  }
}

function startAndWait(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  // Its own process group, so stopping it stops npx and the node process under it.
  const child = spawn('bash', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop(child)
      reject(new Error(`"${command}" printed no URL within 60 s:\n${output}`))
    }, 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (/http:\/\/127\.0\.0\.1:\d+/.test(output)) {
        clearTimeout(timer)
        resolve(child)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`"${command}" exited with ${code}:\n${output}`))
    })
  })
}

function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    // already gone
  }
}

export interface ShellResult {
  readonly code: number
  readonly output: string
}

/** Runs a script with bash in the workspace: stops at the first failing command, as a user would. */
export function runScript(workspace: Workspace, script: string, timeoutMs: number): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: workspace.dir, env: workspace.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = setTimeout(() => {
      output += `\n[docs test: stopped after ${timeoutMs} ms]`
      stop(child)
    }, timeoutMs)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal ? 128 : 1), output })
    })
  })
}

/** Tools a documented command may use that a machine with only Node and npm may lack. */
export const OPTIONAL_TOOLS = ['curl', 'jq', 'openssl'] as const

export function missingTools(script: string): string[] {
  return OPTIONAL_TOOLS.filter((tool) => new RegExp(`(^|[\\s|;(&$])${tool}\\s`, 'm').test(script) && !onPath(tool))
}

function onPath(tool: string): boolean {
  return spawnSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0
}

export function fileExists(workspace: Workspace, path: string): boolean {
  return existsSync(join(workspace.dir, path))
}
