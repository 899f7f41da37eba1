/**
 * A `tokenproof serve` in a child process on 127.0.0.1, for the soak and the fuzz: its memory is
 * its own (RSS read from /proc, not the load generator's), and a crash is seen as the child's exit.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { MockCore } from '../mocks/core.ts'

export interface ChildServer {
  readonly url: string
  readonly port: number
  readonly pid: number
  /** Set once the server exited on its own (a crash): its exit code or signal and the end of its stderr. */
  exited(): string | undefined
  /** The server process's resident set size in MB (Linux /proc), or NaN where unavailable. */
  rssMb(): Promise<number>
  /**
   * The CPU time the server process has used, user and system, in seconds (Linux /proc), or NaN
   * where unavailable: per request, what the server costs whatever else runs on the machine.
   */
  cpuSeconds(): Promise<number>
  stop(): Promise<void>
}

/** USER_HZ of /proc/<pid>/stat: 100 on Linux on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100

export async function startChildServer(extraArgs: readonly string[] = [], nodeArgs: readonly string[] = []): Promise<ChildServer> {
  const cli = fileURLToPath(new URL('../bin/tokenproof.js', import.meta.url))
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, cli, 'serve', '--host', '127.0.0.1', '--port', '0', '--quiet', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  let exit: string | undefined
  let stopping = false
  child.stderr?.on('data', (chunk: Buffer) => {
    // Unserved calls are logged one line each: keep only the tail for a crash report.
    stderr = (stderr + chunk.toString('utf8')).slice(-4000)
  })
  child.on('exit', (code, signal) => {
    if (!stopping) exit = `exit ${code ?? signal ?? '?'}: ${stderr.slice(-2000)}`
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const line = /^(http:\/\/\S+)\s*$/m.exec(out)
      if (line?.[1]) resolve(line[1])
    })
    child.once('exit', () => reject(new Error(`tokenproof serve did not start: ${stderr}`)))
  })
  const pid = child.pid ?? 0
  return {
    url,
    port: Number(new URL(url).port),
    pid,
    exited: () => exit,
    async rssMb() {
      try {
        const status = await readFile(`/proc/${pid}/status`, 'utf8')
        const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1])
        return kb / 1024
      } catch {
        return Number.NaN
      }
    },
    async cpuSeconds() {
      try {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
        // Fields after the command name (which may hold spaces, so read from its closing parenthesis): utime and stime are the 14th and 15th.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
      } catch {
        return Number.NaN
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/**
 * What the wire clients read of an in-process mock, for a server in another process: only the
 * AppotaPay client reads the clock (its JWT's iat), and `tokenproof serve` runs on the system clock.
 */
export const remoteMock = { engine: { clock: { now: () => Date.now() } } } as unknown as MockCore

/** Reads a numeric `--name value` argument. */
export function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`)
  const value = at < 0 ? undefined : Number(argv[at + 1])
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number, got ${argv[at + 1] ?? ''}`)
  return value
}

export const pad = (value: string | number, width: number): string => String(value).padStart(width)
