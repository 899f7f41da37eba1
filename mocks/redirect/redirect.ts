import { EventEmitter } from 'node:events'
import http from 'node:http'
import https from 'node:https'
import { syncBuiltinESMExports } from 'node:module'
import { urlToHttpOptions } from 'node:url'
import type { Dispatcher } from 'undici-types'
import { providerOfHost, REDIRECT_PROVIDERS, type RedirectProviderId } from './hosts.ts'

/**
 * Sends this process's calls to the providers' real hosts to the mock instead, with nothing in the
 * app changed: `http.request`/`get`, `https.request`/`get` (and so axios, got, node-fetch, the
 * providers' SDKs that sit on them) and the global `fetch` (through undici's global dispatcher, so
 * the npm `undici` package's `request`/`fetch` too). An HTTPS call to a real host becomes a call to
 * the mock's own scheme, HTTP on 127.0.0.1 by default: the path and everything else is kept.
 */
export interface RedirectOptions {
  /** The mock's base URL, e.g. `http://127.0.0.1:4010`; a path in it prefixes every redirected path. */
  readonly mockUrl: string
  /** Whose hosts to redirect (default: every provider's). */
  readonly providers?: readonly RedirectProviderId[]
}

export interface InstalledRedirect {
  readonly mockUrl: URL
  /** Puts the originals back (tests; an app never needs it). */
  uninstall(): void
}

/** The key undici (Node's bundled copy and the npm package alike) keeps the global dispatcher under. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1')

type RequestArgs = unknown[]
type RequestFunction = (...args: RequestArgs) => http.ClientRequest

export interface MockTarget {
  readonly url: URL
  /** The mock's path prefix without a trailing slash ('' for a bare origin). */
  readonly basePath: string
  readonly request: RequestFunction
}

/** Installs the redirect; a second install in the same process replaces the first. */
export function installRedirect(options: RedirectOptions): InstalledRedirect {
  current?.uninstall()
  const mockUrl = new URL(options.mockUrl)
  if (mockUrl.protocol !== 'http:' && mockUrl.protocol !== 'https:') throw new Error(`the mock URL must be http(s), got ${options.mockUrl}`)
  const providers = options.providers ?? REDIRECT_PROVIDERS
  const originals = { httpRequest: http.request, httpGet: http.get, httpsRequest: https.request, httpsGet: https.get }
  const target: MockTarget = {
    url: mockUrl,
    basePath: mockUrl.pathname.replace(/\/$/, ''),
    request: (mockUrl.protocol === 'https:' ? originals.httpsRequest : originals.httpRequest) as RequestFunction,
  }
  const redirects = (hostname: string): boolean => providerOfHost(hostname, providers) !== undefined

  const patch = (module: typeof http | typeof https, request: RequestFunction): void => {
    const patched: RequestFunction = (...args) => {
      const rewritten = rewriteRequestArgs(args, redirects, target)
      return rewritten ? target.request(...rewritten) : request(...args)
    }
    // Node's own `get` calls its module-local `request`, not the export: it is replaced as well.
    const get: RequestFunction = (...args) => {
      const req = patched(...args)
      req.end()
      return req
    }
    Object.assign(module, { request: patched, get })
  }
  patch(http, originals.httpRequest as RequestFunction)
  patch(https, originals.httpsRequest as RequestFunction)
  // `import { request } from 'node:https'` reads the ESM named exports, which follow only when synced.
  syncBuiltinESMExports()

  const restoreFetch = redirectFetch(target, redirects)

  const installed: InstalledRedirect = {
    mockUrl,
    uninstall() {
      Object.assign(http, { request: originals.httpRequest, get: originals.httpGet })
      Object.assign(https, { request: originals.httpsRequest, get: originals.httpsGet })
      syncBuiltinESMExports()
      restoreFetch()
      if (current === installed) current = undefined
    },
  }
  current = installed
  return installed
}

let current: InstalledRedirect | undefined

/**
 * The arguments of an `http(s).request` call aimed at the mock, or undefined when the call is not
 * to a redirected host (or is malformed: the original function then reports it as Node would).
 */
export function rewriteRequestArgs(args: RequestArgs, redirects: (hostname: string) => boolean, target: MockTarget): RequestArgs | undefined {
  const callback = args.find((a) => typeof a === 'function')
  let options: http.RequestOptions & { protocol?: string | null }
  const [first, second] = args
  if (typeof first === 'string' || first instanceof URL) {
    let url: URL
    try {
      url = new URL(String(first))
    } catch {
      return undefined
    }
    options = { ...(urlToHttpOptions(url) as http.RequestOptions), ...(second && typeof second === 'object' ? (second as http.RequestOptions) : {}) }
  } else if (first && typeof first === 'object') {
    options = { ...(first as http.RequestOptions) }
  } else {
    return undefined
  }
  const hostname = (options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, '')
  if (!redirects(hostname)) return undefined
  // What ties the call to the real host (its name, a socket, a TLS server name) goes.
  const rest: http.RequestOptions & { servername?: string } = { ...options }
  for (const key of ['createConnection', 'socketPath', 'host', 'servername', 'agent'] as const) delete rest[key]
  const { agent } = options
  const rewritten: http.RequestOptions = {
    ...rest,
    protocol: target.url.protocol,
    hostname: target.url.hostname.replace(/^\[|\]$/g, ''),
    port: target.url.port || (target.url.protocol === 'https:' ? 443 : 80),
    path: `${target.basePath}${options.path ?? '/'}`,
    // The app's agent speaks the real host's scheme (an https.Agent, a proxy agent): the mock gets the default one.
    ...(agent === false ? { agent: false } : {}),
  }
  return callback ? [rewritten, callback] : [rewritten]
}

/** Wraps undici's global dispatcher; returns the function that puts the original back. */
function redirectFetch(target: MockTarget, redirects: (hostname: string) => boolean): () => void {
  const slots = globalThis as unknown as Record<symbol, Dispatcher | undefined>
  // Node loads its bundled undici, which creates the default dispatcher, on first use of a fetch class.
  void globalThis.Headers
  const base = slots[GLOBAL_DISPATCHER]
  if (!base) return () => {}
  slots[GLOBAL_DISPATCHER] = new RedirectingDispatcher(base, target, redirects) as unknown as Dispatcher
  return () => {
    slots[GLOBAL_DISPATCHER] = base
  }
}

type DispatchArgs = Parameters<Dispatcher['dispatch']>

/**
 * A dispatcher that hands every request to the one it wraps, with the origin of a redirected host
 * replaced by the mock's. fetch keeps its own view of the URL, so `response.url` is still the real one.
 */
class RedirectingDispatcher extends EventEmitter {
  constructor(
    private readonly base: Dispatcher,
    private readonly target: MockTarget,
    private readonly redirects: (hostname: string) => boolean,
  ) {
    super()
  }

  dispatch(options: DispatchArgs[0], handler: DispatchArgs[1]): boolean {
    const origin = options.origin === undefined ? undefined : new URL(String(options.origin))
    if (!origin || !this.redirects(origin.hostname)) return this.base.dispatch(options, handler)
    return this.base.dispatch({ ...options, origin: this.target.url.origin, path: `${this.target.basePath}${options.path}` }, handler)
  }

  close(): Promise<void> {
    return this.base.close()
  }

  destroy(): Promise<void> {
    return this.base.destroy()
  }
}
