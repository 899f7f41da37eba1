import type { Engine } from './engine.ts'
import type { MockRequest, ProviderMock, RouteCall, RouteSpec } from './provider-mock.ts'
import { parsedOnce, parseJsonLimited, type JsonParse } from './json-limits.ts'
import { redactText } from './masking.ts'
import { responseText } from './responses.ts'
import { MAX_RECORDED_BODY_CHARS } from './recorder.ts'
import type { ScenarioRule } from './scenarios.ts'
import { anyOrigin, decodedGroups, DeclaredPatterns, isLiteralPath, pathMatches } from './route-pattern.ts'

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
const holdUntilAbandoned = (request: MockRequest, engine: Engine): Promise<Response> =>
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

const valueOf = (json: () => JsonParse): unknown => {
  const parsed = json()
  return parsed.ok ? parsed.value : undefined
}

const injectedStatus = (status: number, body?: string): Response =>
  new Response(body ?? `${status} injected by Tokenproof scenario`, { status, headers: { 'content-type': 'text/plain' } })

/**
 * What a route is handed. A class, not an object literal with a `get url()`: on Node 20 such a
 * literal, made per call, kept everything it reaches (the request, its socket objects, the body)
 * alive through young-generation collections until a full one, and a busy server's scavenges
 * took twice as long (docs/performance.md, "Later on 7 December").
 */
class Call implements RouteCall {
  #url: URL | undefined

  constructor(
    readonly request: MockRequest,
    readonly rawBody: string,
    readonly json: () => JsonParse,
    readonly params: Readonly<Record<string, string>>,
    readonly forcedCode: string | undefined,
  ) {}

  /** Parsed when a route reads it (a query string, a path): most read only the body. */
  get url(): URL {
    this.#url ??= new URL(this.request.url)
    return this.#url
  }
}

async function runRoute(engine: Engine, mock: ProviderMock, route: RouteSpec, call: InboundCall, rawBody: string, json: () => JsonParse, tooLarge: boolean, params: Readonly<Record<string, string>>): Promise<Response> {
  const { request } = call
  if (tooLarge) return mock.wireErrors.bodyTooLarge(request)

  // With no rules set (the common case) the body is not parsed here at all.
  const rule: ScenarioRule | undefined = engine.scenarios.isEmpty()
    ? undefined
    : engine.scenarios.take({ provider: mock.id, operation: route.operation, card: route.cardOf?.(valueOf(json)) })
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
  const response = await route.handle(new Call(request, rawBody, json, params, effect?.type === 'resultCode' ? effect.code : undefined))
  if (effect?.type === 'httpStatus') return injectedStatus(effect.status, effect.body)
  if (effect?.type === 'noAnswer') return holdUntilAbandoned(request, engine)
  if (effect?.type === 'tamperedAnswer' && mock.alterAnswer) return mock.alterAnswer(response, effect.mode)
  return response
}

/** Why a call under a provider's prefixes reached no route: a gap in the mock, whoever is wrong. */
export const MOCK_GAP_TAG = 'mockGap'
/** The documented request fields of a served call that the mock accepted without acting on them (comma-separated). */
export const IGNORED_FIELDS_TAG = 'ignoredFields'

/** The request's top-level body fields and query parameters that the operation's list says the mock ignores. */
function ignoredFieldsUsed(ignored: readonly string[] | undefined, url: string, json: () => JsonParse): string[] {
  if (!ignored || ignored.length === 0) return []
  const body = valueOf(json)
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? body : undefined
  const query = url.indexOf('?')
  const params = query === -1 ? undefined : new URL(url).searchParams
  return ignored.filter((field) => (fields !== undefined && Object.hasOwn(fields, field)) || params?.has(field) === true)
}

/**
 * One inbound call as the core serves it, whatever carried it: the request routes see, its raw
 * body as the transport read it, and the headers to record (a Fetch `Headers`, or a plain record
 * with lower-case names in sorted order, as `Headers` iterates).
 */
