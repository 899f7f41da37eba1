import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse } from 'msw'
import { createMock, notFoundHandler, type MockOptions, type TokenproofMock } from './create-mock.ts'
import { BODY_TOO_LARGE_HEADER } from './engine/http-handlers.ts'

export interface MockServerOptions extends MockOptions {
  /** Defaults to 127.0.0.1: the mock is a test tool, not a public service. */
  readonly host?: string
  /** 0 picks a free port. */
  readonly port?: number
  /** An existing mock to serve (shares its state with in-process handlers). */
  readonly mock?: TokenproofMock
}

export interface MockServer {
  readonly mock: TokenproofMock
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

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
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge }))
    req.on('error', reject)
  })
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]
    const value = req.rawHeaders[i + 1]
    if (name !== undefined && value !== undefined && name.toLowerCase() !== BODY_TOO_LARGE_HEADER) headers.append(name, value)
  }
  return headers
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = Buffer.from(await response.arrayBuffer())
  res.writeHead(response.status, { ...headers, 'content-length': String(body.length) })
  res.end(body)
}

/**
 * Serves the mock's msw handlers over node:http with msw's `getResponse`, so the in-process and the
 * standalone mock are the same code. A request to a static provider route goes straight to the
 * resolver that route's msw handler calls: the same function, without msw's matching in front.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const mock = options.mock ?? createMock(options)
  const host = options.host ?? '127.0.0.1'

  const server: Server = createServer((req, res) => {
    const abort = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) abort.abort()
    })
    void (async () => {
      try {
        const { body, tooLarge } = await readBody(req, mock.engine.maxBodyBytes)
        const headers = toHeaders(req)
        if (tooLarge) headers.set(BODY_TOO_LARGE_HEADER, '1')
        const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${host}`}`)
        const method = req.method ?? 'GET'
        const request = new Request(url, {
          method,
          headers,
          body: method === 'GET' || method === 'HEAD' || tooLarge ? undefined : body,
          signal: abort.signal,
        })
        const direct = mock.directFor(method, url.pathname)
        const response = direct
          ? await direct(request)
          : ((await getResponse([...mock.handlersFor(method, url.pathname), notFoundHandler], request)) ?? new Response('not found', { status: 404 }))
        if (abort.signal.aborted) return
        await writeResponse(res, response)
      } catch (error) {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ error: 'tokenproof transport error', detail: String(error) }))
        }
      }
    })()
  })
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4010, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  if (!options.mock) mock.setBaseUrl(url)

  return {
    mock,
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        mock.engine.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
