import { http, HttpResponse, type HttpHandler } from 'msw'
import { controlHandlers } from './engine/control-api.ts'
import { createEngine, type Engine, type EngineOptions } from './engine/engine.ts'
import { CONTROL_PREFIX } from './engine/control-api.ts'
import { compileProvider, mswHandler, type ProviderTable, type RouteMatch } from './engine/http-handlers.ts'
import { pageLinkHandlers, type PageLinkHandlers } from './engine/page-links.ts'
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
  /** The control API's handlers (a subset of `handlers`). */
  readonly controlHandlers: readonly HttpHandler[]
  /** The providers' own hosted-page links (a subset of `handlers`), redirecting to the mock's pages. */
  readonly pageLinks: PageLinkHandlers
  /** The providers' routes, compiled once: the core both transports serve through. */
  readonly tables: readonly ProviderTable[]
  /** The compiled routes of the provider whose path prefixes hold this path, if any. */
  tableFor(pathname: string): ProviderTable | undefined
  /**
   * The provider route a call goes to, as msw would pick it from `handlers`: the first provider, in
   * order, with a route (or catch-all) that matches. `cleanUrl` is origin and path, without query.
   */
  route(method: string, pathname: string, cleanUrl: string): { readonly table: ProviderTable; readonly match: RouteMatch } | undefined
  /** The provider whose path prefixes hold this path, if any (for answers the transport gives itself). */
  ownerOf(pathname: string): ProviderMock | undefined
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
  const tables = providers.map((p) => compileProvider(engine, p))
  // Provider routes first: msw offers a request to each handler in turn (cloning it, parsing its
  // cookies and URL every time), and merchants' calls are the traffic that matters; control paths
  // never overlap them.
  const links = pageLinkHandlers(providers)
  const handlers: HttpHandler[] = [...tables.map(mswHandler), ...control, ...links.handlers]
  const tableFor = (pathname: string): ProviderTable | undefined => (pathname.startsWith(CONTROL_PREFIX) ? undefined : tables.find((t) => t.owns(pathname)))
  // A static route answers from the map when no provider before its own has a pattern matching its
  // path (any origin would do: patterns match from the path on); otherwise providers are tried in order.
  const safeExact = new Map<string, ProviderTable>()
  tables.forEach((table, index) => {
    for (const r of table.mock.routes) {
      for (const path of r.paths) {
        const key = `${r.method} ${path}`
        if (!safeExact.has(key) && table.exact(r.method, path) !== undefined && !tables.slice(0, index).some((t) => t.mayMatch(`http://127.0.0.1${path}`))) safeExact.set(key, table)
      }
    }
  })
  const route: TokenproofMock['route'] = (method, pathname, cleanUrl) => {
    const owner = safeExact.get(`${method} ${pathname}`)
    const direct = owner?.exact(method, pathname)
    if (owner && direct) return { table: owner, match: direct }
    for (const table of tables) {
      const match = table.match(method, pathname, cleanUrl)
      if (match) return { table, match }
    }
    return undefined
  }
  return {
    engine,
    providers,
    handlers,
    controlHandlers: control,
    pageLinks: links,
    tables,
    tableFor,
    route,
    ownerOf: (pathname) => tableFor(pathname)?.mock,
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
