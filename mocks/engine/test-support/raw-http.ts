import { connect } from 'node:net'

export interface RawAnswer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

/**
 * Sends one request byte for byte over a socket: fetch cannot send a foreign or malformed `Host`
 * (it writes its own), and these tests are about exactly that header.
 */
export function rawRequest(port: number, input: { method?: string; path: string; host?: string | null; headers?: Record<string, string>; body?: string }): Promise<RawAnswer> {
  const body = input.body ?? ''
  const lines = [`${input.method ?? 'GET'} ${input.path} HTTP/1.1`]
  if (input.host !== null) lines.push(`Host: ${input.host ?? `127.0.0.1:${port}`}`)
  for (const [name, value] of Object.entries(input.headers ?? {})) lines.push(`${name}: ${value}`)
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body)
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const split = text.indexOf('\r\n\r\n')
      const head = text.slice(0, split).split('\r\n')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0)
      const headers: Record<string, string> = {}
      for (const line of head.slice(1)) {
        const at = line.indexOf(':')
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim()
      }
      resolve({ status, headers, body: split < 0 ? '' : text.slice(split + 4) })
    })
    socket.end(lines.join('\r\n'))
  })
}
