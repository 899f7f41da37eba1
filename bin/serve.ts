import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { mockRegistry, type MockProviderId } from '../mocks/registry.ts'
import { startMockServer, type MockServer } from '../mocks/server.ts'
import { CONTROL_PREFIX } from '../mocks/engine/control-api.ts'
import { argsUsageError, UsageError } from './usage.ts'
import { bindsBeyondLoopback } from '../mocks/engine/control-guard.ts'
import { parseHostHeader } from '../mocks/engine/hosts.ts'
import { refusedUrlsIn } from '../mocks/engine/notify-url-policy.ts'
import { DEFAULT_RETENTION, type RetentionInput, type RetentionPolicy } from '../mocks/engine/retention.ts'

const AGE_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3600_000, d: 24 * 3600_000 } as const

function retentionText(kind: keyof RetentionPolicy): string {
  const { maxCount, maxAgeMs } = DEFAULT_RETENTION[kind]
  const age = maxAgeMs % AGE_UNITS_MS.d === 0 ? `${maxAgeMs / AGE_UNITS_MS.d}d` : `${maxAgeMs / AGE_UNITS_MS.h}h`
  return `${maxCount}/${age}`
}

export const SERVE_HELP = `tokenproof serve — run the mock providers as a real HTTP server

Usage: tokenproof serve [--host 127.0.0.1] [--port 4010] [--providers antom,...] [--seed s] [--answer-timeout-ms n] [--merchant id=json|@file]...
                       [--control-token t] [--allow-host name]... [--notify-host name]... [--notify-any-host] [--quiet]
                       [--retain-payments n[/age]] [--retain-tokens n[/age]] [--retain-exchanges n[/age]] [--retain-notifications n[/age]]

  --host        address to bind (default 127.0.0.1; the mock is a test tool, keep it local). Any address
                beyond loopback (0.0.0.0, a LAN address) needs --control-token and prints a warning
  --port        port (default 4010; 0 picks a free one)
  --providers   comma-separated provider ids (default: all: ${Object.keys(mockRegistry).join(', ')})
  --seed        makes tokens and other random ids repeat from run to run
  --answer-timeout-ms
                how long a notification attempt waits for the merchant's answer before it
                counts as failed (default: each provider's documented timeout, 10 s for Antom and Adyen)
  --merchant    registers a merchant at start, as POST /__tokenproof/providers/<id>/merchants would:
                your own keys and notification URL, e.g.
                --merchant 'antom={"clientId":"SANDBOX_SHOP","publicKey":"…","notifyUrl":"http://127.0.0.1:8080/notify"}'
                --merchant adyen=@adyen-merchant.json    (fields per provider: docs/control-api.md and docs/<id>.md)
  --control-token  a secret every control API call must carry (Authorization: Bearer <t> or
                X-Tokenproof-Token: <t>); buyer pages take it as ?token=<t>. Also TOKENPROOF_CONTROL_TOKEN
  --allow-host  a host name the control API also answers to, besides the bound address, localhost and
                127.0.0.1 (repeatable; e.g. a container name or the machine's LAN name)
  --notify-host a host notifications may go to besides loopback (repeatable; e.g. merchant.internal)
  --notify-any-host  notifications may go to any http(s) host
  --quiet       print only the base URL
  --retain-payments n[/age]
                most payments (with their sessions and vaultings) kept, and for how long in real time
                (age like 90m, 24h, 7d); the oldest go first (default ${retentionText('payments')})
  --retain-tokens n[/age]
                most saved cards (tokens) and buyers kept (default ${retentionText('tokens')}); they outlive payments
  --retain-exchanges n[/age]
                most recorded exchanges kept (default ${retentionText('exchanges')})
  --retain-notifications n[/age]
                most notifications (with their attempts) kept (default ${retentionText('notifications')})
`


