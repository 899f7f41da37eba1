import { CONTROL_PREFIX, controlRoutes } from './engine/control-api.ts'
import { createEngine, type Engine, type EngineOptions } from './engine/engine.ts'
import { fetchRouter, type FetchRouter } from './engine/fetch-routes.ts'
import { compileProvider, type ProviderTable, type RouteMatch } from './engine/http-handlers.ts'
import { pageLinkRoutes } from './engine/page-links.ts'
import type { ProviderMock } from './engine/provider-mock.ts'
import { mockRegistry, type MockProviderId } from './registry.ts'

export interface MockOptions extends EngineOptions {
  /** Which providers to serve; all registered ones when absent. */
  readonly providers?: readonly MockProviderId[]
  /** Public base URL used in links to hosted pages; the server sets it once it listens. */
  readonly baseUrl?: string
}

/**
 * The mock's transport-neutral core: the chosen providers over one engine, their routes compiled
 * once, and the mock's own routes (control API, page links). The msw adapter (mocks/create-mock.ts)
 * and the node:http adapter (mocks/node-adapter.ts) both serve it; the standalone server loads no msw.
 */
export interface MockCore {
  readonly engine: Engine
  readonly providers: readonly ProviderMock[]
  /** The providers' routes, compiled once: what both transports serve provider calls through. */
  readonly tables: readonly ProviderTable[]
  /** The control API, under CONTROL_PREFIX. */
  readonly control: FetchRouter
  /** The providers' own hosted-page links, redirecting to the mock's pages. */
  readonly pageLinks: FetchRouter & { serves(pathname: string): boolean }
  /** The compiled routes of the provider whose path prefixes hold this path, if any. */
  tableFor(pathname: string): ProviderTable | undefined
  /**
   * The provider route a call goes to, as msw would pick it from the handlers: the first provider, in
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

export function createMockCore(options: MockOptions = {}): MockCore {
  const engine = createEngine(options)
  let baseUrl = options.baseUrl ?? 'http://127.0.0.1:4010'
  const ids = options.providers ?? (Object.keys(mockRegistry) as MockProviderId[])
  const context = { engine, baseUrl: () => baseUrl }
  const providers = ids.map((id) => mockRegistry[id](context))
  const tables = providers.map((p) => compileProvider(engine, p))
  const links = pageLinkRoutes(providers)
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
  const route: MockCore['route'] = (method, pathname, cleanUrl) => {
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
    tables,
    control: fetchRouter(controlRoutes({ engine, providers, baseUrl: () => baseUrl })),
    pageLinks: { ...fetchRouter(links.routes), serves: links.serves },
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
