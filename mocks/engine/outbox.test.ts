import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, test, vi } from 'vitest'
import type { RetrySchedule } from '../../contracts/core/types.ts'
import { createClock, type Clock } from './clock.ts'
import { HOLD_LIMIT_MS, Outbox, type NotificationSpec } from './outbox.ts'
import { Recorder } from './recorder.ts'

const START = Date.UTC(2026, 0, 15, 8, 0, 0)
const SCHEDULE: RetrySchedule = { delaysMs: [0, 1000, 5000, 60_000], attemptTimeoutMs: 2000, source: 'test' }
const ACK = 'ACK'

// ---------------------------------------------------------------------------------------------
// A real merchant endpoint on 127.0.0.1.

interface Received {
  readonly method: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
  /** The engine's time when the request reached the merchant. */
  readonly at: number
}
type Answer = { readonly status: number; readonly body: string; readonly delayMs?: number } | 'hang'

interface Merchant {
  readonly url: string
  readonly port: number
  readonly received: Received[]
  /** How the merchant answers its n-th request (1-based). */
  answer: (n: number) => Answer
}

const servers: Server[] = []
let clock: Clock

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return (server.address() as AddressInfo).port
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

async function startMerchant(port = 0): Promise<Merchant> {
  const received: Received[] = []
  const merchant: Merchant = { url: '', port: 0, received, answer: () => ({ status: 200, body: ACK }) }
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body, at: clock.now() })
      const answer = merchant.answer(received.length)
      if (answer === 'hang') return
      const send = (): void => {
        res.writeHead(answer.status, { 'content-type': 'text/plain' })
        res.end(answer.body)
      }
      if (answer.delayMs) setTimeout(send, answer.delayMs)
      else send()
    })
  })
  servers.push(server)
  const actual = await listen(server, port)
  return Object.assign(merchant, { port: actual, url: `http://127.0.0.1:${actual}/notify` })
}

