import { http, HttpResponse, type HttpHandler } from 'msw'
import { controlHandlers } from './engine/control-api.ts'
import { createEngine, type Engine, type EngineOptions } from './engine/engine.ts'
import { CONTROL_PREFIX } from './engine/control-api.ts'
import { providerRouting } from './engine/http-handlers.ts'
import type { ProviderMock } from './engine/provider-mock.ts'
import { mockRegistry, type MockProviderId } from './registry.ts'

export interface MockOptions extends EngineOptions {
  /** Which providers to serve; all registered ones when absent. */
  readonly providers?: readonly MockProviderId[]
  /** Public base URL used in links to hosted pages; the server sets it once it listens. */
  readonly baseUrl?: string
}

/** A running set of provider mocks over one engine, as msw handlers. */
export interface TokenproofMock {
  readonly engine: Engine
  readonly providers: readonly ProviderMock[]
  readonly handlers: HttpHandler[]
  /** The handlers that can answer a request to this path: a subset of `handlers`, in the same order. */
  handlersFor(method: string, pathname: string): HttpHandler[]
  /** The resolver of the static provider route at this method and path, if there is one (see ProviderRouting.direct). */
  directFor(method: string, pathname: string): ((request: Request) => Promise<Response>) | undefined
  provider(id: MockProviderId): ProviderMock
  baseUrl(): string
  setBaseUrl(url: string): void
  /**
   * Waits for notifications on the wire, then forgets payments, tokens, rules and recordings: a
   * delivery still in flight would otherwise reach the merchant after the reset, in the next test.
   */
  reset(): Promise<void>
  close(): void
}

/**
 * Builds the mocks of the chosen providers over one engine. The handlers serve in-process through
 * msw's `setupServer` and over real HTTP through `startMockServer`, identically.
 */
export function createMock(options: MockOptions = {}): TokenproofMock {
  const engine = createEngine(options)
  let baseUrl = options.baseUrl ?? 'http://127.0.0.1:4010'
  const ids = options.providers ?? (Object.keys(mockRegistry) as MockProviderId[])
  const context = { engine, baseUrl: () => baseUrl }
  const providers = ids.map((id) => mockRegistry[id](context))
  const control = controlHandlers({ engine, providers, baseUrl: () => baseUrl })
  const routings = providers.map((p) => providerRouting(engine, p))
  // Provider routes first: msw offers a request to each handler in turn (parsing its cookies and URL
  // every time), and merchants' calls are the traffic that matters; control paths never overlap them.
  const handlers: HttpHandler[] = [...routings.flatMap((r) => r.handlers), ...control]
  return {
    engine,
    providers,
    handlers,
    handlersFor(method, pathname) {
      if (pathname.startsWith(CONTROL_PREFIX)) return control
      const routing = routings.find((r) => r.prefixes.some((prefix) => pathname.startsWith(prefix)))
      return routing ? routing.candidates(method, pathname) : []
    },
    directFor(method, pathname) {
      return routings.find((r) => r.prefixes.some((prefix) => pathname.startsWith(prefix)))?.direct(method, pathname)
    },
    provider(id) {
      const found = providers.find((p) => p.id === id)
      if (!found) throw new Error(`provider ${id} is not served by this mock`)
      return found
    },
    baseUrl: () => baseUrl,
    setBaseUrl(url) {
      baseUrl = url.replace(/\/$/, '')
    },
    reset: async () => {
      await engine.outbox.idle()
      engine.reset()
    },
    close: () => engine.close(),
  }
}

/** The answer for paths no provider owns (only the standalone server needs it; msw bypasses them). */
export const notFoundHandler: HttpHandler = http.all('*', ({ request }) =>
  HttpResponse.json({ error: `no provider serves ${new URL(request.url).pathname}; see /__tokenproof` }, { status: 404 }),
)
