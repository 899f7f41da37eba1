import { constants, publicEncrypt } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEFAULT_MERCHANT } from '../merchants.ts'

export interface ApiAnswer {
  readonly status: number
  readonly raw: string
  readonly body: { code: string; message: string; data?: Record<string, unknown>; error?: { type: string; details: { field: string; message: string }[]; trace_id: string } }
}

/** A merchant back end as the docs describe it: fetches an access token, then calls with Bearer. */
export class PivotClient {
  #token: string | undefined

  constructor(private readonly baseUrl: string) {}

  async accessToken(headers: Record<string, string> = { 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': DEFAULT_MERCHANT.merchantSecret }, body: string = JSON.stringify({ grantType: 'client_credentials' })): Promise<ApiAnswer> {
    const response = await fetch(`${this.baseUrl}/v1/access-token`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    return read(response)
  }

  async login(): Promise<string> {
    const answer = await this.accessToken()
    if (answer.status !== 200) throw new Error(`access token: ${answer.raw}`)
    this.#token = String(answer.body.data?.accessToken)
    return this.#token
  }

  async call(method: string, path: string, body?: unknown, options: { headers?: Record<string, string>; raw?: string; token?: string | null } = {}): Promise<ApiAnswer> {
    const token = options.token === undefined ? (this.#token ?? (await this.login())) : options.token
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...options.headers },
      ...(options.raw !== undefined ? { body: options.raw } : body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return read(response)
  }
}

async function read(response: Response): Promise<ApiAnswer> {
  const raw = await response.text()
  return { status: response.status, raw, body: JSON.parse(raw) as ApiAnswer['body'] }
}

/** What the merchant front end does with the session's encryptionKey. */
export function encryptCard(publicKeyPem: string, card: { number: string; expiryMonth: string; expiryYear: string; cvc: string; cardholderName?: string }): string {
  return publicEncrypt({ key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(JSON.stringify(card))).toString('base64')
}

export const card = (number: string) => ({ number, expiryMonth: '12', expiryYear: '2030', cvc: '123', cardholderName: 'Budi Santoso' })

export interface ReceivedCallback {
  readonly headers: IncomingHttpHeaders
  readonly raw: string
  readonly body: { event: string; data: Record<string, unknown> }
}

export interface CallbackEndpoint {
  readonly url: string
  readonly received: ReceivedCallback[]
  /** The status the merchant answers each callback with. */
  status: (n: number) => number
  close(): Promise<void>
}

/** The merchant's callback endpoint on 127.0.0.1. */
export async function startCallbackEndpoint(): Promise<CallbackEndpoint> {
  const received: ReceivedCallback[] = []
  const endpoint = { received, status: (_n: number) => 200 }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) as ReceivedCallback['body'] })
      res.writeHead(endpoint.status(received.length), { 'content-type': 'application/json' })
      res.end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(endpoint, {
    url: `http://127.0.0.1:${port}/pivot/callback`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}

let counter = 0
export const ref = (prefix: string): string => `${prefix}-${(counter++).toString(36)}`

export const redirectUrl = { successReturnUrl: 'https://shop.example/success', failureReturnUrl: 'https://shop.example/failure', expirationReturnUrl: 'https://shop.example/expired' }

export function session(extra: Record<string, unknown> = {}) {
  return {
    clientReferenceId: ref('order'),
    amount: { value: 150000, currency: 'IDR' },
    mode: 'REDIRECT',
    redirectUrl,
    customer: { givenName: 'Budi', surname: 'Santoso', email: 'budi@example.id', phoneNumber: { countryCode: '+62', number: '81234567890' } },
    orderInformation: { productDetails: [{ name: 'Kopi', quantity: 1, price: 150000 }] },
    ...extra,
  }
}

export async function buyer(baseUrl: string, action: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/__tokenproof/providers/pivot/buyer/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
