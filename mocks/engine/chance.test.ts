import { expect, test } from 'vitest'
import { ScenarioBook } from './scenarios.ts'

const pattern = (book: ScenarioBook, calls: number): boolean[] => Array.from({ length: calls }, () => book.take({ provider: 'p', operation: 'pay' }) !== undefined)

test('a rule with a rate applies to about that share of the matching calls, the same calls again under the same seed', () => {
  const make = (seed: string): ScenarioBook => {
    const book = new ScenarioBook()
    book.add({ provider: 'p', operation: 'pay', effect: { type: 'noAnswer' }, rate: 0.3, seed })
    return book
  }
  const first = pattern(make('s1'), 400)
  const hits = first.filter(Boolean).length
  expect(hits).toBeGreaterThan(80)
  expect(hits).toBeLessThan(160)
  expect(pattern(make('s1'), 400)).toEqual(first)
  expect(pattern(make('s2'), 400)).not.toEqual(first)
})

test('a draw is spent only on a call the rule otherwise matches; rate 0 never applies, no rate always does', () => {
  const book = new ScenarioBook()
  const rule = book.add({ provider: 'p', operation: 'pay', effect: { type: 'noAnswer' }, rate: 0, seed: 's' })
  book.take({ provider: 'p', operation: 'refund' })
  expect(rule.draws).toBe(0)
  expect(pattern(book, 20).some(Boolean)).toBe(false)
  expect(rule.draws).toBe(20)
  const always = new ScenarioBook()
  always.add({ provider: 'p', operation: 'pay', effect: { type: 'noAnswer' } })
  expect(pattern(always, 20).every(Boolean)).toBe(true)
})