/** `n` or `n/age` (age: a number and ms, s, m, h or d) into a retention limit's overrides. */
export function parseRetentionFlag(flag: string, value: string): { maxCount: number; maxAgeMs?: number } {
  const match = /^(\d+)(?:\/(\d+)(ms|s|m|h|d))?$/.exec(value.trim())
  const count = match ? Number(match[1]) : NaN
  if (!match || !Number.isSafeInteger(count) || count < 1) throw new UsageError(`--${flag} takes a count of at least 1 and an optional age (e.g. 50000 or 50000/24h), got ${value.slice(0, 40)}`)
  if (match[2] === undefined) return { maxCount: count }
  const age = Number(match[2]) * AGE_UNITS_MS[match[3] as keyof typeof AGE_UNITS_MS]
  if (!(age >= 1 && Number.isSafeInteger(age))) throw new UsageError(`--${flag}: the age must be at least 1 ms, got ${value.slice(0, 40)}`)
  return { maxCount: count, maxAgeMs: age }
}

/** Parses `serve` arguments, rejecting unknown options and providers with a usage error. */
export interface ServeOptions {
  readonly host: string
  readonly port: number
  readonly providers: MockProviderId[]
  readonly seed: string | undefined
  /** How long a notification attempt waits for an answer; the provider's own timeout when absent. */
  readonly answerTimeoutMs: number | undefined
  /** Merchant registrations, by provider, as given (JSON text or @file). */
  readonly merchants: readonly { readonly provider: MockProviderId; readonly source: string }[]
  readonly quiet: boolean
  readonly help: boolean
  readonly controlToken: string | undefined
  readonly allowHosts: readonly string[]
  readonly notifyHosts: readonly string[]
  readonly notifyAnyHost: boolean
  /** What the mock keeps (mocks/engine/retention.ts); the defaults for what is not given. */
  readonly retention: RetentionInput
}

export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '4010' },
        providers: { type: 'string' },
        seed: { type: 'string' },
        'answer-timeout-ms': { type: 'string' },
        merchant: { type: 'string', multiple: true },
        quiet: { type: 'boolean', default: false },
        'control-token': { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        'notify-host': { type: 'string', multiple: true },
        'notify-any-host': { type: 'boolean', default: false },
        'retain-payments': { type: 'string' },
        'retain-tokens': { type: 'string' },
        'retain-exchanges': { type: 'string' },
        'retain-notifications': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    throw argsUsageError('serve', error)
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be 0–65535, got ${values.port}`)
  const known = Object.keys(mockRegistry)
  const providers = (values.providers?.split(',').map((p) => p.trim()).filter(Boolean) ?? known) as MockProviderId[]
  const unknown = providers.filter((p) => !known.includes(p))
  if (unknown.length > 0) throw new UsageError(`unknown provider(s) ${unknown.join(', ')}; known: ${known.join(', ')}`)
  const merchants = (values.merchant ?? []).map((entry) => {
    const at = entry.indexOf('=')
    const provider = entry.slice(0, at)
    if (at < 1 || !providers.includes(provider as MockProviderId)) throw new UsageError(`--merchant takes <provider>=<json or @file> for a served provider, got ${entry.slice(0, 40)}`)
    return { provider: provider as MockProviderId, source: entry.slice(at + 1) }
  })
  const answerTimeout = values['answer-timeout-ms']
  const answerTimeoutMs = answerTimeout === undefined ? undefined : Number(answerTimeout)
  if (answerTimeoutMs !== undefined && !(Number.isInteger(answerTimeoutMs) && answerTimeoutMs > 0 && answerTimeoutMs <= 600_000)) {
    throw new UsageError(`--answer-timeout-ms must be 1–600000, got ${answerTimeout ?? ''}`)
  }
  const controlToken = values['control-token'] ?? (env.TOKENPROOF_CONTROL_TOKEN || undefined)
  if (controlToken !== undefined && controlToken.length < 16) throw new UsageError('--control-token must be at least 16 characters')
  if (!values.help && bindsBeyondLoopback(values.host) && controlToken === undefined) {
    throw new UsageError(`--host ${values.host} exposes the control API (reset, merchants' keys) beyond this machine: give it a --control-token, or keep --host 127.0.0.1`)
  }
  const hostList = (name: string, list: readonly string[] | undefined): string[] =>
    (list ?? []).map((h) => {
      if (!parseHostHeader(h.trim()) || (h.includes(':') && !h.startsWith('['))) throw new UsageError(`--${name} takes a host name or address without a port, got ${h.slice(0, 60)}`)
      return h.trim()
    })
  return {
    host: values.host,
    port,
    providers,
    seed: values.seed,
    answerTimeoutMs,
    merchants,
    quiet: values.quiet,
    help: values.help,
    controlToken,
    allowHosts: hostList('allow-host', values['allow-host']),
    notifyHosts: hostList('notify-host', values['notify-host']),
    notifyAnyHost: values['notify-any-host'],
    retention: Object.fromEntries(
      (['payments', 'tokens', 'exchanges', 'notifications'] as const).flatMap((kind) => {
        const given = values[`retain-${kind}`]
        return given === undefined ? [] : [[kind, parseRetentionFlag(`retain-${kind}`, given)]]
      }),
    ),
  }
}

