import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { constants as osConstants } from 'node:os'
import { z } from 'zod'
import { CONTROL_PREFIX } from '../mocks/engine/control-api.ts'
import { appEnvironment, appSettings } from '../mocks/redirect/app-env.ts'
import { preloadFile } from '../mocks/redirect/preload.ts'
import { mockRegistry, type MockProviderId } from '../mocks/registry.ts'
import { startMockServer, type MockServer } from '../mocks/server.ts'
import { describeFindings, LogScanner, type LogFinding } from './log-scan.ts'
import { UsageError } from './usage.ts'

const PROVIDER_IDS = Object.keys(mockRegistry) as [MockProviderId, ...MockProviderId[]]

export const WRAP_HELP = `tokenproof wrap — run your app with its provider traffic sent to the mock, nothing in it changed

Usage: tokenproof wrap [options] -- <command> [args…]
  e.g. tokenproof wrap --notify adyen=http://127.0.0.1:3000/webhooks/adyen -- node app.js

  --mock <url>        use a mock already running (tokenproof serve) instead of starting one
  --port <n>          port of the mock wrap starts (default 4010; 0 picks a free one)
  --providers a,b     providers to serve and redirect (default: all: ${PROVIDER_IDS.join(', ')})
  --seed <s>          makes tokens and other random ids repeat from run to run
  --notify p=<url>    the app's webhook URL for provider p, registered on the mock's test merchant
  --config <file>     a JSON file with any of: mock, providers, seed, notify {provider: url},
                      merchants {provider: registration as in docs/control-api.md}
  --findings <file>   write the card data found in the app's output (masked) as JSON
  --record <file>     write every exchange the mock saw during the run (masked) as JSON, when the app exits
  --quiet             print nothing of wrap's own but the findings

The app runs with NODE_OPTIONS="--import <tokenproof/register>" (Node apps: calls to the providers'
real hosts go to the mock, HTTPS included) and, for any language, TOKENPROOF_MOCK_URL, the base
URLs TOKENPROOF_ADYEN_CHECKOUT_URL, TOKENPROOF_ANTOM_GATEWAY_URL, TOKENPROOF_APPOTAPAY_URL,
TOKENPROOF_PIVOT_URL… and the mock's test credentials (docs/existing-app.md lists them all).
Its output passes through and is scanned for card numbers and CVVs. Exit code: the app's
(128 + signal when killed, 127 when it cannot start), 2 for a usage error.
`

const WrapConfig = z.strictObject({
  mock: z.url({ protocol: /^https?$/ }).optional(),
  providers: z.array(z.enum(PROVIDER_IDS)).min(1).optional(),
  seed: z.string().min(1).optional(),
  notify: z.partialRecord(z.enum(PROVIDER_IDS), z.url({ protocol: /^https?$/ })).optional(),
  merchants: z.partialRecord(z.enum(PROVIDER_IDS), z.record(z.string(), z.unknown())).optional(),
})
type WrapConfig = z.infer<typeof WrapConfig>

export interface WrapOptions {
  readonly mock: string | undefined
  readonly port: number
  readonly providers: MockProviderId[]
  readonly seed: string | undefined
  /** Merchant registrations to make on the mock, in order (config merchants, then notify URLs). */
  readonly registrations: readonly { readonly provider: MockProviderId; readonly input: Record<string, unknown>; readonly origin: string }[]
  readonly findings: string | undefined
  readonly record: string | undefined
  readonly quiet: boolean
  readonly help: boolean
  readonly command: readonly string[]
}

const zodMessage = (error: z.ZodError, prefix: string): string =>
  error.issues.map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)'}: ${i.message}`).join('; ')

/** Reads and validates a config file: every problem named by its field. */
export async function readWrapConfig(path: string): Promise<WrapConfig> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`--config: cannot read ${path}`)
  })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--config ${path}: not JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  const parsed = WrapConfig.safeParse(json)
  if (!parsed.success) throw new UsageError(`--config ${path}: ${zodMessage(parsed.error, '')}`)
  return parsed.data
}

