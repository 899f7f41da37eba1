import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

/**
 * POSTs a notification on a connection of its own, closed after the answer, as providers' webhook
 * senders do. A pooled keep-alive connection can be closed by the merchant's server just as it is
 * reused, and that race would show up as a spurious failed attempt.
 */
export function deliverOnce(url: string, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const headers = Object.fromEntries(new Headers(init.headers).entries())
    const body = typeof init.body === 'string' ? init.body : ''
    const req = send(
      target,
      { method: init.method ?? 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' }, agent: false, signal: init.signal ?? undefined },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const answerHeaders = new Headers()
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) answerHeaders.append(name, v)
            else if (value !== undefined) answerHeaders.set(name, value)
          }
          const status = res.statusCode ?? 502
          // A Response cannot carry a body with these statuses.
          const noBody = status === 204 || status === 205 || status === 304
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: answerHeaders }))
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
