import { http, type HttpHandler } from 'msw'
import type { Engine } from './engine.ts'
import type { FetchRouter } from './fetch-routes.ts'
import { BODY_TOO_LARGE_HEADER, compileProvider, type InboundCall, type ProviderTable, type RouteMatch } from './http-handlers.ts'
import type { ProviderMock } from './provider-mock.ts'
import { withBody } from './responses.ts'
import { cleanUrlOf } from './route-pattern.ts'

/**
 * The msw adapter of the mock's transport-neutral core. The standalone server never loads this
 * module (nor msw): it serves the same tables and routers through mocks/node-adapter.ts.
 */

/**
 * One handler per provider, whose predicate is the provider's compiled table. msw clones the
 * request, parses its URL and cookies for every handler it tries, so one handler instead of one per
 * route keeps that work to a few tries. Shared by setupServer and a user's own msw set-up.
 */
export function mswHandler(table: ProviderTable): HttpHandler {
  const matchOf = (request: Request): RouteMatch | undefined => {
    const url = new URL(request.url)
    return table.match(request.method, url.pathname, cleanUrlOf(url))
  }
  return http.all(
    ({ request }) => {
      const found = matchOf(request)
      return found ? { matches: true, params: found.params } : false
    },
    async ({ request }) => {
      const found = matchOf(request)
      if (!found) return undefined
      const call: InboundCall = { request, body: () => request.text(), tooLarge: request.headers.get(BODY_TOO_LARGE_HEADER) !== null, recordHeaders: request.headers }
      return withBody((await table.serve(found, call)).response)
    },
  )
}

/** One handler for a set of the mock's own routes (the control API, page links); a path none of them serves passes on. */
export function mswRouterHandler(router: FetchRouter): HttpHandler {
  return http.all(
    ({ request }) => {
      const found = router.find(request.method, cleanUrlOf(new URL(request.url)))
      return found ? { matches: true, params: found.params } : false
    },
    ({ request }) => router.answer(request),
  )
}

/** The msw handlers of one provider (see mswHandler). */
export function providerHandlers(engine: Engine, mock: ProviderMock): HttpHandler[] {
  return [mswHandler(compileProvider(engine, mock))]
}
