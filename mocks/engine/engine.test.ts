import { expect, test } from 'vitest'
import { createClock } from './clock.ts'
import { createEngine } from './engine.ts'

const START = Date.UTC(2026, 0, 15, 8, 0, 0)

test('nextId is unique within an engine and carries the prefix', () => {
  const engine = createEngine()
  const ids = Array.from({ length: 100 }, (_, i) => engine.nextId(i % 2 ? 'pay_' : 'tok_'))
  expect(new Set(ids).size).toBe(100)
  expect(ids[0]).toMatch(/^tok_\d{8}$/)
  expect(ids[1]).toMatch(/^pay_\d{8}$/)
  engine.close()
})

test('the engine clock is manual by default and takes its options', async () => {
  const engine = createEngine({ clockOptions: { mode: 'manual', start: START } })
  expect(engine.clock.now()).toBe(START)
  await engine.clock.advance(10)
  expect(engine.clock.now()).toBe(START + 10)
  engine.close()
})

test('maxBodyBytes defaults to 1 MiB and can be set', () => {
  expect(createEngine().maxBodyBytes).toBe(1024 * 1024)
  expect(createEngine({ maxBodyBytes: 10 }).maxBodyBytes).toBe(10)
})

test('reset forgets the tasks scheduled on its clock: a settlement due later never runs on the new state', async () => {
  const engine = createEngine({ clockOptions: { mode: 'manual', start: START } })
  const ran: string[] = []
  engine.clock.schedule(START + 1000, () => void ran.push('stale settlement'))
  engine.reset()
  engine.clock.schedule(START + 2000, () => void ran.push('fresh'))
  await engine.clock.advance(5000)
  expect(ran).toEqual(['fresh'])
  expect(engine.clock.now()).toBe(START + 5000)
  engine.close()
})

test('reset runs every registered forgetter and clears the parts', async () => {
  const engine = createEngine()
  const forgotten: string[] = []
  engine.onReset(() => forgotten.push('a'))
  engine.onReset(() => forgotten.push('b'))
  engine.scenarios.add({ effect: { type: 'noAnswer' } })
  engine.recorder.record({ direction: 'inbound', provider: 'p', startedAt: 0, durationMs: 0, request: { method: 'GET', url: 'http://x/', headers: {}, body: '' }, response: { error: 'x' } })
  await engine.idempotency.run('s', 'k', 'fp', async () => ({ value: 1, keep: true }))
  engine.store.buyer('p', 'm', 'ref', 0)
  engine.reset()
  expect(forgotten).toEqual(['a', 'b'])
  expect(engine.scenarios.list()).toEqual([])
  expect(engine.recorder.list()).toEqual([])
  expect(engine.idempotency.has('s', 'k')).toBe(false)
  expect(engine.store.buyers.size).toBe(0)
  engine.close()
})

test('a task that cancels itself through the engine clock leaves nothing behind for reset', async () => {
  const engine = createEngine({ clockOptions: { mode: 'manual', start: START } })
  const timer = engine.clock.schedule(START + 10, () => undefined)
  engine.clock.cancel(timer)
  expect(engine.clock.pending()).toBe(0)
  engine.close()
})

test('close aborts the closed signal', () => {
  const engine = createEngine()
  expect(engine.closed.aborted).toBe(false)
  engine.close()
  expect(engine.closed.aborted).toBe(true)
})

test('engines sharing a clock: reset and close of one leave the other\'s tasks and the clock alone', async () => {
  const clock = createClock({ mode: 'manual', start: START })
  const a = createEngine({ clock })
  const b = createEngine({ clock })
  const ran: string[] = []
  a.clock.schedule(START + 10, () => void ran.push('a'))
  b.clock.schedule(START + 10, () => void ran.push('b'))
  clock.schedule(START + 10, () => void ran.push('shared'))
  a.reset()
  a.close()
  await clock.advance(100)
  expect(ran).toEqual(['b', 'shared'])
  expect(b.clock.now()).toBe(START + 100)
  b.close()
  clock.dispose()
})

test('closing an engine that owns its clock drops its tasks', async () => {
  const engine = createEngine({ clockOptions: { mode: 'manual', start: START } })
  const ran: string[] = []
  engine.clock.schedule(START + 10, () => void ran.push('x'))
  engine.close()
  expect(engine.clock.pending()).toBe(0)
  await engine.clock.advance(100)
  expect(ran).toEqual([])
})

