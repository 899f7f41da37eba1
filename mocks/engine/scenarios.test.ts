import { expect, test } from 'vitest'
import { ScenarioBook, ScenarioRuleInput, type CallFacts } from './scenarios.ts'

const pay = (card?: string): CallFacts => ({ provider: 'acme', operation: 'pay', card })
const decline = { type: 'resultCode', code: 'RISK_REJECT' } as const

test('an unrestricted rule matches every call until removed', () => {
  const book = new ScenarioBook()
  const rule = book.add({ effect: decline })
  expect(book.take(pay())?.id).toBe(rule.id)
  expect(book.take({ provider: 'other', operation: 'refund' })?.id).toBe(rule.id)
  expect(rule.used).toBe(2)
  expect(book.remove(rule.id)).toBe(true)
  expect(book.take(pay())).toBeUndefined()
})

test.each<[string, ScenarioRuleInput, CallFacts, boolean]>([
  ['provider matches', { provider: 'acme', effect: decline }, pay(), true],
  ['provider differs', { provider: 'stripe', effect: decline }, pay(), false],
  ['operation matches', { operation: 'pay', effect: decline }, pay(), true],
  ['operation differs', { operation: 'refund', effect: decline }, pay(), false],
  ['full card matches', { card: '4111111111111111', effect: decline }, pay('4111111111111111'), true],
  ['full card differs', { card: '4111111111111111', effect: decline }, pay('5555555555554444'), false],
  ['last4 matches', { card: '4444', effect: decline }, pay('5555555555554444'), true],
  ['last4 differs', { card: '1111', effect: decline }, pay('5555555555554444'), false],
  ['card rule, call without card', { card: '1111', effect: decline }, pay(undefined), false],
  ['full card written with spaces', { card: '4111111111111111', effect: decline }, pay('4111 1111 1111 1111'), true],
  ['all of provider, operation and card', { provider: 'acme', operation: 'pay', card: '1111', effect: decline }, pay('4111111111111111'), true],
  ['one of three differs', { provider: 'acme', operation: 'refund', card: '1111', effect: decline }, pay('4111111111111111'), false],
])('matching: %s', (_name, input, facts, matches) => {
  const book = new ScenarioBook()
  book.add(input)
  expect(book.take(facts) !== undefined).toBe(matches)
})

test('times counts matching calls only, then the rule is used up but still listed', () => {
  const book = new ScenarioBook()
  const rule = book.add({ operation: 'pay', times: 2, effect: decline })
  expect(book.take({ provider: 'acme', operation: 'refund' })).toBeUndefined()
  expect(book.take(pay())?.id).toBe(rule.id)
  expect(book.take(pay())?.id).toBe(rule.id)
  expect(book.take(pay())).toBeUndefined()
  expect(rule.used).toBe(2)
  expect(book.list()).toEqual([expect.objectContaining({ id: rule.id, used: 2, times: 2 })])
})

test('the first rule added wins; a later one applies once the first is used up', () => {
  const book = new ScenarioBook()
  const first = book.add({ operation: 'pay', times: 1, effect: decline })
  const second = book.add({ operation: 'pay', effect: { type: 'httpStatus', status: 503 } })
  expect(book.take(pay())?.id).toBe(first.id)
  expect(book.take(pay())?.id).toBe(second.id)
  expect(book.take(pay())?.id).toBe(second.id)
})

test('a rule whose effect is not accepted is skipped and not counted', () => {
  const book = new ScenarioBook()
  const delay = book.add({ times: 1, effect: { type: 'delay', ms: 10 } })
  const code = book.add({ times: 1, effect: decline })
  expect(book.take(pay(), (effect) => effect.type === 'resultCode')?.id).toBe(code.id)
  expect(delay.used).toBe(0)
  expect(book.take(pay())?.id).toBe(delay.id)
})

test('ids increase; remove takes out only that rule and reports unknown ids', () => {
  const book = new ScenarioBook()
  const a = book.add({ effect: decline })
  const b = book.add({ effect: decline })
  expect(b.id).toBeGreaterThan(a.id)
  expect(book.remove(a.id)).toBe(true)
  expect(book.remove(a.id)).toBe(false)
  expect(book.list().map((r) => r.id)).toEqual([b.id])
})

test('clear removes every rule', () => {
  const book = new ScenarioBook()
  book.add({ effect: decline })
  book.add({ effect: { type: 'noAnswer' } })
  book.clear()
  expect(book.list()).toEqual([])
  expect(book.take(pay())).toBeUndefined()
})

test('afterProcessing defaults to false', () => {
  const book = new ScenarioBook()
  expect(book.add({ effect: { type: 'noAnswer' } }).afterProcessing).toBe(false)
  expect(book.add({ effect: { type: 'noAnswer' }, afterProcessing: true }).afterProcessing).toBe(true)
})

test.each<[string, unknown]>([
  ['no effect', {}],
  ['unknown effect type', { effect: { type: 'explode' } }],
  ['empty result code', { effect: { type: 'resultCode', code: '' } }],
  ['HTTP status below 400', { effect: { type: 'httpStatus', status: 200 } }],
  ['HTTP status above 599', { effect: { type: 'httpStatus', status: 600 } }],
  ['fractional HTTP status', { effect: { type: 'httpStatus', status: 503.5 } }],
  ['negative delay', { effect: { type: 'delay', ms: -1 } }],
  ['delay over 10 minutes', { effect: { type: 'delay', ms: 600_001 } }],
  ['card of 5 digits', { card: '12345', effect: { type: 'noAnswer' } }],
  ['card with letters', { card: '41111111x1111111', effect: { type: 'noAnswer' } }],
  ['times of 0', { times: 0, effect: { type: 'noAnswer' } }],
  ['fractional times', { times: 1.5, effect: { type: 'noAnswer' } }],
  ['afterProcessing not a boolean', { afterProcessing: 'yes', effect: { type: 'noAnswer' } }],
])('ScenarioRuleInput rejects %s, and the book does not add it', (_name, input) => {
  expect(ScenarioRuleInput.safeParse(input).success).toBe(false)
  const book = new ScenarioBook()
  expect(() => book.add(input as ScenarioRuleInput)).toThrow()
  expect(book.list()).toEqual([])
})

test('a rule keeps its card masked, and still matches the full number (and only it)', () => {
  const book = new ScenarioBook()
  const rule = book.add({ card: '4111111111111111', effect: { type: 'noAnswer' } })
  expect(rule.card).toBe('411111******1111')
  expect(JSON.stringify(book.list())).not.toContain('4111111111111111')
  // Same first 6 and last 4, a different middle: the masked form alone would match it.
  expect(book.take({ provider: 'p', operation: 'pay', card: '4111110000001111' })).toBeUndefined()
  expect(book.take({ provider: 'p', operation: 'pay', card: '4111 1111 1111 1111' })?.id).toBe(rule.id)
})
