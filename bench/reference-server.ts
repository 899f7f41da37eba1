import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPrivateKey, createPublicKey, createSign, createVerify } from 'node:crypto'
import { antomTestKeys } from '../mocks/antom/test-keys.ts'
import { signedContent } from './antom.ts'

/**
 * The least any Antom mock must do per request, with nothing else: a bare node:http server that
 * reads the body, verifies the RSA256 request signature, parses the JSON, and answers a signed
 * SUCCESS. Run under the same load as the mock, it shows how close to the signing ceiling a
 * single-threaded server can get on this machine (HTTP parsing and socket writes included).
 */
export interface ReferenceServer {
  readonly url: string
  close(): Promise<void>
}

/** A captured answer the JSON reference server repeats. */
export interface CannedAnswer {
  readonly status: number
  readonly contentType: string
  readonly body: string
}

/**
 * The least a JSON mock must do per request, with nothing else: a bare node:http server that reads
 * the body, parses it as JSON and answers the mock's own answer to the same call (captured once
 * before the run), serialised afresh each time. No validation, no state, no recording: the ceiling
 * the JSON providers' rows are measured against.
 */
export async function startJsonReferenceServer(answer: CannedAnswer): Promise<ReferenceServer> {
  const value = JSON.parse(answer.body) as unknown
  return listen(
    createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        if (raw !== '') JSON.parse(raw)
        const body = JSON.stringify(value)
        res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(Buffer.byteLength(body)) })
        res.end(body)
      })
    }),
  )
}

async function listen(server: Server): Promise<ReferenceServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export async function startReferenceServer(): Promise<ReferenceServer> {
  const keys = { merchantPublicKey: createPublicKey(antomTestKeys.merchantPublicKey), antomPrivateKey: createPrivateKey(antomTestKeys.providerPrivateKey) }
  const header = (req: IncomingMessage, name: string): string => {
    const value = req.headers[name]
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '')
  }
  let answered = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = req.url ?? '/'
      const raw = Buffer.concat(chunks).toString('utf8')
      const clientId = header(req, 'client-id')
      const signatureHeader = header(req, 'signature')
      const signature = Buffer.from(decodeURIComponent(signatureHeader.slice(signatureHeader.indexOf('signature=') + 'signature='.length)), 'base64')
      const valid = createVerify('RSA-SHA256').update(signedContent(path, clientId, header(req, 'request-time'), raw)).verify(keys.merchantPublicKey, signature)
      const request = JSON.parse(raw) as { paymentRequestId?: string }
      const body = JSON.stringify({
        result: valid ? { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } : { resultCode: 'INVALID_SIGNATURE', resultStatus: 'F', resultMessage: 'invalid signature' },
        paymentRequestId: request.paymentRequestId,
        paymentId: `reference-${++answered}`,
      })
      const time = new Date().toISOString()
      const answer = createSign('RSA-SHA256').update(signedContent(path, clientId, time, body)).sign(keys.antomPrivateKey, 'base64')
      res.writeHead(200, {
        'content-type': 'application/json; charset=UTF-8',
        'content-length': String(Buffer.byteLength(body)),
        'client-id': clientId,
        'response-time': time,
        signature: `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(answer)}`,
      })
      res.end(body)
    })
  })
  return listen(server)
}
