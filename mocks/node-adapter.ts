import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MockCore } from './core.ts'
import { CONTROL_PREFIX } from './engine/control-api.ts'
import type { GuardedRequest } from './engine/control-guard.ts'
import { parseHostHeader } from './engine/hosts.ts'
import { BODY_TOO_LARGE_HEADER, type Answer, type InboundCall } from './engine/http-handlers.ts'
import type { MockRequest } from './engine/provider-mock.ts'
import { knownText } from './engine/responses.ts'

/**
 * The node:http adapter of the mock: provider calls go to the routes compiled at start (mocks/engine/
 * http-handlers.ts) with a light request over the IncomingMessage, and their answers are written
 * from the text the route built; no Fetch `Request`, no stream, no matching beyond one map lookup
 * for a static route. Only the control API and the page links, routes over Fetch objects, get a real
 * `Request`. No msw here. The answers are those of the msw adapter (mocks/transports.test.ts).
 */
export interface NodeAdapterOptions {
  readonly mock: MockCore
  /** The server's own origin: the URL of a request without a Host header. */
  origin(): string
  /** Who may use the control API (mocks/engine/control-guard.ts), once the port is known. */
  guard(request: GuardedRequest): Response | undefined
  /** Told about calls to paths no provider owns (the recorder tells about gaps under a provider's prefixes). */
  readonly onUnknownPath?: ((method: string, url: string, status: number) => void) | undefined
}

/**
 * A request's headers as routes read them: names without case, repeated headers joined as Fetch
 * `Headers` joins them (`; ` for Cookie, `, ` for the rest).
 */
export class NodeHeaders {
  // A plain object, not a Map: one per call, and the recorder keeps it as the call's headers.
  readonly #values: Record<string, string> = Object.create(null) as Record<string, string>

  constructor(rawHeaders: readonly string[]) {
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = (rawHeaders[i] as string).toLowerCase()
      // Set only by the transport: a client cannot claim its body was cut.
      if (name === BODY_TOO_LARGE_HEADER) continue
      this.append(name, rawHeaders[i + 1] as string)
    }
  }

  append(name: string, value: string): void {
    const known = this.#values[name]
    this.#values[name] = known === undefined ? value : `${known}${name === 'cookie' ? '; ' : ', '}${value}`
  }

  delete(name: string): void {
    delete this.#values[name]
  }

  get(name: string): string | null {
    return this.#values[name.toLowerCase()] ?? null
  }

  /** Lower-case names in arrival order (the recorder sorts them as `Headers` would when it shows them); not to be changed. */
  toRecord(): Readonly<Record<string, string>> {
    return this.#values
  }

  toHeaders(): Headers {
    const headers = new Headers()
    for (const name in this.#values) headers.append(name, this.#values[name] as string)
    return headers
  }
}

/**
 * A MockRequest over an IncomingMessage. Its AbortSignal, and the listener on the response that
 * feeds it, are made only when a route asks for them (a held or delayed answer): most calls need neither.
 */
class NodeRequest implements MockRequest {
  #controller: AbortController | undefined

  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: NodeHeaders,
    private readonly res: ServerResponse,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      const controller = new AbortController()
      this.#controller = controller
      if (this.abandoned) controller.abort()
      else
        this.res.once('close', () => {
          if (!this.res.writableFinished) controller.abort()
        })
    }
    return this.#controller.signal
  }

  /** The client went away before the answer. */
  get abandoned(): boolean {
    return this.res.destroyed && !this.res.writableFinished
  }
}

/** A request target, read once per distinct Host and path (calls repeat the same few). */
interface Target {
  readonly href: string
  readonly origin: string
  readonly host: string
  readonly pathname: string
}

/** Remembers the last targets read; emptied when full, so hostile input costs parsing, not memory. */
class TargetCache {
  readonly #entries = new Map<string, { ok: true; target: Target } | { ok: false; reason: string }>()

  constructor(private readonly max: number) {}

  read(host: string | undefined, path: string, origin: string): { ok: true; target: Target } | { ok: false; reason: string } {
    const key = `${host ?? ''}\n${path}\n${host === undefined ? origin : ''}`
    const known = this.#entries.get(key)
    if (known !== undefined) return known
    const read = readTarget(host, path, origin)
    if (this.#entries.size >= this.max) this.#entries.clear()
    this.#entries.set(key, read)
    return read
  }
}

/**
 * The request's URL, or why it cannot be read: a Host header that is not one (empty, spaces, a bare
 * `[`, a port past 65535, userinfo) or a path whose percent-escapes are not UTF-8 (`%zz`, `%ff`).
 */
function readTarget(hostHeader: string | undefined, path: string, origin: string): { ok: true; target: Target } | { ok: false; reason: string } {
  if (hostHeader !== undefined && !parseHostHeader(hostHeader)) return { ok: false, reason: 'the Host header is malformed' }
  let url: URL
  try {
    url = new URL(path, hostHeader === undefined ? origin : `http://${hostHeader}`)
  } catch {
    return { ok: false, reason: 'the request target is not a URL' }
  }
  try {
    decodeURIComponent(url.pathname)
  } catch {
    return { ok: false, reason: 'the path is not percent-encoded UTF-8' }
  }
  return { ok: true, target: { href: url.href, origin: url.origin, host: url.host, pathname: url.pathname } }
}

/**
 * The Host header as `req.headers.host` gives it (the first, when a client sent more), read from the
 * raw headers: asking `req.headers` makes node:http build a second copy of every header.
 */
function firstHost(rawHeaders: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    if (name.length === 4 && name.toLowerCase() === 'host') return rawHeaders[i + 1]
  }
  return undefined
}

