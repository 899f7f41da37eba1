import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { deliverOnce } from './deliver.ts'

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
})

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler)
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/notify?x=1`
}

test('each delivery is a POST on a connection of its own, closed after the answer', async () => {
  const seen: Array<{ port: number | undefined; connection: string | undefined; body: string; url: string | undefined; type: string | undefined }> = []
  const url = await listen((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      seen.push({ port: req.socket.remotePort, connection: req.headers.connection, body, url: req.url, type: req.headers['content-type'] })
      res.writeHead(202, { 'x-merchant': 'yes' })
      res.end('[accepted]')
    })
  })
  const answers = []
  for (let i = 0; i < 3; i++) answers.push(await deliverOnce(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"n":${i}}` }))
  expect(answers.map((a) => a.status)).toEqual([202, 202, 202])
  expect(await answers[0]?.text()).toBe('[accepted]')
  expect(answers[0]?.headers.get('x-merchant')).toBe('yes')
  expect(seen.map((s) => [s.connection, s.body, s.url, s.type])).toEqual([0, 1, 2].map((n) => ['close', `{"n":${n}}`, '/notify?x=1', 'application/json']))
  expect(new Set(seen.map((s) => s.port)).size).toBe(3)
})

test('no answer within the signal rejects; a closed port rejects', async () => {
  const url = await listen(() => undefined)
  await expect(deliverOnce(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(100) })).rejects.toThrow()
  await expect(deliverOnce('http://127.0.0.1:9/notify', { method: 'POST', body: '{}' })).rejects.toThrow()
})

test('a 204 answer has no body', async () => {
  const url = await listen((_req, res) => {
    res.writeHead(204)
    res.end()
  })
  const answer = await deliverOnce(url, { method: 'POST', body: '{}' })
  expect(answer.status).toBe(204)
  expect(await answer.text()).toBe('')
})
