/**
 * An Antom merchant client written from Antom's signing documentation alone (digital_signature):
 * it shares no code with the mock, so a mock that signs or verifies wrongly fails against it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSign, createVerify } from 'node:crypto'

export interface DocClientOptions {
  readonly baseUrl: string
  readonly clientId: string
  readonly merchantPrivateKeyPem: string
  readonly antomPublicKeyPem: string
  /** `ms`: epoch milliseconds as in the docs; `iso`: ISO 8601 as the Python SDK sends. */
  readonly requestTime?: 'ms' | 'iso'
  readonly sandbox?: boolean
}

export interface DocResponse {
  readonly status: number
  readonly headers: Headers
  readonly raw: string
  readonly body: Record<string, unknown>
  /** true/false when the response carried a signature; undefined when it carried none. */
  readonly signatureValid: boolean | undefined
  readonly result: { resultCode: string; resultStatus: string; resultMessage: string }
}

const rsaSign = (content: string, pem: string): string => encodeURIComponent(createSign('RSA-SHA256').update(content, 'utf8').sign(pem, 'base64'))

function rsaVerify(content: string, headerValue: string, pem: string): boolean {
  // The value after "signature=" is URL-encoded base64.
  const encoded = headerValue.split('signature=')[1] ?? ''
  return createVerify('RSA-SHA256').update(content, 'utf8').verify(pem, Buffer.from(decodeURIComponent(encoded), 'base64'))
}

export class AntomDocClient {
  constructor(private readonly options: DocClientOptions) {}

  path(endpoint: string): string {
    return `/ams/${this.options.sandbox ? 'sandbox/' : ''}api/v1/${endpoint}`
  }

  /** Signs and sends `body` to an endpoint like `payments/pay`; verifies the response signature. */
  async call(endpoint: string, body: unknown, init: { signal?: AbortSignal; headers?: Record<string, string>; raw?: string } = {}): Promise<DocResponse> {
    const path = this.path(endpoint)
    const text = init.raw ?? JSON.stringify(body)
    const requestTime = this.options.requestTime === 'iso' ? new Date().toISOString().replace('Z', '+00:00') : String(Date.now())
    const signature = rsaSign(`POST ${path}\n${this.options.clientId}.${requestTime}.${text}`, this.options.merchantPrivateKeyPem)
    const response = await fetch(`${this.options.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=UTF-8',
        'Client-Id': this.options.clientId,
        'Request-Time': requestTime,
        Signature: `algorithm=RSA256,keyVersion=1,signature=${signature}`,
        ...init.headers,
      },
      body: text,
      ...(init.signal ? { signal: init.signal } : {}),
    })
    return this.read(path, response)
  }

  async read(path: string, response: Response): Promise<DocResponse> {
    const raw = await response.text()
    const signatureHeader = response.headers.get('signature')
    const responseTime = response.headers.get('response-time')
    const clientId = response.headers.get('client-id')
    const signatureValid =
      signatureHeader && responseTime && clientId ? rsaVerify(`POST ${path}\n${clientId}.${responseTime}.${raw}`, signatureHeader, this.options.antomPublicKeyPem) : undefined
    const body = JSON.parse(raw) as Record<string, unknown>
    return { status: response.status, headers: response.headers, raw, body, signatureValid, result: body.result as DocResponse['result'] }
  }
}

export interface ReceivedNotification {
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly raw: string
  readonly body: Record<string, unknown>
  readonly signatureValid: boolean
}

export interface MerchantEndpoint {
  readonly url: string
  readonly received: ReceivedNotification[]
  /** How the endpoint answers; defaults to Antom's acknowledgement. */
  answer: (n: ReceivedNotification) => { status: number; body: string }
  close(): Promise<void>
}

export const ANTOM_ACK = JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } })

/** A merchant notification endpoint on 127.0.0.1 that checks each notification's signature. */
export async function startMerchantEndpoint(antomPublicKeyPem: string, path = '/antom/notify'): Promise<MerchantEndpoint> {
  const received: ReceivedNotification[] = []
  const endpoint: Omit<MerchantEndpoint, 'url' | 'close'> & { answer: MerchantEndpoint['answer'] } = {
    received,
    answer: () => ({ status: 200, body: ANTOM_ACK }),
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const clientId = String(req.headers['client-id'] ?? '')
      const requestTime = String(req.headers['request-time'] ?? '')
      const signature = String(req.headers.signature ?? '')
      let signatureValid = false
      try {
        signatureValid = rsaVerify(`POST ${req.url ?? ''}\n${clientId}.${requestTime}.${raw}`, signature, antomPublicKeyPem)
      } catch {
        signatureValid = false
      }
      const notification: ReceivedNotification = { path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown>, signatureValid }
      received.push(notification)
      const { status, body } = endpoint.answer(notification)
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(endpoint, {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}
