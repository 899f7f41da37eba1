import { anyOrigin, cleanUrlOf, decodedGroups } from './route-pattern.ts'

/** What a route of the mock's own gets: the Fetch request and its decoded path parameters. */
export interface FetchCall {
  readonly request: Request
  readonly params: Readonly<Record<string, string>>
}

/**
 * A route the mock serves itself (the control API, the providers' page links), over Fetch objects
 * and free of any transport: the msw adapter (mocks/engine/msw-adapter.ts) and the node:http adapter
 * (mocks/node-adapter.ts) both answer through `FetchRouter.answer`.
 */
export interface FetchRoute {
  /** Undefined: any method. */
  readonly method: string | undefined
  /** The path under any origin (route-pattern.ts), tested on the clean URL (origin and path). */
  readonly pattern: RegExp
  handle(call: FetchCall): Response | Promise<Response>
}

export function fetchRoute(method: string | undefined, path: string, handle: FetchRoute['handle']): FetchRoute {
  return { method, pattern: anyOrigin(path), handle }
}

export interface FetchRouter {
  /** The first route, in order, whose method fits and whose pattern matches; msw's choice among handlers. */
  find(method: string, cleanUrl: string): { readonly route: FetchRoute; readonly params: Readonly<Record<string, string>> } | undefined
  /** The answer of the route a request goes to, or undefined when none does. */
  answer(request: Request): Promise<Response> | undefined
}

export function fetchRouter(routes: readonly FetchRoute[]): FetchRouter {
  const find: FetchRouter['find'] = (method, cleanUrl) => {
    for (const route of routes) {
      if (route.method !== undefined && route.method !== method) continue
      const found = route.pattern.exec(cleanUrl)
      if (found) return { route, params: decodedGroups(found) }
    }
    return undefined
  }
  return {
    find,
    answer(request) {
      const found = find(request.method, cleanUrlOf(new URL(request.url)))
      return found ? Promise.resolve(found.route.handle({ request, params: found.params })) : undefined
    },
  }
}