/** wrap's options; `tokenproof audit … -- <command>` takes them too and passes them on to wrap. */
export const WRAP_OPTIONS = {
  mock: { type: 'string' },
  port: { type: 'string', default: '4010' },
  providers: { type: 'string' },
  seed: { type: 'string' },
  notify: { type: 'string', multiple: true },
  config: { type: 'string' },
  findings: { type: 'string' },
  record: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>

export async function parseWrapArgs(argv: readonly string[]): Promise<WrapOptions> {
  const split = argv.indexOf('--')
  const own = split === -1 ? argv : argv.slice(0, split)
  const command = split === -1 ? [] : argv.slice(split + 1)
  let values
  try {
    ;({ values } = parseArgs({
      args: [...own],
      options: WRAP_OPTIONS,
      strict: true,
    }))
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (the app's command goes after --)`)
  }
  const config: WrapConfig = values.config === undefined ? {} : await readWrapConfig(values.config)
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be 0–65535, got ${values.port}`)
  const listed = values.providers?.split(',').map((p) => p.trim()).filter(Boolean)
  const unknown = listed?.filter((p) => !(PROVIDER_IDS as string[]).includes(p)) ?? []
  if (unknown.length > 0) throw new UsageError(`unknown provider(s) ${unknown.join(', ')}; known: ${PROVIDER_IDS.join(', ')}`)
  const providers = (listed as MockProviderId[] | undefined) ?? config.providers ?? [...PROVIDER_IDS]
  let mock = values.mock ?? config.mock
  if (mock !== undefined) {
    if (!z.url({ protocol: /^https?$/ }).safeParse(mock).success) throw new UsageError(`--mock must be an http(s) URL, got ${mock}`)
    mock = mock.replace(/\/$/, '')
  }

  const registrations: { provider: MockProviderId; input: Record<string, unknown>; origin: string }[] = []
  const served = (provider: MockProviderId, origin: string): void => {
    if (!providers.includes(provider)) throw new UsageError(`${origin}: ${provider} is not among the providers served (${providers.join(', ')})`)
  }
  for (const [provider, input] of Object.entries(config.merchants ?? {}) as [MockProviderId, Record<string, unknown>][]) {
    served(provider, `--config merchants.${provider}`)
    registrations.push({ provider, input, origin: `--config merchants.${provider}` })
  }
  const notify: [string, string][] = Object.entries(config.notify ?? {}).map(([p, url]) => [p, url])
  for (const entry of values.notify ?? []) {
    const at = entry.indexOf('=')
    if (at < 1) throw new UsageError(`--notify takes <provider>=<url>, got ${entry}`)
    notify.push([entry.slice(0, at), entry.slice(at + 1)])
  }
  for (const [provider, url] of notify) {
    const origin = `--notify ${provider}`
    if (!(PROVIDER_IDS as string[]).includes(provider)) throw new UsageError(`${origin}: unknown provider; known: ${PROVIDER_IDS.join(', ')}`)
    const id = provider as MockProviderId
    served(id, origin)
    if (!z.url({ protocol: /^https?$/ }).safeParse(url).success) throw new UsageError(`${origin}: not an http(s) URL: ${url}`)
    const input = appSettings[id].notifyRegistration(url)
    if (!input) throw new UsageError(`${origin}: ${id} sends no notifications to the merchant (contracts/${id}/NOTES.md)`)
    registrations.push({ provider: id, input, origin })
  }

  return {
    mock,
    port,
    providers,
    seed: values.seed ?? config.seed,
    registrations,
    findings: values.findings,
    record: values.record,
    quiet: values.quiet,
    help: values.help,
    command,
  }
}

/** A mock to send the app's traffic to: one wrap starts and stops, or one already running. */
interface WrapMock {
  readonly url: string
  register(provider: MockProviderId, input: Record<string, unknown>, origin: string): Promise<void>
  /** What the mock recorded (already masked), oldest first. */
  exchanges(): Promise<unknown[]>
  close(): Promise<void>
}

async function startOwnMock(options: WrapOptions): Promise<WrapMock> {
  let server: MockServer
  try {
    server = await startMockServer({
      port: options.port,
      providers: options.providers,
      clockOptions: { mode: 'system' },
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`port ${options.port} is in use: pass --port 0, or --mock http://127.0.0.1:${options.port} to use the mock running there`)
    }
    throw error
  }
  return {
    url: server.url,
    async register(provider, input, origin) {
      const mock = server.mock.provider(provider)
      const parsed = mock.merchantInput.safeParse(input)
      if (!parsed.success) throw new UsageError(`${origin}: ${zodMessage(parsed.error, '')}`)
      mock.registerMerchant(parsed.data)
    },
    exchanges: async () => server.mock.engine.recorder.list(),
    close: () => server.close(),
  }
}

