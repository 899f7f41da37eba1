import { http, type HttpHandler } from 'msw'
import type { Engine } from './engine.ts'
import type { ProviderMock, RouteSpec } from './provider-mock.ts'
import { responseText } from './responses.ts'
import type { ScenarioRule } from './scenarios.ts'
import { anyOrigin, pathMatches } from './route-pattern.ts'

/** Set by the node:http transport when it stopped reading a body over the size limit. */
export const BODY_TOO_LARGE_HEADER = 'x-tokenproof-body-too-large'

// Both waits take their listeners off the engine's long-lived `closed` signal when they end: a listener
// left behind per delayed or abandoned request would pile up for the life of the server.
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })

/** Waits until the client gives up or the engine closes: the "no answer" fault. */
const holdUntilAbandoned = (request: Request, engine: Engine): Promise<Response> =>
  new Promise((resolve) => {
    const done = (): void => {
      request.signal.removeEventListener('abort', done)
      engine.closed.removeEventListener('abort', done)
      resolve(new Response(null, { status: 499 }))
    }
    if (request.signal.aborted || engine.closed.aborted) return done()
    request.signal.addEventListener('abort', done, { once: true })
    engine.closed.addEventListener('abort', done, { once: true })
  })

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return undefined
  }
}

const injectedStatus = (status: number, body?: string): Response =>
  new Response(body ?? `${status} injected by Tokenproof scenario`, { status, headers: { 'content-type': 'text/plain' } })

async function runRoute(engine: Engine, mock: ProviderMock, route: RouteSpec, request: Request, rawBody: string, params: Record<string, string>): Promise<Response> {
  if (request.headers.get(BODY_TOO_LARGE_HEADER) || Buffer.byteLength(rawBody) > engine.maxBodyBytes) return mock.wireErrors.bodyTooLarge(request)

  // With no rules set (the common case) the body is not parsed here at all.
  const rule: ScenarioRule | undefined = engine.scenarios.isEmpty()
    ? undefined
    : engine.scenarios.take({ provider: mock.id, operation: route.operation, card: route.cardOf?.(safeJson(rawBody)) })
  const effect = rule?.effect

  if (effect?.type === 'delay') {
    await sleep(effect.ms, AbortSignal.any([engine.closed, request.signal]))
    // The client gave up while the call was held: it never reached the provider.
    if (request.signal.aborted) return new Response(null, { status: 499 })
  }
  if (effect && !rule.afterProcessing) {
    if (effect.type === 'httpStatus') return injectedStatus(effect.status, effect.body)
    if (effect.type === 'noAnswer') return holdUntilAbandoned(request, engine)
  }
  const response = await route.handle({
    request,
    url: new URL(request.url),
    rawBody,
    params,
    forcedCode: effect?.type === 'resultCode' ? effect.code : undefined,
  })
  if (effect?.type === 'httpStatus') return injectedStatus(effect.status, effect.body)
  if (effect?.type === 'noAnswer') return holdUntilAbandoned(request, engine)
  if (effect?.type === 'tamperedAnswer' && mock.alterAnswer) return mock.alterAnswer(response, effect.mode)
  return response
}

/** Reads the body once, runs the route, and records the exchange, masked, with its timing. */
async function recorded(engine: Engine, mock: ProviderMock, operation: string | undefined, request: Request, run: (rawBody: string) => Promise<Response>): Promise<Response> {
  const startedAt = engine.clock.now()
  const startedSeq = engine.recorder.begin()
  const started = performance.now()
  let response: Response
  let requestBody = ''
  try {
    requestBody = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text()
    response = await run(requestBody)
  } catch (error) {
    // A route that throws is a bug in the mock; the merchant still gets the provider's own answer.
    process.emitWarning(`tokenproof: ${mock.id} ${operation ?? 'route'} failed: ${error instanceof Error ? error.stack : String(error)}`)
    response = await mock.wireErrors.resultCode(request, 'UNKNOWN_EXCEPTION')
  }
  const responseBody = await responseText(response)
  engine.recorder.record({
    direction: 'inbound',
    provider: mock.id,
    operation,
    startedAt,
    startedSeq,
    durationMs: performance.now() - started,
    request: { method: request.method, url: request.url, headers: request.headers, body: requestBody },
    response: { status: response.status, headers: response.headers, body: responseBody },
  })
  return response
}

const METHOD = { GET: http.get, POST: http.post, PUT: http.put, PATCH: http.patch, DELETE: http.delete } as const

/**
 * The msw handlers of one provider: one per route and path, then a catch-all under the provider's
 * prefixes that gives the provider's answer to unknown paths and wrong methods. Shared by the
 * in-process (setupServer) and the node:http transports.
 */
export function providerHandlers(engine: Engine, mock: ProviderMock): HttpHandler[] {
  return providerRouting(engine, mock).handlers
}

/** A provider's handlers, with a lookup of the few that can match a request. */
export interface ProviderRouting {
  readonly prefixes: readonly string[]
  readonly handlers: HttpHandler[]
  /**
   * The handlers to offer msw for a method and path: the one static route that fits, then the
   * catch-alls. The same handler objects serve both transports; this only spares the standalone
   * server from trying every handler in turn.
   */
  candidates(method: string, pathname: string): HttpHandler[]
  /**
   * The resolver behind the msw handler of a static route, for a transport that has already matched
   * method and path itself. It is the function the msw handler calls, so answers are identical
   * (mocks/transports.test.ts holds them to that); it only skips msw's own matching, which costs more
   * than most routes.
   */
  direct(method: string, pathname: string): ((request: Request) => Promise<Response>) | undefined
}

export function providerRouting(engine: Engine, mock: ProviderMock): ProviderRouting {
  const handlers: HttpHandler[] = []
  const exact = new Map<string, { handler: HttpHandler; resolve: (request: Request) => Promise<Response> }>()
  const patterned: HttpHandler[] = []
  for (const route of mock.routes) {
    for (const path of route.paths) {
      const resolve = (request: Request, params: Record<string, string> = {}): Promise<Response> =>
        recorded(engine, mock, route.operation, request, (rawBody) => runRoute(engine, mock, route, request, rawBody, params))
      const handler = METHOD[route.method](anyOrigin(path), ({ request, params }) => resolve(request, stringParams(params)))
      handlers.push(handler)
      if (/[:*]/.test(path)) patterned.push(handler)
      else exact.set(`${route.method} ${path}`, { handler, resolve })
    }
  }
  const known = mock.routes.flatMap((route) => route.paths.map((path) => ({ path, method: route.method })))
  const fallbacks = mock.prefixes.map((prefix) =>
    http.all(anyOrigin(`${prefix}*`), ({ request }) => {
      const path = new URL(request.url).pathname
      const reason = known.some((k) => pathMatches(k.path, path)) ? 'method_not_allowed' : 'unknown_path'
      return recorded(engine, mock, undefined, request, async () => mock.wireErrors.noRoute(request, reason))
    }),
  )
  handlers.push(...fallbacks)
  const tail = [...patterned, ...fallbacks]
  return {
    prefixes: mock.prefixes,
    handlers,
    candidates(method, pathname) {
      const hit = exact.get(`${method} ${pathname}`)
      return hit ? [hit.handler, ...tail] : tail
    },
    direct: (method, pathname) => exact.get(`${method} ${pathname}`)?.resolve,
  }
}

function stringParams(params: Record<string, string | readonly string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') out[key] = value
  return out
}

