import { expect, test } from 'vitest'
import { fingerprintOf, IdempotencyStore, type IdempotentResult } from './idempotency.ts'

const kept = <T>(value: T): IdempotentResult<T> => ({ value, keep: true })

test('the first run computes and answers fresh; the same key and fingerprint replays the identical value', async () => {
  const store = new IdempotencyStore()
  let calls = 0
  const compute = async () => kept({ paymentId: `pay_${++calls}` })
  const first = await store.run('acme:pay', 'req-1', 'fp-a', compute)
  const second = await store.run('acme:pay', 'req-1', 'fp-a', compute)
  expect(first).toEqual({ kind: 'fresh', value: { paymentId: 'pay_1' } })
  expect(second.kind).toBe('replay')
  expect(second.kind === 'replay' && second.value).toBe(first.kind === 'fresh' && first.value)
  expect(calls).toBe(1)
  expect(store.has('acme:pay', 'req-1')).toBe(true)
})

test('the same key with another fingerprint is a conflict and computes nothing', async () => {
  const store = new IdempotencyStore()
  let calls = 0
  await store.run('s', 'k', 'fp-a', async () => kept(++calls))
  const outcome = await store.run('s', 'k', 'fp-b', async () => kept(++calls))
  expect(outcome).toEqual({ kind: 'conflict' })
  expect(calls).toBe(1)
})

test('a conflict is answered even while the first computation is still running', async () => {
  const store = new IdempotencyStore()
  let finish!: () => void
  const first = store.run('s', 'k', 'fp-a', () => new Promise<IdempotentResult<string>>((resolve) => (finish = () => resolve(kept('done')))))
  expect(await store.run('s', 'k', 'fp-b', async () => kept('other'))).toEqual({ kind: 'conflict' })
  finish()
  expect(await first).toEqual({ kind: 'fresh', value: 'done' })
})

test('keys are separate per scope', async () => {
  const store = new IdempotencyStore()
  await store.run('merchant-a', 'k', 'fp', async () => kept('a'))
  const other = await store.run('merchant-b', 'k', 'fp-other', async () => kept('b'))
  expect(other).toEqual({ kind: 'fresh', value: 'b' })
})

test('50 concurrent runs with the same key compute exactly once and all get the same value', async () => {
  const store = new IdempotencyStore()
  let calls = 0
  const compute = async (): Promise<IdempotentResult<{ id: number }>> => {
    calls++
    await new Promise((resolve) => setTimeout(resolve, 10))
    return kept({ id: calls })
  }
  const outcomes = await Promise.all(Array.from({ length: 50 }, () => store.run('s', 'k', 'fp', compute)))
  expect(calls).toBe(1)
  expect(outcomes.filter((o) => o.kind === 'fresh')).toHaveLength(1)
  expect(outcomes.filter((o) => o.kind === 'replay')).toHaveLength(49)
  const values = new Set(outcomes.map((o) => (o.kind === 'conflict' ? undefined : o.value)))
  expect(values.size).toBe(1)
  expect([...values][0]).toEqual({ id: 1 })
})

test('keep:false drops the entry once settled, so the next call computes again', async () => {
  const store = new IdempotencyStore()
  let calls = 0
  const compute = async (): Promise<IdempotentResult<number>> => {
    calls++
    return { value: calls, keep: calls > 1 }
  }
  expect(await store.run('s', 'k', 'fp', compute)).toEqual({ kind: 'fresh', value: 1 })
  expect(store.has('s', 'k')).toBe(false)
  expect(await store.run('s', 'k', 'fp', compute)).toEqual({ kind: 'fresh', value: 2 })
  expect(await store.run('s', 'k', 'fp', compute)).toEqual({ kind: 'replay', value: 2 })
  expect(calls).toBe(2)
})

test('after keep:false a retry with another fingerprint is not a conflict', async () => {
  const store = new IdempotencyStore()
  await store.run('s', 'k', 'fp-a', async () => ({ value: 'unknown error', keep: false }))
  expect(await store.run('s', 'k', 'fp-b', async () => kept('processed'))).toEqual({ kind: 'fresh', value: 'processed' })
})

test('a throwing computation drops the slot and rethrows; the next call computes again', async () => {
  const store = new IdempotencyStore()
  let calls = 0
  const compute = async (): Promise<IdempotentResult<string>> => {
    calls++
    if (calls === 1) throw new Error('provider bug')
    return kept('ok')
  }
  await expect(store.run('s', 'k', 'fp', compute)).rejects.toThrow('provider bug')
  expect(store.has('s', 'k')).toBe(false)
  expect(await store.run('s', 'k', 'fp', compute)).toEqual({ kind: 'fresh', value: 'ok' })
  expect(calls).toBe(2)
})

test('a computation that throws synchronously leaves no slot behind', async () => {
  const store = new IdempotencyStore()
  await expect(
    store.run('s', 'k', 'fp', () => {
      throw new Error('sync')
    }),
  ).rejects.toThrow('sync')
  expect(store.has('s', 'k')).toBe(false)
})

test('clear forgets every key', async () => {
  const store = new IdempotencyStore()
  await store.run('s', 'k', 'fp-a', async () => kept(1))
  store.clear()
  expect(store.has('s', 'k')).toBe(false)
  expect(await store.run('s', 'k', 'fp-b', async () => kept(2))).toEqual({ kind: 'fresh', value: 2 })
})

test('fingerprintOf ignores key order at every depth', () => {
  const a = { amount: { currency: 'USD', value: '100' }, card: { number: '4111', expiry: '12/30' }, items: [{ a: 1, b: 2 }] }
  const b = { items: [{ b: 2, a: 1 }], card: { expiry: '12/30', number: '4111' }, amount: { value: '100', currency: 'USD' } }
  expect(fingerprintOf(a)).toBe(fingerprintOf(b))
})

test.each([
  ['a value', { amount: '100' }, { amount: '101' }],
  ['a nested value', { amount: { value: '100' } }, { amount: { value: '1000' } }],
  ['array order', { items: [1, 2] }, { items: [2, 1] }],
  ['a number and its string', { amount: 100 }, { amount: '100' }],
  ['an extra key', { a: 1 }, { a: 1, b: null }],
  ['null and an empty object', null, {}],
])('fingerprintOf tells apart %s', (_name, left, right) => {
  expect(fingerprintOf(left)).not.toBe(fingerprintOf(right))
})

test('keys are bounded by age as well as count: one older than the limit is forgotten and its retry runs again', async () => {
  let wall = 0
  const store = new IdempotencyStore(() => ({ maxCount: 100, maxAgeMs: 1000 }), () => wall)
  let calls = 0
  const compute = async () => kept(++calls)
  await store.run('s', 'old', 'f', compute)
  wall = 999
  await store.run('s', 'newer', 'f', compute)
  expect(store.size).toBe(2)
  wall = 1500
  store.evictExpired()
  expect([store.has('s', 'old'), store.has('s', 'newer'), store.size]).toEqual([false, true, 1])
  expect(await store.run('s', 'old', 'f', compute)).toEqual({ kind: 'fresh', value: 3 })
})

test('keys are bounded by count, oldest first', async () => {
  const store = new IdempotencyStore(() => ({ maxCount: 3, maxAgeMs: Infinity }))
  for (let i = 0; i < 10; i++) await store.run('s', `k${i}`, 'f', async () => kept(i))
  expect(store.size).toBe(3)
  expect([store.has('s', 'k6'), store.has('s', 'k7')]).toEqual([false, true])
})
