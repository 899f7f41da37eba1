/**
 * How long `tokenproof serve` takes from process start to its first successful answer: the command
 * is spawned as a user runs it and polled every 2 ms until an answer is 2xx. Installed, the
 * `tokenproof` launcher runs the compiled dist/ (`npm run build`, with serve bundled into one file);
 * in a clone it runs the TypeScript sources through tsx, which compiles them as they load.
 */
import { execFile, spawn } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freePort } from '../suites/declarative/app-process.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** The launcher in this clone: it runs the sources through tsx. */
export const CLONE_LAUNCHER = join(ROOT, 'bin', 'tokenproof.js')

/**
 * Builds dist/ and lays out the package as npm installs it (the launcher with dist/ beside it, no
 * TypeScript sources), so that the launcher takes its installed path.
 */
export async function installedLauncher(): Promise<{ readonly launcher: string; dispose(): Promise<void> }> {
  await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })
  const folder = await mkdtemp(join(tmpdir(), 'tokenproof-installed-'))
  await mkdir(join(folder, 'bin'))
  await copyFile(CLONE_LAUNCHER, join(folder, 'bin', 'tokenproof.js'))
  await copyFile(join(ROOT, 'package.json'), join(folder, 'package.json'))
  await symlink(join(ROOT, 'dist'), join(folder, 'dist'))
  await symlink(join(ROOT, 'node_modules'), join(folder, 'node_modules'))
  return { launcher: join(folder, 'bin', 'tokenproof.js'), dispose: () => rm(folder, { recursive: true, force: true }) }
}

/** Milliseconds from spawning `tokenproof serve` (through `launcher`) to its first 2xx answer to `path`. */
export async function measureServeStartup(launcher: string, path = '/__tokenproof/clock', timeoutMs = 30_000): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, [launcher, 'serve', '--port', String(port), '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    while (performance.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`tokenproof serve exited with code ${child.exitCode}: ${stderr.slice(-500)}`)
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`)
        await response.arrayBuffer()
        if (response.ok) return performance.now() - started
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    throw new Error(`tokenproof serve gave no successful answer within ${timeoutMs} ms: ${stderr.slice(-500)}`)
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}
