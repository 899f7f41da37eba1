import { expect, test } from 'vitest'
import { describeScavenges, withScavenges } from './gc-watch.ts'

test('withScavenges counts the young-generation collections of a run that allocates, and none of a run that does not', async () => {
  const busy = await withScavenges(async () => {
    // Short-lived objects, tens of MB of them (each kept a moment, so none is optimised away): young-generation collections.
    const recent: unknown[] = new Array(64)
    let made = 0
    for (let i = 0; i < 400_000; i++) {
      recent[i % 64] = [i, { i, text: `item ${i}` }]
      made += 2
    }
    return made
  })
  expect(busy.value).toBe(800_000)
  expect(busy.scavenges.count).toBeGreaterThan(0)
  expect(busy.scavenges.medianMs).toBeGreaterThan(0)
  expect(busy.scavenges.maxMs).toBeGreaterThanOrEqual(busy.scavenges.medianMs)
  expect(busy.scavenges.share).toBeGreaterThan(0)
  expect(busy.scavenges.share).toBeLessThan(1)
  expect(describeScavenges(busy.scavenges)).toMatch(/^\d+ young-generation collections, median \d+\.\d ms/)

  const idle = await withScavenges(async () => 1)
  expect(idle.scavenges.count).toBe(0)
  expect(describeScavenges(idle.scavenges)).toBe('no young-generation collections')
})
