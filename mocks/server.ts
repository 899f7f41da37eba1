import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMockCore, type MockCore, type MockOptions } from './core.ts'
import { bindsBeyondLoopback, createControlGuard, type GuardedRequest } from './engine/control-guard.ts'
import { nodeListener } from './node-adapter.ts'

export interface MockServerOptions extends MockOptions {
  /** Defaults to 127.0.0.1: the mock is a test tool, not a public service. */
  readonly host?: string
  /** 0 picks a free port. */
  readonly port?: number
  /** An existing mock to serve (shares its state with in-process handlers, e.g. one `createMock` made). */
  readonly mock?: MockCore
  /**
   * A secret every control API request must carry (docs/control-api.md). Required when `host` is not
   * a loopback address: the control API resets the mock and replaces merchants' keys.
   */
  readonly controlToken?: string
  /** Host names besides the bound address and loopback that the control API answers to. */
  readonly allowHosts?: readonly string[]
  /**
   * Told one line for each call the mock does not serve (an unknown path or method under a
   * provider's prefixes, or a path no provider owns); `tokenproof serve` writes it to stderr.
   */
  readonly onUnserved?: (line: string) => void
}

/** The line an unserved call is logged with: what was called, and how it was answered. */
export function unservedLine(method: string, url: string, status: number, provider: string | undefined, reason: string): string {
  const path = new URL(url).pathname
  const who = provider === undefined ? 'no provider owns this path' : `${provider}: ${reason.replace(/_/g, ' ')}, answered ${status} in ${provider}'s error shape`
  return `tokenproof: the mock does not serve ${method} ${path} (${who})`
}

export interface MockServer {
  readonly mock: MockCore
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

/**
 * Serves the mock over node:http through the node adapter (mocks/node-adapter.ts): the same provider
 * routes as the msw handlers, without building Fetch objects per call.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1'
  if (bindsBeyondLoopback(host) && !options.controlToken) {
    throw new Error(`binding to ${host} exposes the control API beyond this machine: give it a token (controlToken, tokenproof serve --control-token)`)
  }
  const mock = options.mock ?? createMockCore(options)
  // Made once the port is known: the server's own origin includes it.
  const control: { guard?: (request: GuardedRequest) => Response | undefined } = {}
  let origin = `http://${host.includes(':') ? `[${host}]` : host}`

  const onUnserved = options.onUnserved
  const unsubscribe = onUnserved
    ? mock.engine.recorder.onRecord((kept) => {
        const reason = kept.tags.mockGap
        // Only a gap's exchange is read (and so masked) here: the URL may hold a card number.
        if (typeof reason === 'string' && kept.status !== undefined) onUnserved(unservedLine(kept.method, kept.exchange.request.url, kept.status, kept.provider, reason))
      })
    : undefined

  const server: Server = createServer(
    nodeListener({
      mock,
      origin: () => origin,
      guard: (request) => control.guard?.(request),
      onUnknownPath: onUnserved ? (method, url, status) => onUnserved(unservedLine(method, url, status, undefined, 'unknown_path')) : undefined,
    }),
  )
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4010, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `${origin}:${port}`
  origin = url
  control.guard = createControlGuard({ boundHost: host, port, allowHosts: options.allowHosts ?? [], token: options.controlToken })
  if (!options.mock) mock.setBaseUrl(url)

  return {
    mock,
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe?.()
        mock.engine.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
