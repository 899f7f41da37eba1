import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { DriverProtocolError } from './driver.ts'
import { createHttpDriver } from './http-driver.ts'

type Answer = { status: number; body: string } | 'hang'
let server: Server | undefined
const received: Array<{ path: string; body: unknown; protocol: string | undefined }> = []

/** A tiny integration speaking the protocol, whose answers each test chooses. */
async function integration(answer: (operation: string, body: unknown) => Answer): Promise<string> {
  received.length = 0
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
      received.push({ path: req.url ?? '', body, protocol: req.headers['tokenproof-driver-protocol'] as string | undefined })
      const chosen = answer((req.url ?? '').split('/').pop() ?? '', body)
      if (chosen === 'hang') return
      res.writeHead(chosen.status, { 'content-type': 'application/json' })
      res.end(chosen.body)
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/tokenproof`
}

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
})

const ok = (value: unknown): Answer => ({ status: 200, body: JSON.stringify({ ok: true, value }) })
const checkout = {
  provider: 'acme',
  flow: 'server_to_server_enabled' as const,
  orderId: 'order-1',
  buyerRef: 'buyer-001',
  amount: { currency: 'HKD', value: '1000' },
  card: { kind: 'new' as const, card: { number: '4111111111111111', expiryMonth: '12', expiryYear: '30', cvv: '123' }, save: true },
}

test('operations are POSTed to <url>/v1/<operation> with the protocol version, and values come back parsed', async () => {
  const url = await integration((operation) =>
    operation === 'capabilities'
      ? ok({ name: 'shop', protocolVersion: 1, providers: [{ provider: 'acme', flows: ['server_to_server_enabled'] }] })
      : ok({ orderId: 'order-1', status: 'pending', providerReference: 'p-1' }),
  )
  const driver = createHttpDriver({ url })
  expect((await driver.capabilities()).providers[0]?.flows).toEqual(['server_to_server_enabled'])
  expect(await driver.checkout(checkout)).toEqual({ ok: true, value: { orderId: 'order-1', status: 'pending', providerReference: 'p-1' } })
  expect(received.map((r) => [r.path, r.protocol])).toEqual([
    ['/tokenproof/v1/capabilities', '1'],
    ['/tokenproof/v1/checkout', '1'],
  ])
  expect(received[1]?.body).toEqual(checkout)
})

test('a business failure is a value, not an exception', async () => {
  const url = await integration(() => ({ status: 200, body: JSON.stringify({ ok: false, issue: { code: 'card_declined', message: 'DO_NOT_HONOR' } }) }))
  expect(await createHttpDriver({ url }).checkout(checkout)).toEqual({ ok: false, issue: { code: 'card_declined', message: 'DO_NOT_HONOR' } })
})

test.each<[string, Answer, RegExp]>([
  ['a non-200 status', { status: 500, body: 'boom' }, /HTTP 500/],
  ['a body that is not JSON', { status: 200, body: '<html>' }, /not JSON/],
  ['an answer outside the envelope', { status: 200, body: JSON.stringify({ status: 'paid' }) }, /neither/],
  ['a value outside the protocol', { status: 200, body: JSON.stringify({ ok: true, value: { orderId: 'o', status: 'maybe' } }) }, /does not fit/],
])('%s is a protocol error that names the operation', async (_label, answer, message) => {
  const url = await integration(() => answer)
  const error = await createHttpDriver({ url })
    .checkout(checkout)
    .catch((e: unknown) => e)
  expect(error).toBeInstanceOf(DriverProtocolError)
  expect(String(error)).toMatch(/driver checkout/)
  expect(String(error)).toMatch(message)
})

test('an integration that does not answer in time is a protocol error, not a hang', async () => {
  const url = await integration(() => 'hang')
  await expect(createHttpDriver({ url, timeoutMs: 200 }).order({ provider: 'acme', orderId: 'o' })).rejects.toThrow(/driver order: no answer/)
})

test('input outside the protocol is refused before anything is sent', async () => {
  const url = await integration(() => ok({}))
  await expect(createHttpDriver({ url }).checkout({ ...checkout, buyerRef: 'x' })).rejects.toThrow()
  expect(received).toHaveLength(0)
})

test('capabilities and reset may not answer an issue', async () => {
  const url = await integration(() => ({ status: 200, body: JSON.stringify({ ok: false, issue: { code: 'nope', message: 'no' } }) }))
  await expect(createHttpDriver({ url }).reset()).rejects.toThrow(/driver reset: answered an issue/)
})

test('protocol 1.1: the capabilities name the minor version and the optional operations, and logs come back as lines', async () => {
  const url = await integration((operation) =>
    operation === 'capabilities'
      ? ok({ name: 'shop', protocolVersion: 1, minor: 1, operations: ['logs'], providers: [] })
      : ok({ lines: ['configured acme', 'checkout order-1'] }),
  )
  const driver = createHttpDriver({ url })
  expect(await driver.capabilities()).toMatchObject({ minor: 1, operations: ['logs'] })
  expect(await driver.logs?.()).toEqual({ ok: true, value: { lines: ['configured acme', 'checkout order-1'] } })
  expect(received.map((r) => r.path)).toEqual(['/tokenproof/v1/capabilities', '/tokenproof/v1/logs'])
})

test('logs that are not a list of lines break the protocol', async () => {
  const url = await integration(() => ok({ lines: 'one long string' }))
  await expect(createHttpDriver({ url }).logs?.()).rejects.toThrow(DriverProtocolError)
})
