/**
 * The app under a declarative driver: a command the run starts, restarts between scenarios (the
 * reset of an app that has no reset of its own) and stops, on one address throughout (the
 * provider's notification URL is registered once). Its output is kept, not shown: it is what the
 * driver's `logs` operation answers, scanned for card data.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export interface AppProcessOptions {
  readonly command: readonly string[]
  /** The app's environment (the run's own, the mock's settings, the driver file's `env`). */
  readonly env: NodeJS.ProcessEnv
  /** A fixed address, or undefined: a free port is picked and given in `portEnv`. */
  readonly url?: string
  readonly portEnv?: string
  /** A path called (GET) until the app answers after a start. */
  readonly ready: string
  readonly startTimeoutMs: number
}

/** The most lines kept, as the driver protocol's `logs` allows. */
const MAX_LINES = 1_000
const MAX_LINE = 10_000

export interface AppProcess {
  /** The app's origin, e.g. http://127.0.0.1:43121. */
  readonly url: string
  /** Starts the app with these extra variables (stopping a running one first) and waits until it answers. */
  start(extraEnv?: Readonly<Record<string, string>>): Promise<void>
  /** Stops and starts it again with the same environment. */
  restart(): Promise<void>
  /** What it wrote on stdout and stderr since its last start, line by line. */
  lines(): string[]
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function createAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  if (options.command.length === 0) throw new Error("the app's command is missing")
  const port = options.url === undefined ? await freePort() : undefined
  const url = (options.url ?? `http://127.0.0.1:${port}`).replace(/\/$/, '')
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()
  let extra: Readonly<Record<string, string>> = {}
  let output: string[] = []
  let partial = ''

  const keep = (chunk: string): void => {
    const text = partial + chunk
    const parts = text.split(/\r?\n/)
    partial = parts.pop() ?? ''
    output.push(...parts.map((l) => l.slice(0, MAX_LINE)))
    if (output.length > MAX_LINES) output = output.slice(-MAX_LINES)
  }

  async function stop(): Promise<void> {
    const running = child
    if (!running) return
    child = undefined
    if (running.exitCode === null && running.signalCode === null) {
      // The app's whole process group: `sh -c …` or `npm start` leave the app itself as a grandchild.
      const kill = (signal: NodeJS.Signals): void => {
        try {
          if (running.pid !== undefined) process.kill(-running.pid, signal)
        } catch {
          running.kill(signal)
        }
      }
      kill('SIGTERM')
      const timer = setTimeout(() => kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
  }

  async function start(extraEnv?: Readonly<Record<string, string>>): Promise<void> {
    await stop()
    if (extraEnv) extra = extraEnv
    output = []
    partial = ''
    const [file, ...args] = options.command as [string, ...string[]]
    const env = { ...options.env, ...extra, ...(options.portEnv !== undefined && port !== undefined ? { [options.portEnv]: String(port) } : {}) }
    const started = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    child = started
    let failure: string | undefined
    exited = new Promise((resolve) => {
      started.once('error', (error: NodeJS.ErrnoException) => {
        failure = error.code === 'ENOENT' ? `cannot start ${file}: command not found` : `cannot start ${file}: ${error.message}`
        resolve()
      })
      started.once('close', (code, signal) => {
        failure ??= `the app exited (${code ?? signal ?? 'unknown'}) before it answered`
        resolve()
      })
    })
    started.stdout?.setEncoding('utf8').on('data', keep)
    started.stderr?.setEncoding('utf8').on('data', keep)
    const deadline = Date.now() + options.startTimeoutMs
    for (;;) {
      if (child !== started || started.exitCode !== null || started.signalCode !== null || failure !== undefined) {
        await exited
        const tail = output.slice(-5).join(' | ')
        throw new Error(`${failure ?? 'the app stopped'}: ${options.command.join(' ')}${tail ? ` (last output: ${tail.slice(0, 500)})` : ''}`)
      }
      try {
        const answer = await fetch(`${url}${options.ready}`, { signal: AbortSignal.timeout(1_000) })
        await answer.body?.cancel()
        return
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`the app did not answer at ${url}${options.ready} within ${options.startTimeoutMs} ms: ${options.command.join(' ')}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  return {
    url,
    start,
    restart: () => start(),
    lines: () => (partial === '' ? [...output] : [...output, partial.slice(0, MAX_LINE)]).slice(-MAX_LINES),
    stop,
  }
}
