import { parseArgs } from 'node:util'
import { mockRegistry, type MockProviderId } from '../mocks/registry.ts'
import { startMockServer, type MockServer } from '../mocks/server.ts'
import { CONTROL_PREFIX } from '../mocks/engine/control-api.ts'

export const SERVE_HELP = `tokenproof serve — run the mock providers as a real HTTP server

Usage: tokenproof serve [--host 127.0.0.1] [--port 4010] [--providers antom,...] [--quiet]

  --host        address to bind (default 127.0.0.1; the mock is a test tool, keep it local)
  --port        port (default 4010; 0 picks a free one)
  --providers   comma-separated provider ids (default: all: ${Object.keys(mockRegistry).join(', ')})
  --quiet       print only the base URL
`

export class UsageError extends Error {}

/** Parses `serve` arguments, rejecting unknown options and providers with a usage error. */
export function parseServeArgs(argv: readonly string[]): { host: string; port: number; providers: MockProviderId[]; quiet: boolean; help: boolean } {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '4010' },
        providers: { type: 'string' },
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
  return { host: values.host, port, providers, quiet: values.quiet, help: values.help }
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
  const server = await startMockServer({ host: options.host, port: options.port, providers: options.providers, clockOptions: { mode: 'system' } })
  process.stdout.write(`${options.quiet ? server.url : describeServer(server)}\n`)
  const stop = (): void => {
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