async function useRunningMock(url: string): Promise<WrapMock> {
  const answer = await fetch(`${url}${CONTROL_PREFIX}/providers`).catch((error: unknown) => {
    throw new UsageError(`--mock ${url}: no mock answers there (${error instanceof Error ? error.message : String(error)}); start one with tokenproof serve`)
  })
  await answer.body?.cancel()
  return {
    url,
    async register(provider, input, origin) {
      const response = await fetch(`${url}${CONTROL_PREFIX}/providers/${provider}/merchants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      })
      const text = await response.text()
      if (!response.ok) throw new UsageError(`${origin}: the mock refused the registration (${response.status}): ${text.slice(0, 300)}`)
    },
    // Paged (docs/control-api.md, Listings): follows `next` to the end.
    exchanges: async () => {
      const all: unknown[] = []
      let since: number | null = null
      for (;;) {
        const answer = await fetch(`${url}${CONTROL_PREFIX}/exchanges${since === null ? '' : `?since=${since}`}`)
        const page = z.object({ exchanges: z.array(z.unknown()), next: z.number().nullable().optional() }).parse(await answer.json())
        all.push(...page.exchanges)
        if (page.next === null || page.next === undefined) return all
        since = page.next
      }
    },
    close: async () => {},
  }
}

const signalCode = (signal: NodeJS.Signals): number => 128 + (osConstants.signals[signal] ?? 0)

/** Runs the app to its end; resolves to its exit code, having passed its output through and scanned it. */
function runApp(command: readonly string[], env: NodeJS.ProcessEnv, scanner: LogScanner): Promise<number> {
  return new Promise((resolve) => {
    const [file, ...args] = command as [string, ...string[]]
    const child = spawn(file, args, { stdio: ['inherit', 'pipe', 'pipe'], env })
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal)
    }
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    const done = (code: number): void => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve(code)
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      process.stdout.write(chunk)
      scanner.feed('stdout', chunk)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      process.stderr.write(chunk)
      scanner.feed('stderr', chunk)
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(`tokenproof wrap: cannot start ${file}: ${error.code === 'ENOENT' ? 'command not found' : error.message}\n`)
      done(127)
    })
    // 'close', not 'exit': the app's last output is read before wrap reports.
    child.on('close', (code, signal) => done(code ?? (signal ? signalCode(signal) : 1)))
  })
}

export async function wrap(argv: readonly string[]): Promise<number> {
  const options = await parseWrapArgs(argv)
  if (options.help) {
    process.stdout.write(WRAP_HELP)
    return 0
  }
  if (options.command.length === 0) throw new UsageError('wrap needs the app\'s command after --, e.g. tokenproof wrap -- node app.js')
  return runWrapped(options)
}

/** What a command built on wrap (tokenproof audit) does around the app's run. */
export interface WrapHooks {
  /** Once the mock is up and the registrations made, before the app starts (audit turns its chaos on here). */
  readonly beforeApp?: (mockUrl: string) => Promise<void>
  /** Once the app exited, before a mock wrap started is closed (audit reads the mock's record here). */
  readonly afterApp?: (mockUrl: string, exitCode: number, findings: readonly LogFinding[]) => Promise<void>
}

/** Runs the app under the mock (options already parsed, a command given); resolves to the app's exit code. */
export async function runWrapped(options: WrapOptions, hooks: WrapHooks = {}): Promise<number> {
  const say = (text: string): void => {
    if (!options.quiet) process.stderr.write(`tokenproof wrap: ${text}\n`)
  }

  const mock = options.mock === undefined ? await startOwnMock(options) : await useRunningMock(options.mock)
  const preload = await preloadFile().catch(async (error: unknown) => {
    await mock.close()
    throw error
  })
  try {
    for (const r of options.registrations) await mock.register(r.provider, r.input, r.origin)
    await hooks.beforeApp?.(mock.url)
    const nodeOptions = [process.env.NODE_OPTIONS, `--import=${preload.url}`].filter(Boolean).join(' ')
    const env = { ...process.env, ...appEnvironment(mock.url, options.providers), NODE_OPTIONS: nodeOptions }
    say(`mock ${mock.url} (control API ${mock.url}${CONTROL_PREFIX}); ${options.providers.join(', ')} hosts go to it`)
    say(`running: ${options.command.join(' ')}`)
    const scanner = new LogScanner()
    const code = await runApp(options.command, env, scanner)
    const findings = scanner.end()
    say(`the app exited with ${code}`)
    if (findings.length > 0 || !options.quiet) process.stderr.write(`tokenproof wrap: ${describeFindings(findings)}\n`)
    if (options.findings !== undefined) await writeFindings(options.findings, code, findings)
    if (options.record !== undefined) await writeFile(options.record, `${JSON.stringify({ mockUrl: mock.url, exchanges: await mock.exchanges() }, null, 2)}\n`)
    await hooks.afterApp?.(mock.url, code, findings)
    return code
  } finally {
    await preload.dispose()
    await mock.close()
  }
}

async function writeFindings(path: string, exitCode: number, findings: readonly LogFinding[]): Promise<void> {
  await writeFile(path, `${JSON.stringify({ exitCode, findings }, null, 2)}\n`)
}
