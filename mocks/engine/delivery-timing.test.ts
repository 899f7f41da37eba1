import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { adyenRetrySchedule } from '../../contracts/adyen/retry-schedule.ts'
import { antomRetrySchedule } from '../../contracts/antom/retry-schedule.ts'
import type { RetrySchedule } from '../../contracts/core/types.ts'
import { createClock, type Clock } from './clock.ts'
import { MANUAL_ANSWER_TIMEOUT_MS, Outbox, type NotificationSpec, type OutboxOptions } from './outbox.ts'
import { Recorder } from './recorder.ts'

/**
 * When delivery attempts happen on the engine clock, however the clock is moved (#19 item 5, #13
 * item 3): every attempt at its own due time in one large advance, on both clock modes; deliveries
 * to different merchants concurrent; no answer ends an attempt at its deadline.
 */

const START = Date.UTC(2026, 0, 15, 8, 0, 0)
const HOUR = 3_600_000
const DAY = 24 * HOUR
const servers: Server[] = []
const clocks: Clock[] = []

afterEach(async () => {
  for (const clock of clocks.splice(0)) clock.dispose()
  await Promise.all(
    servers.splice(0).map(async (server) => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }),
  )
})

interface Merchant {
  readonly url: string
  /** Real time (performance.now) each request arrived. */
  readonly arrivals: number[]
}

/** A merchant on 127.0.0.1 that answers every notification with `status`, or never answers. */
async function merchant(answer: number | 'hang'): Promise<Merchant> {
  const arrivals: number[] = []
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      arrivals.push(performance.now())
      if (answer === 'hang') return
      res.writeHead(answer, { 'content-type': 'text/plain' })
      res.end(answer === 200 ? 'ACK' : 'down')
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`, arrivals }
}

function outboxOn(mode: 'manual' | 'system', options: OutboxOptions = {}): { clock: Clock; outbox: Outbox } {
  const clock = createClock({ mode, start: START })
  clocks.push(clock)
  return { clock, outbox: new Outbox(clock, new Recorder(), undefined, options) }
}

function spec(url: string, schedule: RetrySchedule): NotificationSpec {
  return {
    provider: 'fake',
    kind: 'notifyPayment',
    subject: 'pay_1',
    url,
    body: '{}',
    schedule,
    sign: () => ({ 'content-type': 'application/json' }),
    isAcknowledged: (answer) => answer.status === 200 && answer.body === 'ACK',
  }
}

/** When each attempt should start, counted from the first, for a merchant that always answers at once. */
const documentedOffsets = (schedule: RetrySchedule): number[] => {
  let at = 0
  return schedule.delaysMs.map((delay, i) => (i === 0 ? 0 : (at += delay)))
}

for (const mode of ['manual', 'system'] as const) {
  // The system clock keeps moving with real time while the advance runs: a few ms per attempt at most.
  const tolerance = mode === 'manual' ? 0 : 500

  test.each([
    ['an Antom', '25-hour', antomRetrySchedule, 25 * HOUR],
    ['an Adyen', '31-day', adyenRetrySchedule, 31 * DAY],
  ] as const)(`${mode} clock: one %s notification gets its whole documented schedule in one %s advance`, async (_, __, schedule, advance) => {
    const { clock, outbox } = outboxOn(mode)
    const failing = await merchant(500)
    const record = outbox.enqueue(spec(failing.url, schedule))
    await clock.advance(advance)
    await outbox.idle()
    const offsets = record.attempts.map((a) => a.at - record.attempts[0]!.at)
    expect(offsets).toHaveLength(schedule.delaysMs.length)
    documentedOffsets(schedule).forEach((expected, i) => expect(Math.abs(offsets[i]! - expected)).toBeLessThanOrEqual(tolerance))
    expect(failing.arrivals).toHaveLength(schedule.delaysMs.length)
    expect(record.status).toBe('failed')
  })
}

test('deliveries to different merchants go out concurrently: one hanging merchant delays no other', async () => {
  const answerTimeoutMs = 600
  const { clock, outbox } = outboxOn('manual', { answerTimeoutMs })
  const schedule: RetrySchedule = { delaysMs: [1000, 60_000], attemptTimeoutMs: 10_000, source: 'test' }
  const hanging = [await merchant('hang'), await merchant('hang')]
  const healthy = await merchant(200)
  const records = [...hanging, healthy].map((m) => outbox.enqueue(spec(m.url, schedule)))
  const began = performance.now()
  await clock.advance(2000)
  const elapsed = performance.now() - began
  // One after another, the two hanging merchants alone would take 2 × 600 ms, and the healthy one would wait behind them.
  expect(healthy.arrivals[0]! - began).toBeLessThan(answerTimeoutMs / 2)
  expect(elapsed).toBeLessThan(2 * answerTimeoutMs - 100)
  expect(records.map((r) => r.status)).toEqual(['scheduled', 'scheduled', 'delivered'])
  // No answer: the attempt ends at the provider's deadline on the engine clock, and the retry counts from there.
  for (const record of records.slice(0, 2)) {
    expect(record.attempts).toEqual([expect.objectContaining({ at: START + 1000, acknowledged: false, error: expect.stringMatching(/TimeoutError|abort/i) })])
    expect(record.nextAttemptAt).toBe(START + 1000 + 10_000 + 60_000)
  }
})

test('on a manual clock an unanswered attempt costs at most MANUAL_ANSWER_TIMEOUT_MS of real time, not the provider timeout', async () => {
  const { clock, outbox } = outboxOn('manual')
  const hanging = await merchant('hang')
  const record = outbox.enqueue(spec(hanging.url, antomRetrySchedule))
  await clock.advance(0)
  await outbox.idle()
  const [attempt] = record.attempts
  expect(attempt?.acknowledged).toBe(false)
  expect(attempt!.durationMs).toBeGreaterThanOrEqual(MANUAL_ANSWER_TIMEOUT_MS - 100)
  expect(attempt!.durationMs).toBeLessThan(antomRetrySchedule.attemptTimeoutMs / 2)
  expect(record.nextAttemptAt).toBe(START + antomRetrySchedule.attemptTimeoutMs + antomRetrySchedule.delaysMs[1]!)
})

test('attempts to one merchant go out one after another, in the order they fell due', async () => {
  const { clock, outbox } = outboxOn('manual')
  const received: string[] = []
  let open = 0
  let overlapped = false
  const server = createServer((req, res) => {
    let body = ''
    open++
    if (open > 1) overlapped = true
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      received.push(body)
      setTimeout(() => {
        open--
        res.end('ACK')
      }, 30)
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`
  const schedule: RetrySchedule = { delaysMs: [1000], attemptTimeoutMs: 10_000, source: 'test' }
  for (const n of [1, 2, 3]) outbox.enqueue({ ...spec(url, schedule), body: `{"n":${n}}` })
  await clock.advance(1000)
  expect(received).toEqual(['{"n":1}', '{"n":2}', '{"n":3}'])
  expect(overlapped).toBe(false)
})
