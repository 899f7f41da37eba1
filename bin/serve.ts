import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { mockRegistry, type MockProviderId } from '../mocks/registry.ts'
import { startMockServer, type MockServer } from '../mocks/server.ts'
import { CONTROL_PREFIX } from '../mocks/engine/control-api.ts'

export const SERVE_HELP = `tokenproof serve — run the mock providers as a real HTTP server

Usage: tokenproof serve [--host 127.0.0.1] [--port 4010] [--providers antom,...] [--seed s] [--merchant id=json|@file]... [--quiet]

  --host        address to bind (default 127.0.0.1; the mock is a test tool, keep it local)
  --port        port (default 4010; 0 picks a free one)
  --providers   comma-separated provider ids (default: all: ${Object.keys(mockRegistry).join(', ')})
  --seed        makes tokens and other random ids repeat from run to run
  --merchant    registers a merchant at start, as POST /__tokenproof/providers/<id>/merchants would:
                your own keys and notification URL, e.g.
                --merchant 'antom={"clientId":"SANDBOX_SHOP","publicKey":"…","notifyUrl":"http://127.0.0.1:8080/notify"}'
                --merchant adyen=@adyen-merchant.json    (fields per provider: docs/control-api.md and docs/<id>.md)
  --quiet       print only the base URL
`

export class UsageError extends Error {}

/** Parses `serve` arguments, rejecting unknown options and providers with a usage error. */
export interface ServeOptions {
  readonly host: string
  readonly port: number
  readonly providers: MockProviderId[]
  readonly seed: string | undefined
  /** Merchant registrations, by provider, as given (JSON text or @file). */
  readonly merchants: readonly { readonly provider: MockProviderId; readonly source: string }[]
  readonly quiet: boolean
  readonly help: boolean
}

export function parseServeArgs(argv: readonly string[]): ServeOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '4010' },
        providers: { type: 'string' },
        seed: { type: 'string' },
        merchant: { type: 'string', multiple: true },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
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
  return { host: values.host, port, providers, seed: values.seed, merchants, quiet: values.quiet, help: values.help }
}

/** What the server prints at start: where each provider lives, its test credentials and keys. */
export function describeServer(server: MockServer): string {
  const lines = [`Tokenproof mock provider listening on ${server.url}`, `Control API: ${server.url}${CONTROL_PREFIX} (docs/control-api.md)`, '']
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
  const server = await startMockServer({
    host: options.host,
    port: options.port,
    providers: options.providers,
    clockOptions: { mode: 'system' },
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  })
  try {
    for (const merchant of options.merchants) registerMerchant(server, merchant.provider, await readMerchant(merchant.source))
  } catch (error) {
    await server.close()
    throw error
  }
  process.stdout.write(`${options.quiet ? server.url : describeServer(server)}\n`)
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
  mock.registerMerchant(parsed.data)
}