/** What the server prints at start: where each provider lives, its test credentials and keys. */
export function describeServer(server: MockServer, options: { controlToken?: boolean } = {}): string {
  // The token is a secret: the line says where it goes, never what it is.
  const dashboard = `${server.url}${CONTROL_PREFIX}/ui${options.controlToken ? '?token=<your control token>' : ''}`
  const lines = [
    `Tokenproof mock provider listening on ${server.url}`,
    `Control API: ${server.url}${CONTROL_PREFIX} (docs/control-api.md)`,
    `Dashboard: ${dashboard} (docs/frontend.md)`,
    '',
  ]
  for (const provider of server.mock.providers) {
    lines.push(`== ${provider.contract.displayName} (${provider.id})`)
    for (const [key, value] of Object.entries(provider.describe(server.url))) {
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      lines.push(text.includes('\n') ? `${key}:\n${text.trim()}` : `${key}: ${text}`)
    }
    lines.push('')
  }
  lines.push('Test keys and credentials only. Press Ctrl+C to stop.')
  return lines.join('\n')
}

export async function serve(argv: readonly string[]): Promise<void> {
  const options = parseServeArgs(argv)
  if (options.help) {
    process.stdout.write(SERVE_HELP)
    return
  }
  if (bindsBeyondLoopback(options.host)) {
    process.stderr.write(
      `\n!!! WARNING: tokenproof serve is listening on ${options.host}, beyond this machine. Anyone who can reach it\n` +
        '!!! can call the mock providers with the published test keys; the control API needs the --control-token.\n' +
        '!!! The mock is a test tool: keep it off networks you do not control.\n\n',
    )
  }
  const server = await startMockServer({
    host: options.host,
    port: options.port,
    providers: options.providers,
    ...(options.controlToken !== undefined ? { controlToken: options.controlToken } : {}),
    allowHosts: options.allowHosts,
    notifyUrls: options.notifyAnyHost ? { anyHost: true } : { hosts: options.notifyHosts },
    clockOptions: { mode: 'system' },
    retention: options.retention,
    onUnserved: (line) => process.stderr.write(`${line}\n`),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.answerTimeoutMs !== undefined ? { answerTimeoutMs: options.answerTimeoutMs } : {}),
  })
  try {
    for (const merchant of options.merchants) registerMerchant(server, merchant.provider, await readMerchant(merchant.source))
  } catch (error) {
    await server.close()
    throw error
  }
  process.stdout.write(`${options.quiet ? server.url : describeServer(server, { controlToken: options.controlToken !== undefined })}\n`)
  const stop = (): void => {
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

async function readMerchant(source: string): Promise<unknown> {
  const text = source.startsWith('@') ? await readFile(source.slice(1), 'utf8').catch(() => {
    throw new UsageError(`--merchant: cannot read ${source.slice(1)}`)
  }) : source
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new UsageError('--merchant: the value is not JSON')
  }
}

/** Validated with the provider's own merchant schema, exactly as the control API does. */
function registerMerchant(server: MockServer, provider: MockProviderId, input: unknown): void {
  const mock = server.mock.provider(provider)
  const parsed = mock.merchantInput.safeParse(input)
  if (!parsed.success) throw new UsageError(`--merchant ${provider}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  const refused = refusedUrlsIn(parsed.data, server.mock.engine.notifyUrls)
  if (refused.length > 0) throw new UsageError(`--merchant ${provider}: ${refused.map((r) => `${r.field}: ${r.problem}`).join('; ')}`)
  mock.registerMerchant(parsed.data)
}
