import { expect, test } from 'vitest'
import type { ResultCodeTable, TestCard } from '../../contracts/core/types.ts'
import { cardFacts, cardOutcome, DEFAULT_SETTLE_MS } from './outcomes.ts'

const entry = (effect: 'succeeded' | 'failed' | 'pending' | 'not_processed') => ({ status: 'F', message: '', action: 'none', effect, httpStatus: 200, source: 'test' }) as const
const resultCodes: ResultCodeTable = {
  SUCCESS: entry('succeeded'),
  DO_NOT_HONOR: entry('failed'),
  PROCESSING: entry('pending'),
  UNKNOWN_EXCEPTION: entry('not_processed'),
}
const testCards: TestCard[] = [
  { number: '4000000000000002', brand: 'VISA', country: 'HK', funding: 'DEBIT', behaviour: { kind: 'decline', code: 'DO_NOT_HONOR' }, label: 'decline', source: 'test' },
  { number: '4000000000000101', brand: 'VISA', country: 'BR', funding: 'PREPAID', behaviour: { kind: 'pending', settleAfterMs: 5, then: 'success' }, label: 'pending', source: 'test' },
]

test.each([
  ['a Luhn-valid card outside the table succeeds', '4111111111111111', undefined, { kind: 'success' }],
  ['a Luhn-invalid number is invalid', '4111111111111112', undefined, { kind: 'invalid_number' }],
  ['a table card does what the table says', '4000000000000002', undefined, { kind: 'decline', code: 'DO_NOT_HONOR' }],
  ['a table pending card', '4000000000000101', undefined, { kind: 'pending', settleAfterMs: 5, then: 'success' }],
  ['a forced success beats the table', '4000000000000002', 'SUCCESS', { kind: 'success' }],
  ['a forced failure code declines with that code', '4111111111111111', 'DO_NOT_HONOR', { kind: 'decline', code: 'DO_NOT_HONOR' }],
  ['a forced pending code settles after the default time', '4111111111111111', 'PROCESSING', { kind: 'pending', settleAfterMs: DEFAULT_SETTLE_MS, then: 'success' }],
  ['a forced not-processed code', '4111111111111111', 'UNKNOWN_EXCEPTION', { kind: 'not_processed', code: 'UNKNOWN_EXCEPTION' }],
  ['a forced code missing from the table is not processed', '4111111111111111', 'MADE_UP', { kind: 'not_processed', code: 'MADE_UP' }],
  ['a forced code applies even to an invalid number', '4111111111111112', 'SUCCESS', { kind: 'success' }],
])('cardOutcome: %s', (_name, pan, forcedCode, outcome) => {
  expect(cardOutcome({ pan, testCards, resultCodes, forcedCode })).toEqual(outcome)
})

test('cardFacts comes from the table, with defaults for other cards', () => {
  expect(cardFacts('4000000000000101', testCards)).toEqual({ country: 'BR', funding: 'PREPAID' })
  expect(cardFacts('4111111111111111', testCards)).toEqual({ country: 'US', funding: 'CREDIT' })
})