export interface InboundCall {
  readonly request: MockRequest
  /** The raw body; a read that fails is answered as a route that throws. */
  readonly body: string | (() => Promise<string>)
  /** The transport stopped reading the body past the engine's limit. */
  readonly tooLarge: boolean
  readonly recordHeaders: Headers | Readonly<Record<string, string>>
}

/** A route's answer with its body text, read once: the recorder keeps it and node:http writes it. */
export interface Answer {
  readonly response: Response
  readonly text: string
}

/** Reads the body once, runs the route, and records the exchange (masked when read) with its timing. */
async function recorded(
  engine: Engine,
  mock: ProviderMock,
  operation: string | undefined,
  call: InboundCall,
  run: (rawBody: string, json: () => JsonParse, tooLarge: boolean) => Promise<Response>,
  tagsOf: (json: () => JsonParse) => Record<string, string> = () => ({}),
): Promise<Answer> {
  const { request } = call
  const startedAt = engine.clock.now()
  const startedSeq = engine.recorder.begin()
  const started = performance.now()
  let response: Response
  let requestBody = ''
  let tags: Record<string, string> = {}
  try {
    requestBody = request.method === 'GET' || request.method === 'HEAD' ? '' : typeof call.body === 'string' ? call.body : await call.body()
    // A body past the limit is answered unread and not kept: the node:http adapter stops reading it
    // at the limit, and the msw adapter records what the node:http one does. (A body shorter than
    // the limit in characters is within it in bytes too: each character takes at most 3.)
    const tooLarge = call.tooLarge || (requestBody.length * 3 > engine.maxBodyBytes && Buffer.byteLength(requestBody) > engine.maxBodyBytes)
    if (tooLarge) requestBody = ''
    const json = requestBody === '' ? NO_BODY : parsedOnce(requestBody)
    tags = tagsOf(json)
    response = await run(requestBody, json, tooLarge)
  } catch (error) {
    // A route that throws is a bug in the mock; the merchant still gets the provider's own answer.
    // Masked: an error message may quote the input it choked on.
    process.emitWarning(redactText(`tokenproof: ${mock.id} ${operation ?? 'route'} failed: ${error instanceof Error ? error.stack : String(error)}`))
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
    // The recorder keeps the texts and masks them when the exchange is read: a route that changes
    // the parsed body cannot change what is recorded, and the answer does not wait for the masking.
    request: { method: request.method, url: request.url, headers: call.recordHeaders, body: requestBody, sealed: sealedOf(mock, requestBody) },
    response: { status: response.status, headers: response.headers, body: responseBody },
    tags,
  })
  return { response, text: responseBody }
}

const NO_BODY = (): JsonParse => ({ ok: false, error: new SyntaxError('no body') })

/** The body's unsealed form, made from its text when the recording is read; a body that does not unseal has none. */
function sealedOf(mock: ProviderMock, requestBody: string): (() => unknown) | undefined {
  const { unseal } = mock
  if (unseal === undefined || requestBody === '' || requestBody.length > MAX_RECORDED_BODY_CHARS) return undefined
  return () => {
    try {
      return unseal(parseJsonLimited(requestBody))
    } catch {
      return undefined
    }
  }
}

/** One place a provider answers: a route at one of its paths, or the catch-all under a prefix. */
interface Entry {
  /** Undefined for a catch-all: any method. */
  readonly method: string | undefined
  /** The path as msw matches it (`anyOrigin`), tested on the clean URL (origin and path). */
  readonly pattern: RegExp
  readonly route: RouteSpec | undefined
  readonly tagsOf: (url: string) => (json: () => JsonParse) => Record<string, string>
}

/** Where a call goes: the entry and the path parameters it names. */
export interface RouteMatch {
  readonly entry: Entry
  readonly params: Readonly<Record<string, string>>
}

/**
 * A provider's routes compiled once, at start: the core both transports serve through. Matching has
 * msw's meaning (the first route, in declaration order, whose method fits and whose path pattern
 * matches the URL; then the catch-alls), with a map for the static paths no earlier route shadows,
 * so that the common call costs one lookup.
 */
