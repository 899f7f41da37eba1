import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A tiny merchant notification endpoint on 127.0.0.1 that records every request and answers with
 * the provider's acknowledgement, or refuses the next `drop` ones with a 500 (a merchant that is
 * down: the provider must retry). Signatures are not checked here: the contract tests do that.
 */
export interface RecordingEndpoint {
  readonly url: string
  /** Bodies received, in order. */
  readonly received: string[]
  /** How many of the next requests to refuse. */
  drop: number
  acknowledgement: () => { readonly status: number; readonly body: string; readonly contentType: string }
  clear(): void
  close(): Promise<void>
}

export async function startRecordingEndpoint(path = '/merchant/notifications'): Promise<RecordingEndpoint> {
  const state = {
    received: [] as string[],
    drop: 0,
    acknowledgement: () => ({ status: 200, body: '{}', contentType: 'application/json' }),
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      state.received.push(Buffer.concat(chunks).toString('utf8'))
      if (state.drop > 0) {
        state.drop--
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end('merchant down')
        return
      }
      const ack = state.acknowledgement()
      res.writeHead(ack.status, { 'content-type': ack.contentType })
      res.end(ack.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}${path}`,
    clear() {
      state.received.length = 0
      state.drop = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}
