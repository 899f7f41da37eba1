import { afterEach, expect, test } from 'vitest'
import { createClock, type Clock } from './clock.ts'

let clock: Clock | undefined
afterEach(() => clock?.dispose())

// A late delivery or a retry is scheduled by a task, from the time it runs at: an advance in system
// mode (the standalone server) must run each task at its due time, or what the task schedules after
// itself lands past the advance (a verifier of a Pact file then misses a notification).
test('system mode: an advance runs each task at its due time, so what a task schedules within the advance runs too', async () => {
  clock = createClock({ mode: 'system' })
  const c = clock
  const start = c.now()
  const seen: { name: string; at: number }[] = []
  c.schedule(start + 60_000, () => {
    seen.push({ name: 'first', at: c.now() })
    c.schedule(c.now() + 1_800_000, () => void seen.push({ name: 'late', at: c.now() }))
  })
  await c.advance(7_800_000)
  expect(seen.map((s) => s.name)).toEqual(['first', 'late'])
  // Wall time moves a little while the tasks run: within a second of their due times.
  expect(seen[0]!.at - (start + 60_000)).toBeLessThan(1_000)
  expect(seen[1]!.at - (start + 1_860_000)).toBeLessThan(1_000)
  expect(c.now() - start).toBeGreaterThanOrEqual(7_800_000)
})