export interface ProviderTable {
  readonly mock: ProviderMock
  readonly prefixes: readonly string[]
  /** Whether a path lies under the provider's prefixes (whose error shape a malformed request gets). */
  owns(pathname: string): boolean
  /** The route for a call; `cleanUrl` is origin and path (no query), as msw matches. */
  match(method: string, pathname: string, cleanUrl: string): RouteMatch | undefined
  /** The static route at exactly this method and path that no earlier route shadows. */
  exact(method: string, pathname: string): RouteMatch | undefined
  /** Whether any of the provider's patterns matches a clean URL (only those can shadow a later provider's route). */
  mayMatch(cleanUrl: string): boolean
  /** Serves a matched call: scenario rules, the route, the recording. */
  serve(match: RouteMatch, call: InboundCall): Promise<Answer>
}

const STATIC_ORIGIN = 'http://127.0.0.1'

export function compileProvider(engine: Engine, mock: ProviderMock): ProviderTable {
  const entries: Entry[] = []
  const exact = new Map<string, Entry>()
  const declared = new DeclaredPatterns()
  const ignoredTags = (route: RouteSpec) => (url: string) => (json: () => JsonParse): Record<string, string> => {
    const used = ignoredFieldsUsed(mock.ignoredFields?.[route.operation], url, json)
    return used.length > 0 ? { [IGNORED_FIELDS_TAG]: used.join(',') } : {}
  }
  const noTags = () => (): Record<string, string> => ({})
  for (const route of mock.routes) {
    for (const path of route.paths) {
      const entry: Entry = { method: route.method, pattern: anyOrigin(path), route, tagsOf: ignoredTags(route) }
      // A static path goes in the map unless a route declared before it matches it too (msw would take that one).
      const key = `${route.method} ${path}`
      if (isLiteralPath(path) && !exact.has(key) && !declared.matches(route.method, `${STATIC_ORIGIN}${path}`)) exact.set(key, entry)
      entries.push(entry)
      declared.add(route.method, path, entry.pattern)
    }
  }
  for (const prefix of mock.prefixes) entries.push({ method: undefined, pattern: anyOrigin(`${prefix}*`), route: undefined, tagsOf: noTags })
  const known = mock.routes.flatMap((route) => route.paths.map((path) => ({ path, method: route.method })))
  const noParams: Readonly<Record<string, string>> = Object.freeze({})
  // One test rules the provider out for a URL none of its patterns match: most calls, for all providers but one.
  const any = new RegExp(entries.map((e) => `(?:${e.pattern.source.replace(/\(\?<[A-Za-z_][A-Za-z0-9_]*>/g, '(')})`).join('|'), 'i')

  return {
    mock,
    prefixes: mock.prefixes,
    owns: (pathname) => mock.prefixes.some((prefix) => pathname.startsWith(prefix)),
    mayMatch: (cleanUrl) => any.test(cleanUrl),
    exact(method, pathname) {
      const hit = exact.get(`${method} ${pathname}`)
      return hit ? { entry: hit, params: noParams } : undefined
    },
    match(method, pathname, cleanUrl) {
      const hit = exact.get(`${method} ${pathname}`)
      if (hit) return { entry: hit, params: noParams }
      if (!any.test(cleanUrl)) return undefined
      for (const entry of entries) {
        if (entry.method !== undefined && entry.method !== method) continue
        const found = entry.pattern.exec(cleanUrl)
        if (found) return { entry, params: decodedGroups(found) }
      }
      return undefined
    },
    serve({ entry, params }, call) {
      const { request } = call
      const { route } = entry
      if (route) return recorded(engine, mock, route.operation, call, (rawBody, json, tooLarge) => runRoute(engine, mock, route, call, rawBody, json, tooLarge, params), entry.tagsOf(request.url))
      const path = new URL(request.url).pathname
      const reason = known.some((k) => pathMatches(k.path, path)) ? 'method_not_allowed' : 'unknown_path'
      // Answered in the provider's own shape, and tagged: the call may be right and the mock lacking.
      return recorded(engine, mock, undefined, call, async () => mock.wireErrors.noRoute(request, reason), () => ({ [MOCK_GAP_TAG]: reason }))
    },
  }
}