test('a seed makes random bytes repeat across engines; without one they differ', () => {
  const seeded = () => createEngine({ seed: 'ci-42' })
  const [a, b] = [seeded(), seeded()]
  expect(a.randomBytes(48).equals(b.randomBytes(48))).toBe(true)
  // The stream moves on: the second value is not the first again.
  expect(a.randomBytes(48).equals(seeded().randomBytes(48))).toBe(false)
  expect(createEngine({ seed: 'other' }).randomBytes(16).equals(seeded().randomBytes(16))).toBe(false)
  expect(createEngine().randomBytes(16).equals(createEngine().randomBytes(16))).toBe(false)
  for (const engine of [a, b]) engine.close()
})

/** An engine on a manual clock whose merchant fails the first two attempts; `at` lists when each arrived. */
function failingTwice(): { engine: ReturnType<typeof createEngine>; at: number[] } {
  let calls = 0
  const at: number[] = []
  const engine = createEngine({
    clockOptions: { mode: 'manual', start: START },
    fetch: async () => {
      at.push(engine.clock.now())
      return new Response('down', { status: ++calls < 3 ? 500 : 200 })
    },
  })
  return { engine, at }
}

test('a notification first sent from a clock task is retried on schedule within the same advance', async () => {
  // Every attempt fails until the third; the engine's fetch answers without a network.
  const { engine, at } = failingTwice()
  // A session expiring after 15 minutes notifies from inside its clock task.
  engine.clock.schedule(START + 15 * 60_000, () => {
    engine.outbox.enqueue({
      provider: 'p',
      kind: 'expired',
      subject: 's1',
      url: 'http://merchant.invalid/notify',
      body: '{}',
      schedule: { delaysMs: [0, 60_000, 600_000], attemptTimeoutMs: 1000, source: 'test' },
      sign: () => ({}),
      isAcknowledged: (answer) => answer.status === 200,
    })
  })
  await engine.clock.advance(60 * 60_000)
  expect(at).toEqual([START + 15 * 60_000, START + 16 * 60_000, START + 26 * 60_000])
  expect(engine.outbox.list()[0]?.status).toBe('delivered')
  engine.close()
})

// Antom signs notifications on libuv's thread pool: the clock must not move on while an attempt is
// still being signed, or the merchant would receive it at a later time than it was sent.
test('an attempt whose signature takes real time still goes out at its own time within an advance', async () => {
  const { engine, at } = failingTwice()
  engine.outbox.enqueue({
    provider: 'p',
    kind: 'paid',
    subject: 's1',
    url: 'http://merchant.invalid/notify',
    body: '{}',
    schedule: { delaysMs: [0, 60_000, 600_000], attemptTimeoutMs: 1000, source: 'test' },
    sign: () => new Promise((resolve) => setTimeout(() => resolve({ signature: 'slow' }), 20)),
    isAcknowledged: (answer) => answer.status === 200,
  })
  await engine.clock.advance(60 * 60_000)
  expect(at).toEqual([START, START + 60_000, START + 660_000])
  expect(engine.outbox.list()[0]?.attempts.map((a) => a.at)).toEqual([START, START + 60_000, START + 660_000])
  engine.close()
})

test('a task scheduled for a record is cancelled when retention evicts the record, by count or by age; providers hear of the eviction', async () => {
  let wall = Date.UTC(2026, 0, 15)
  const engine = createEngine({ retention: { payments: { maxCount: 2, maxAgeMs: 60_000 } }, clockOptions: { mode: 'manual', start: START, wall: () => wall } })
  const ran: string[] = []
  const evicted: string[] = []
  engine.onEvict((id) => evicted.push(id))
  const put = (id: string): void => {
    engine.store.payments.put({ id, provider: 'p', requestId: id, merchantId: 'm', status: 'pending', resultCode: 'PENDING', amount: { currency: 'EUR', value: '1' }, tokenize: 'none', createdAt: START, updatedAt: START, flags: {} })
    engine.scheduleFor(id, START + 1000, () => void ran.push(id))
  }
  put('p1')
  put('p2')
  engine.clock.schedule(START + 1000, () => void ran.push('unowned'))
  put('p3') // evicts p1 by count
  expect(evicted).toEqual(['p1'])
  expect(engine.clock.pending()).toBe(3)
  wall += 61_000
  engine.evictExpired() // p2 and p3 by age
  expect(evicted).toEqual(['p1', 'p2', 'p3'])
  expect(engine.clock.pending()).toBe(1)
  await engine.clock.advance(2000)
  expect(ran).toEqual(['unowned'])
  engine.close()
})

test('side tables are bounded like the records of their kind, emptied on reset and counted by name', () => {
  const engine = createEngine({ retention: { payments: { maxCount: 3 } } })
  const table = engine.sideTable<string, number>('p.things', 'payments')
  for (let i = 0; i < 10; i++) table.set(`k${i}`, i)
  expect(engine.sideTableSizes()).toEqual({ 'p.things': 3 })
  engine.reset()
  expect(engine.sideTableSizes()).toEqual({ 'p.things': 0 })
  engine.close()
})