/** Methods node:http accepts but `new Request` throws on (fetch's forbidden methods). */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])

/** Reads the body up to `limit` bytes; past it, stops keeping bytes and reports the overflow. */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve({ body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), tooLarge }))
    req.on('error', reject)
  })
}

/** The body as `Request.text()` reads it: UTF-8, a leading byte order mark dropped. */
function textOf(body: Buffer): string {
  const text = body.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function headersOf(response: Response, length: number): Record<string, string> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  headers['content-length'] = String(length)
  return headers
}

/** Writes a route's answer from the text it was built with: no stream read, no Buffer copy of it. */
function writeAnswer(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.response.status, headersOf(answer.response, Buffer.byteLength(answer.text)))
  res.end(answer.text)
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const known = knownText(response)
  const body = known === undefined ? Buffer.from(await response.arrayBuffer()) : Buffer.from(known, 'utf8')
  res.writeHead(response.status, headersOf(response, body.length))
  res.end(body)
}

function writeJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8')
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(body.length) })
  res.end(body)
}

export function nodeListener(options: NodeAdapterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { mock } = options
  const targets = new TargetCache(1024)

  /** The owning provider's parameter error for a request the transport cannot read; a plain 400 elsewhere. */
  const malformed = async (req: IncomingMessage, res: ServerResponse, reason: string): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const owner = path.startsWith('/') ? mock.ownerOf(path) : undefined
    if (!owner) return writeJson(res, 400, { error: 'malformed request', detail: reason })
    const headers = new NodeHeaders(req.rawHeaders)
    headers.delete('host')
    const response = await owner.wireErrors.malformed(new NodeRequest('POST', new URL(path, options.origin()).href, headers, res), reason)
    await writeResponse(res, response)
  }

  /** The control API (and paths nobody serves under it) and the providers' page links: routes over a Fetch Request. */
  const control = async (res: ServerResponse, target: Target, request: NodeRequest, body: Buffer, tooLarge: boolean): Promise<void> => {
    const { method } = request
    const headers = request.headers.toHeaders()
    if (tooLarge) headers.set(BODY_TOO_LARGE_HEADER, '1')
    const refused = options.guard({ method, pathname: target.pathname, headers })
    if (refused) return writeResponse(res, refused)
    const fetchRequest = new Request(target.href, { method, headers, body: method === 'GET' || method === 'HEAD' || tooLarge ? undefined : body, signal: request.signal })
    const response = (await (mock.control.answer(fetchRequest) ?? mock.pageLinks.answer(fetchRequest))) ?? Response.json({ error: `no provider serves ${target.pathname}; see ${CONTROL_PREFIX}` }, { status: 404 })
    if (request.abandoned) return
    await writeResponse(res, response)
  }

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { body, tooLarge } = await readBody(req, mock.engine.maxBodyBytes)
    const host = firstHost(req.rawHeaders)
    const read = targets.read(host, req.url ?? '/', options.origin())
    if (!read.ok) return malformed(req, res, read.reason)
    const { target } = read
    const method = req.method ?? 'GET'
    // node:http parses these but the Fetch API refuses to build a Request with them: the owner's parameter error, not a 500.
    if (FORBIDDEN_METHODS.has(method.toUpperCase())) return malformed(req, res, `method ${method} is not allowed`)
    const headers = new NodeHeaders(req.rawHeaders)
    if (host === undefined) headers.append('host', target.host)
    const current = new NodeRequest(method, target.href, headers, res)
    const { pathname } = target
    if (pathname.startsWith(CONTROL_PREFIX) || mock.pageLinks.serves(pathname)) return control(res, target, current, body, tooLarge)

    const found = mock.route(method, pathname, `${target.origin}${pathname}`)
    if (!found) {
      writeJson(res, 404, { error: `no provider serves ${pathname}; see /__tokenproof` })
      options.onUnknownPath?.(method, target.href, 404)
      return
    }
    const call: InboundCall = { request: current, body: tooLarge ? '' : textOf(body), tooLarge, recordHeaders: headers.toRecord() }
    const answer = await found.table.serve(found.match, call)
    if (current.abandoned) return
    writeAnswer(res, answer)
  }

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) writeJson(res, 500, { error: 'tokenproof transport error', detail: String(error) })
    })
  }
}
