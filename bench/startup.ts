/**
 * How long `tokenproof serve` takes from process start to its first successful answer: the command
 * is spawned as a user runs it (bin/tokenproof.js: the TypeScript sources through tsx in a clone,
 * the compiled dist/ when installed) and polled every 2 ms until an answer is 2xx.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort } from '../suites/declarative/app-process.ts'


const BIN = fileURLToPath(new URL('../bin/tokenproof.js', import.meta.url))

/** Milliseconds from spawning `tokenproof serve` to its first 2xx answer to `path`. */
export async function measureServeStartup(path = '/__tokenproof/clock', timeoutMs = 30_000): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
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
  }
}
