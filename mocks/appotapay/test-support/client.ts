import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SignJWT } from 'jose'
import { DEFAULT_PARTNER } from '../partners.ts'

export interface Credentials {
  readonly partnerCode: string
  readonly apiKey: string
  readonly secretKey: string
}

/** The JWT as AppotaPay's security page tells a partner to build it. */
export async function appotapayJwt(options: { credentials?: Credentials; nowSeconds: number; ttlSeconds?: number; secret?: string }): Promise<string> {
  const c = options.credentials ?? DEFAULT_PARTNER
  return new SignJWT({ api_key: c.apiKey })
    .setProtectedHeader({ typ: 'JWT', alg: 'HS256', cty: 'appotapay-api;v=1' })
    .setIssuer(c.partnerCode)
    .setJti(`${c.apiKey}-${options.nowSeconds}`)
    .setExpirationTime(options.nowSeconds + (options.ttlSeconds ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? c.secretKey))
}

export interface ApiAnswer {
  readonly status: number
  readonly raw: string
  readonly body: Record<string, unknown>
}

/** A merchant back end calling AppotaPay as the docs describe: fresh JWT per call, JSON bodies. */
export class AppotapayClient {
  constructor(
    private readonly baseUrl: string,
    /** The mock's clock, so the JWT's exp is in the future of the time the mock runs on. */
    private readonly now: () => number,
  ) {}

  async call(method: string, path: string, body?: unknown, options: { headers?: Record<string, string>; raw?: string; auth?: string | null; bearer?: boolean } = {}): Promise<ApiAnswer> {
    const jwt = await appotapayJwt({ nowSeconds: Math.floor(this.now() / 1000) })
    const auth = options.auth === undefined ? (options.bearer ? `Bearer ${jwt}` : jwt) : options.auth
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(auth === null ? {} : { 'x-appotapay-auth': auth }), ...options.headers }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.raw !== undefined ? { body: options.raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const raw = await response.text()
    return { status: response.status, raw, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} }
  }
}

export interface ReturnEndpoint {
  readonly url: string
  /** Query strings of the browser redirects the merchant's return page received. */
  readonly returns: URLSearchParams[]
  close(): Promise<void>
}

/** The merchant's 3DS return page on 127.0.0.1: AppotaPay sends the buyer's browser back here. */
export async function startReturnEndpoint(): Promise<ReturnEndpoint> {
  const returns: URLSearchParams[] = []
  const server: Server = createServer((req, res) => {
    returns.push(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams)
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<p>Thank you</p>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/appotapay/return`,
    returns,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export const testCard = (number: string, extra: Record<string, string> = {}) => ({ number, holderName: 'NGUYEN VAN A', expirationMonth: '12', expirationYear: '30', cvv: '123', ...extra })

let counter = 0
export const ref = (prefix: string): string => `${prefix}-${(counter++).toString(36)}`

/** Drives a buyer step through the control API. */
export async function buyer(baseUrl: string, action: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/__tokenproof/providers/appotapay/buyer/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
