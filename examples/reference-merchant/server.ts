/**
 * The reference merchant: a small HTTP merchant backend that integrates payment providers the way
 * they document it, and exposes the driver protocol so Tokenproof can drive it.
 *
 *   POST /tokenproof/v1/<operation>   the driver protocol (docs/driver-protocol.md)
 *   POST /notify/<provider>           provider notifications (the notificationUrl `configure` returns)
 *   GET  /return/<provider>           where hosted pages send the buyer back
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { NO_FAULTS, type Faults } from './faults.ts'
import { handleDriverOperation, type MerchantContext } from './driver-api.ts'
import { receiveNotification } from './notifications.ts'
import type { HttpReply, ProviderAdapter, ProviderConnection } from './provider-adapter.ts'
import { adyenAdapter } from './providers/adyen.ts'
import { antomAdapter } from './providers/antom.ts'
import { appotapayAdapter } from './providers/appotapay.ts'
import { pivotAdapter } from './providers/pivot.ts'
import { MerchantStore } from './store.ts'

export interface ReferenceMerchantOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number
  /** Defaults to 127.0.0.1: a test merchant has no business on a public interface. */
  readonly host?: string
  /** Operational log lines. They never contain card numbers or CVVs. Silent by default. */
  readonly log?: (line: string) => void
  /** The provider integrations to offer; defaults to every bundled adapter. */
  readonly adapters?: readonly ProviderAdapter[]
  /** Deliberate mistakes for examples/faulty-merchants; none by default. */
  readonly faults?: Faults
  /**
   * Refuse notifications whose timestamp (Antom Request-Time, Adyen eventDate) is further than this
   * from the merchant's clock, as a merchant with a replay window does (e.g. 300 000 for 5 minutes).
   * Off by default.
   */
  readonly notificationWindowMs?: number
}

export interface ReferenceMerchant {
  /** The merchant's base URL, e.g. http://127.0.0.1:43123. */
  readonly url: string
  /** The driver protocol base URL to give createHttpDriver. */
  readonly driverUrl: string
  /** The merchant's database, for inspection in tests. */
  readonly store: MerchantStore
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1024 * 1024

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, reply: HttpReply): void {
  res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.body) })
  res.end(reply.body)
}

const json = (status: number, body: unknown): HttpReply => ({ status, contentType: 'application/json', body: JSON.stringify(body) })

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '')
  return headers
}

export async function createReferenceMerchant(options: ReferenceMerchantOptions = {}): Promise<ReferenceMerchant> {
  const host = options.host ?? '127.0.0.1'
  // Every line is also kept (the last 1 000 since the driver's reset) for the driver's `logs` operation.
  const recentLog: string[] = []
  const log = (line: string): void => {
    recentLog.push(line)
    if (recentLog.length > 1_000) recentLog.shift()
    options.log?.(line)
  }
  const defaults = (): ProviderAdapter[] => [antomAdapter(), adyenAdapter(), appotapayAdapter(), pivotAdapter()]
  const adapters = new Map<string, ProviderAdapter>((options.adapters ?? defaults()).map((adapter) => [adapter.id, adapter]))
  const connections = new Map<string, ProviderConnection>()
  const store = new MerchantStore()
  const faults = options.faults ?? NO_FAULTS
  // Filled in once the server listens and its URL is known (notification URLs are built from it).
  const started: { context?: MerchantContext } = {}

  async function route(req: IncomingMessage): Promise<HttpReply> {
    const { context } = started
    if (!context) return json(503, { error: 'starting' })
    const url = new URL(req.url ?? '/', 'http://merchant.invalid')
    const segments = url.pathname.split('/').filter(Boolean)
    if (req.method === 'GET' && segments[0] === 'return' && segments.length === 2) {
      return { status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Thank you</title><p>Thank you. Your order is being processed.</p>' }
    }
    if (req.method !== 'POST') return json(405, { error: 'method not allowed' })
    const body = await readBody(req)
    if (body === undefined) return json(413, { error: 'body too large' })

    if (segments[0] === 'tokenproof' && segments[1] === 'v1' && segments.length === 3) {
      let input: unknown
      try {
        input = body === '' ? {} : JSON.parse(body)
      } catch {
        return json(200, { ok: false, issue: { code: 'invalid_input', message: 'the body is not JSON' } })
      }
      return json(200, await handleDriverOperation(context, segments[2] ?? '', input))
    }
    if (segments[0] === 'notify' && segments.length === 2) {
      const provider = segments[1] ?? ''
      const connection = connections.get(provider)
      if (!connection) return json(404, { error: `no ${provider} integration configured` })
      // Providers sign the path as they called it, query string included.
      return receiveNotification(store, provider, connection, { path: req.url ?? '/', headers: toHeaders(req), body }, log, faults)
    }
    return json(404, { error: 'not found' })
  }

  const server = createServer((req, res) => {
    route(req).then(
      (reply) => send(res, reply),
      (error: unknown) => {
        log(`internal error on ${req.method ?? ''} ${req.url ?? ''}: ${error instanceof Error ? error.message : String(error)}`)
        send(res, json(500, { error: 'internal error' }))
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${host}:${port}`
  started.context = { name: 'tokenproof-reference-merchant', url, adapters, connections, store, log, faults, notificationWindowMs: options.notificationWindowMs, keptCardNumbers: new Map(), recentLog }
  return {
    url,
    driverUrl: `${url}/tokenproof`,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