/** A port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  const port = await listen(server, 0)
  await close(server)
  return port
}

afterEach(async () => {
  clock?.dispose()
  await Promise.all(servers.splice(0).map(close))
})

// ---------------------------------------------------------------------------------------------

function setup() {
  clock = createClock({ mode: 'manual', start: START })
  const recorder = new Recorder()
  const outbox = new Outbox(clock, recorder)
  return { clock, recorder, outbox }
}

let subjectCounter = 0
function spec(url: string | undefined, overrides: Partial<NotificationSpec> = {}): NotificationSpec {
  const subject = `pay_${++subjectCounter}`
  return {
    provider: 'fake',
    kind: 'notifyPayment',
    subject,
    url,
    body: JSON.stringify({ subject }),
    schedule: SCHEDULE,
    sign: ({ forged }) => ({ 'content-type': 'application/json', signature: forged ? 'forged' : 'genuine' }),
    isAcknowledged: (answer) => answer.status === 200 && answer.body === ACK,
    ...overrides,
  }
}

const subjectsOf = (merchant: Merchant): string[] => merchant.received.map((r) => (JSON.parse(r.body) as { subject: string }).subject)

test('the first attempt goes out at once, signed, and an acknowledged notification is delivered', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  const notification = spec(merchant.url)
  const record = outbox.enqueue(notification)
  expect(record).toMatchObject({ id: expect.stringMatching(/^ntf_\d+$/), provider: 'fake', kind: 'notifyPayment', subject: notification.subject, status: 'scheduled', createdAt: START })
  await outbox.idle()
  expect(merchant.received).toHaveLength(1)
  expect(merchant.received[0]).toMatchObject({ method: 'POST', body: notification.body, at: START })
  expect(merchant.received[0]?.headers['signature']).toBe('genuine')
  expect(record.status).toBe('delivered')
  expect(record.attempts).toEqual([
    { number: 1, at: START, durationMs: expect.any(Number), status: 200, error: undefined, acknowledged: true, forged: false, duplicate: false, manual: false },
  ])
})

test('unacknowledged attempts are retried exactly at the schedule delays, never before, and stop once acknowledged', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = (n) => (n < 4 ? { status: 500, body: 'down' } : { status: 200, body: ACK })
  const record = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(record.attempts).toHaveLength(1)
  expect(record).toMatchObject({ status: 'scheduled', nextAttemptAt: START + 1000 })

  for (const [delay, attemptsBefore] of [
    [1000, 1],
    [5000, 2],
    [60_000, 3],
  ] as const) {
    await clock.advance(delay - 1)
    await outbox.idle()
    expect(record.attempts).toHaveLength(attemptsBefore)
    await clock.advance(1)
    await outbox.idle()
    expect(record.attempts).toHaveLength(attemptsBefore + 1)
  }
  expect(record.attempts.map((a) => a.at - START)).toEqual([0, 1000, 6000, 66_000])
  expect(merchant.received.map((r) => r.at - START)).toEqual([0, 1000, 6000, 66_000])
  expect(record.attempts.map((a) => [a.status, a.acknowledged])).toEqual([
    [500, false],
    [500, false],
    [500, false],
    [200, true],
  ])
  expect(record).toMatchObject({ status: 'delivered', nextAttemptAt: undefined })

  await clock.advance(48 * 3600_000)
  await outbox.idle()
  expect(merchant.received).toHaveLength(4)
  expect(clock.pending()).toBe(0)
})

test('an answer that is not the acknowledgement the provider requires counts as none', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = () => ({ status: 200, body: 'OK' })
  const record = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(record.attempts[0]).toMatchObject({ status: 200, acknowledged: false })
  expect(record.status).toBe('scheduled')
})

test('once the schedule is exhausted the notification is failed, still listed, and redeliver sends it again', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = () => ({ status: 500, body: '' })
  const record = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  await clock.advance(3600_000)
  await outbox.idle()
  expect(record.attempts).toHaveLength(SCHEDULE.delaysMs.length)
  expect(record).toMatchObject({ status: 'failed', nextAttemptAt: undefined })
  expect(outbox.list()).toContain(record)
  expect(clock.pending()).toBe(0)

  merchant.answer = () => ({ status: 200, body: ACK })
  const again = await outbox.redeliver(record.id)
  expect(again).toBe(record)
  expect(record.status).toBe('delivered')
  expect(merchant.received).toHaveLength(5)
  expect(record.attempts.at(-1)).toMatchObject({ number: 5, acknowledged: true, manual: true })
})

test('a failed redelivery leaves a failed notification failed', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = () => ({ status: 500, body: '' })
  const record = outbox.enqueue(spec(merchant.url, { schedule: { ...SCHEDULE, delaysMs: [0] } }))
  await outbox.idle()
  expect(record.status).toBe('failed')
  await outbox.redeliver(record.id)
  expect(record.status).toBe('failed')
  expect(record.attempts).toHaveLength(2)
  expect(clock.pending()).toBe(0)
})

test('a resend by hand while retries are pending does not stop or shift the schedule', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = () => ({ status: 500, body: '' })
  const record = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  await outbox.redeliver(record.id)
  expect(record).toMatchObject({ status: 'scheduled', nextAttemptAt: START + 1000 })
  await clock.advance(1000)
  await outbox.idle()
  expect(record.attempts.map((a) => [a.at - START, a.manual])).toEqual([
    [0, false],
    [0, true],
    [1000, false],
  ])
  // The resend is not counted: the next delay is still the schedule's third.
  expect(record.nextAttemptAt).toBe(START + 1000 + 5000)
})

test('an acknowledged resend by hand ends the pending retries', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = (n) => (n === 1 ? { status: 500, body: '' } : { status: 200, body: ACK })
  const record = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(clock.pending()).toBe(1)
  await outbox.redeliver(record.id)
  expect(record.status).toBe('delivered')
  expect(clock.pending()).toBe(0)
  await clock.advance(3600_000)
  expect(merchant.received).toHaveLength(2)
})

test('merchant down: attempts record the connection error, and once it is up the notification is delivered; none lost', async () => {
  const { outbox, recorder } = setup()
  const port = await closedPort()
  const url = `http://127.0.0.1:${port}/notify`
  const first = outbox.enqueue(spec(url))
  const second = outbox.enqueue(spec(url))
  await outbox.idle()
  await clock.advance(1000)
  for (const record of [first, second]) {
    expect(record.attempts).toHaveLength(2)
    for (const attempt of record.attempts) expect(attempt).toMatchObject({ status: undefined, acknowledged: false, error: expect.stringMatching(/fetch failed|ECONNREFUSED/) })
    expect(record.status).toBe('scheduled')
  }
  expect(recorder.list({ direction: 'outbound' }).map((e) => e.response)).toEqual(Array(4).fill({ error: expect.any(String) }))

  const merchant = await startMerchant(port)
  await clock.advance(5000)
  await outbox.idle()
  expect(first.status).toBe('delivered')
  expect(second.status).toBe('delivered')
  expect(subjectsOf(merchant).sort()).toEqual([first.subject, second.subject].sort())
  expect(outbox.list()).toEqual([first, second])
})

test('an attempt the merchant never answers is abandoned at its deadline and retried the next delay after that deadline', async () => {
  const { outbox, recorder } = setup()
  const merchant = await startMerchant()
  merchant.answer = (n) => (n === 1 ? 'hang' : { status: 200, body: ACK })
  const record = outbox.enqueue(spec(merchant.url, { schedule: { ...SCHEDULE, attemptTimeoutMs: 200 } }))
  await outbox.idle()
  expect(merchant.received).toHaveLength(1)
  expect(record.attempts).toEqual([expect.objectContaining({ acknowledged: false, status: undefined, error: expect.stringMatching(/TimeoutError|abort/i) })])
  expect(record.attempts[0]!.durationMs).toBeGreaterThanOrEqual(150)
  expect(record.status).toBe('scheduled')
  expect(recorder.list({ direction: 'outbound' })[0]?.response).toEqual({ error: expect.stringMatching(/TimeoutError|abort/i) })
  // On the engine clock the attempt lasted the provider's whole timeout: the 1 s delay counts from there.
  expect(record.nextAttemptAt).toBe(START + 200 + 1000)
  await clock.advance(1000)
  expect(record.status).toBe('scheduled')
  await clock.advance(200)
  expect(record.status).toBe('delivered')
  expect(record.attempts.map((a) => a.at)).toEqual([START, START + 1200])
})

test('idle waits for deliveries in flight', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = () => ({ status: 200, body: ACK, delayMs: 50 })
  const record = outbox.enqueue(spec(merchant.url))
  expect(record.attempts).toHaveLength(0)
  await outbox.idle()
  expect(record.attempts).toHaveLength(1)
  expect(record.status).toBe('delivered')
})

test('the recorder holds one outbound exchange per attempt, tagged with the notification and attempt', async () => {
  const { outbox, recorder } = setup()
  const merchant = await startMerchant()
  merchant.answer = (n) => (n === 1 ? { status: 503, body: 'busy' } : { status: 200, body: ACK })
  const record = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  await clock.advance(1000)
  const exchanges = recorder.list({ direction: 'outbound' })
  expect(exchanges).toHaveLength(2)
  expect(exchanges.map((e) => [e.provider, e.operation, e.startedAt - START, e.tags['notification'], e.tags['attempt']])).toEqual([
    ['fake', 'notifyPayment', 0, record.id, 1],
    ['fake', 'notifyPayment', 1000, record.id, 2],
  ])
  expect(exchanges.map((e) => ('status' in e.response ? e.response.status : e.response.error))).toEqual([503, 200])
  expect(exchanges[0]?.request).toMatchObject({ method: 'POST', url: merchant.url, body: JSON.parse(record.body) as unknown })
  expect(exchanges[0]?.request.headers['signature']).toBe('genuine')
})

test('a notification without a URL is kept as no_url and never sent', async () => {
  const { outbox, recorder } = setup()
  const record = outbox.enqueue(spec(undefined))
  await outbox.idle()
  expect(record.status).toBe('no_url')
  expect(await outbox.redeliver(record.id)).toBe(record)
  expect(record.attempts).toEqual([])
  expect(recorder.list()).toEqual([])
  expect(outbox.list()).toEqual([record])
  expect(await outbox.redeliver('ntf_unknown')).toBeUndefined()
})

test('list filters by provider and subject; get finds by id', () => {
  const { outbox } = setup()
  const a = outbox.enqueue(spec(undefined, { provider: 'p1', subject: 's1' }))
  const b = outbox.enqueue(spec(undefined, { provider: 'p2', subject: 's1' }))
  const c = outbox.enqueue(spec(undefined, { provider: 'p1', subject: 's2' }))
  expect(outbox.list({ provider: 'p1' })).toEqual([a, c])
  expect(outbox.list({ subject: 's1' })).toEqual([a, b])
  expect(outbox.list({ provider: 'p1', subject: 's1' })).toEqual([a])
  expect(outbox.get(b.id)).toBe(b)
  expect(outbox.get('nope')).toBeUndefined()
})

test('a schedule whose first delay is not 0 sends the first attempt after it', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  const record = outbox.enqueue(spec(merchant.url, { schedule: { ...SCHEDULE, delaysMs: [3000, 1000] } }))
  await outbox.idle()
  expect(record).toMatchObject({ status: 'scheduled', nextAttemptAt: START + 3000 })
  await clock.advance(2999)
  expect(merchant.received).toHaveLength(0)
  await clock.advance(1)
  expect(merchant.received.map((r) => r.at)).toEqual([START + 3000])
})

test('a sign() that throws is recorded as a failed attempt and retried, not a crash', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  let calls = 0
  const record = outbox.enqueue(
    spec(merchant.url, {
      sign: () => {
        if (++calls === 1) throw new Error('no key')
        return {}
      },
    }),
  )
  await outbox.idle()
  expect(record.attempts[0]).toMatchObject({ acknowledged: false, error: 'Error: no key' })
  expect(merchant.received).toHaveLength(0)
  await clock.advance(1000)
  expect(record.status).toBe('delivered')
})

test('clear while an attempt is on the wire: the leftover is neither recorded nor retried', async () => {
  const { outbox, recorder } = setup()
  const merchant = await startMerchant()
  merchant.answer = () => ({ status: 500, body: '', delayMs: 30 })
  const record = outbox.enqueue(spec(merchant.url))
  outbox.clear()
  await outbox.idle()
  expect(record.attempts).toHaveLength(1)
  expect(recorder.list()).toEqual([])
  expect(clock.pending()).toBe(0)
  expect(outbox.list()).toEqual([])
})

// ---------------------------------------------------------------------------------------------
// Chaos.

test('chaos duplicate: delivered, then sent again; the second is flagged duplicate and the rule is used up', async () => {
  const { outbox, recorder } = setup()
  const merchant = await startMerchant()
  const rule = outbox.addChaos({ chaos: { mode: 'duplicate' } })
  const record = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(merchant.received).toHaveLength(2)
  expect(merchant.received[0]?.body).toBe(merchant.received[1]?.body)
  expect(record.attempts.map((a) => [a.acknowledged, a.duplicate])).toEqual([
    [true, false],
    [true, true],
  ])
  expect(record.status).toBe('delivered')
  expect(recorder.list({ direction: 'outbound' }).map((e) => e.tags['duplicate'])).toEqual([false, true])
  expect(rule.used).toBe(1)

  outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(merchant.received).toHaveLength(3)
})

test('chaos late: nothing is sent until the clock passes the delay', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  outbox.addChaos({ chaos: { mode: 'late', delayMs: 30_000 } })
  const record = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(merchant.received).toHaveLength(0)
  expect(record).toMatchObject({ status: 'scheduled', nextAttemptAt: START + 30_000 })
  await clock.advance(29_999)
  expect(merchant.received).toHaveLength(0)
  await clock.advance(1)
  expect(merchant.received.map((r) => r.at)).toEqual([START + 30_000])
  expect(record.status).toBe('delivered')
})

test('chaos outOfOrder: held until the next notification to the same URL is delivered, then sent', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  const other = await startMerchant()
  outbox.addChaos({ chaos: { mode: 'outOfOrder' } })
  const first = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(first.status).toBe('held')
  expect(merchant.received).toHaveLength(0)

  // A notification to another merchant does not overtake it.
  outbox.enqueue(spec(other.url))
  await outbox.idle()
  expect(first.status).toBe('held')

  const second = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(subjectsOf(merchant)).toEqual([second.subject, first.subject])
  expect(first.status).toBe('delivered')
  expect(second.status).toBe('delivered')
  expect(clock.pending()).toBe(0)
})

test('chaos outOfOrder: released after the hold limit if nothing overtakes it', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  outbox.addChaos({ chaos: { mode: 'outOfOrder' } })
  const record = outbox.enqueue(spec(merchant.url))
  await clock.advance(HOLD_LIMIT_MS - 1)
  expect(merchant.received).toHaveLength(0)
  await clock.advance(1)
  expect(merchant.received.map((r) => r.at)).toEqual([START + HOLD_LIMIT_MS])
  expect(record.status).toBe('delivered')
})

test('chaos outOfOrder: a retry of a notification queued earlier does not release it', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = (n) => (n === 1 ? { status: 500, body: '' } : { status: 200, body: ACK })
  const earlier = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  outbox.addChaos({ chaos: { mode: 'outOfOrder' } })
  const held = outbox.enqueue(spec(merchant.url))
  await clock.advance(1000)
  expect(earlier.status).toBe('delivered')
  expect(held.status).toBe('held')
  const later = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  expect(subjectsOf(merchant)).toEqual([earlier.subject, earlier.subject, later.subject, held.subject])
})

test('redeliver of a held notification sends it now and takes it out of the hold: it is not sent twice later', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  outbox.addChaos({ chaos: { mode: 'outOfOrder' } })
  const held = outbox.enqueue(spec(merchant.url))
  await outbox.redeliver(held.id)
  expect(held.status).toBe('delivered')
  const next = outbox.enqueue(spec(merchant.url))
  await outbox.idle()
  await clock.advance(HOLD_LIMIT_MS * 2)
  expect(subjectsOf(merchant)).toEqual([held.subject, next.subject])
  expect(held.attempts).toHaveLength(1)
})

test('chaos forgedSignature: sign() is asked for a forged signature, on this notification only', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  const sign = vi.fn(({ forged }: { forged: boolean }) => ({ signature: forged ? 'forged' : 'genuine' }))
  outbox.addChaos({ chaos: { mode: 'forgedSignature' } })
  const forged = outbox.enqueue(spec(merchant.url, { sign }))
  const genuine = outbox.enqueue(spec(merchant.url, { sign }))
  await outbox.idle()
  expect(sign.mock.calls.map(([input]) => input.forged)).toEqual([true, false])
  expect(sign).toHaveBeenCalledWith({ url: merchant.url, body: forged.body, forged: true, unsigned: false })
  expect(forged.attempts[0]?.forged).toBe(true)
  expect(genuine.attempts[0]?.forged).toBe(false)
  expect(merchant.received.map((r) => r.headers['signature'])).toEqual(['forged', 'genuine'])
})

test('chaos unsigned: sign() is asked to leave the signature out, the unsigned body is sent, and the attempt is marked', async () => {
  const { outbox, recorder } = setup()
  const merchant = await startMerchant()
  const sign = vi.fn(({ unsigned }: { unsigned?: boolean }): Record<string, string> => (unsigned === true ? {} : { signature: "genuine" }))
  outbox.addChaos({ chaos: { mode: 'unsigned' } })
  const unsigned = outbox.enqueue(spec(merchant.url, { sign, body: '{"mac":"genuine"}', unsignedBody: '{}' }))
  const genuine = outbox.enqueue(spec(merchant.url, { sign, body: '{"mac":"genuine"}', unsignedBody: '{}' }))
  await outbox.idle()
  expect(merchant.received.map((r) => [r.body, r.headers['signature']])).toEqual([
    ['{}', undefined],
    ['{"mac":"genuine"}', 'genuine'],
  ])
  expect(unsigned.attempts[0]?.unsigned).toBe(true)
  expect(genuine.attempts[0]?.unsigned).toBeUndefined()
  expect(recorder.list({ direction: 'outbound' }).map((e) => e.tags.unsigned)).toEqual([true, undefined])
})

test('chaos impostor: the variant the provider offers is sent, signed its own way, and the attempt is marked; a notification without one leaves the rule for the next', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  const sign = vi.fn(() => ({ 'client-id': 'mine' }))
  const otherSign = vi.fn(() => ({ 'client-id': 'theirs' }))
  outbox.addChaos({ times: 1, chaos: { mode: 'impostor', as: 'otherMerchant' } })
  const plain = outbox.enqueue(spec(merchant.url, { sign, body: '{"n":1}' }))
  const varied = outbox.enqueue(spec(merchant.url, { sign, body: '{"n":2}', impostors: { otherMerchant: { body: '{"n":2,"for":"them"}', sign: otherSign } } }))
  await outbox.idle()
  expect(plain.chaos).toEqual([])
  expect(varied.attempts[0]?.impostor).toBe('otherMerchant')
  expect(merchant.received.map((r) => [r.body, r.headers['client-id']])).toEqual([
    ['{"n":1}', 'mine'],
    ['{"n":2,"for":"them"}', 'theirs'],
  ])
})

test('a notification without a URL does not use up a chaos rule meant for one that goes out', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  const sign = vi.fn(({ forged }: { forged: boolean }) => ({ signature: forged ? 'forged' : 'genuine' }))
  outbox.addChaos({ times: 1, chaos: { mode: 'forgedSignature' } })
  const nowhere = outbox.enqueue(spec(undefined, { sign }))
  const sent = outbox.enqueue(spec(merchant.url, { sign }))
  await outbox.idle()
  expect(nowhere.chaos).toEqual([])
  expect(sent.attempts[0]?.forged).toBe(true)
  expect(merchant.received.map((r) => r.headers['signature'])).toEqual(['forged'])
})

test('chaos forgedSignature with a forgedBody: the forged body is sent and recorded instead, on that notification only', async () => {
  const { outbox, recorder } = setup()
  const merchant = await startMerchant()
  outbox.addChaos({ chaos: { mode: 'forgedSignature' } })
  const sign = vi.fn(({ forged }: { forged: boolean }) => ({ signature: forged ? 'forged' : 'genuine' }))
  const forged = outbox.enqueue(spec(merchant.url, { sign, body: '{"subject":"a","mac":"genuine"}', forgedBody: '{"subject":"a","mac":"forged"}' }))
  outbox.enqueue(spec(merchant.url, { sign, body: '{"subject":"b","mac":"genuine"}', forgedBody: '{"subject":"b","mac":"forged"}' }))
  await outbox.idle()
  expect(sign).toHaveBeenCalledWith({ url: merchant.url, body: '{"subject":"a","mac":"forged"}', forged: true, unsigned: false })
  expect(merchant.received.map((r) => r.body)).toEqual(['{"subject":"a","mac":"forged"}', '{"subject":"b","mac":"genuine"}'])
  expect(forged.attempts[0]?.forged).toBe(true)
  expect(recorder.list({ direction: 'outbound' }).map((e) => e.request.body)).toEqual([{ subject: 'a', mac: 'forged' }, { subject: 'b', mac: 'genuine' }])
})

test('chaos rules apply to as many notifications as `times`, and only to their provider and kind', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  const vaulting = outbox.addChaos({ kind: 'notifyVaulting', chaos: { mode: 'forgedSignature' } })
  const otherProvider = outbox.addChaos({ provider: 'other', chaos: { mode: 'forgedSignature' } })
  const twice = outbox.addChaos({ provider: 'fake', kind: 'notifyPayment', times: 2, chaos: { mode: 'duplicate' } })
  const records = [outbox.enqueue(spec(merchant.url)), outbox.enqueue(spec(merchant.url)), outbox.enqueue(spec(merchant.url))]
  await outbox.idle()
  expect(records.map((r) => r.chaos)).toEqual([[{ mode: 'duplicate' }], [{ mode: 'duplicate' }], []])
  expect(records.map((r) => r.attempts.length)).toEqual([2, 2, 1])
  expect([vaulting.used, otherProvider.used, twice.used]).toEqual([0, 0, 2])
  expect(outbox.chaosRules()).toHaveLength(3)
})

test('two rules of the same mode are not both spent on one notification', () => {
  const { outbox } = setup()
  const a = outbox.addChaos({ chaos: { mode: 'late', delayMs: 1000 } })
  const b = outbox.addChaos({ chaos: { mode: 'late', delayMs: 5000 } })
  const first = outbox.enqueue(spec('http://127.0.0.1:9/notify'))
  const second = outbox.enqueue(spec('http://127.0.0.1:9/notify'))
  expect([first.nextAttemptAt, second.nextAttemptAt]).toEqual([START + 1000, START + 5000])
  expect([a.used, b.used]).toEqual([1, 1])
})

test.each<[string, unknown]>([
  ['an unknown mode', { chaos: { mode: 'explode' } }],
  ['a negative late delay', { chaos: { mode: 'late', delayMs: -1 } }],
  ['times of 0', { times: 0, chaos: { mode: 'duplicate' } }],
])('addChaos rejects %s', (_name, input) => {
  const { outbox } = setup()
  expect(() => outbox.addChaos(input as never)).toThrow()
  expect(outbox.chaosRules()).toEqual([])
})

test('shouldRetry: an answer the provider does not retry fails the notification at once; a transient one is retried', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  const transient = (answer: { status: number } | undefined): boolean => answer === undefined || answer.status >= 500 || answer.status === 408 || answer.status === 429
  merchant.answer = (n) => (n === 1 ? { status: 503, body: '' } : { status: 400, body: 'bad' })
  const record = outbox.enqueue(spec(merchant.url, { shouldRetry: transient }))
  await outbox.idle()
  expect(record).toMatchObject({ status: 'scheduled', nextAttemptAt: START + SCHEDULE.delaysMs[1]! })
  await clock.advance(3600_000)
  await outbox.idle()
  expect(record.attempts.map((a) => a.status)).toEqual([503, 400])
  expect(record).toMatchObject({ status: 'failed', nextAttemptAt: undefined })
  expect(clock.pending()).toBe(0)

  merchant.answer = () => ({ status: 200, body: ACK })
  await outbox.redeliver(record.id)
  expect(record.status).toBe('delivered')
})

test('shouldRetry that throws keeps retrying and records why', async () => {
  const { outbox } = setup()
  const merchant = await startMerchant()
  merchant.answer = () => ({ status: 400, body: '' })
  const record = outbox.enqueue(
    spec(merchant.url, {
      shouldRetry: () => {
        throw new Error('boom')
      },
    }),
  )
  await outbox.idle()
  expect(record.status).toBe('scheduled')
  expect(record.attempts[0]?.error).toBe('shouldRetry failed: Error: boom')
})
