import { z } from 'zod'
import { expect, test } from 'vitest'
import { deriveRules, looksIssued, shapeOf } from './matchers.ts'

const context = { merchantValues: new Set(['order-1', '1000']), resultCodes: new Set(['SUCCESS']) }

test('what the contract fixes is matched by equality, what varies by type or by a regular expression', () => {
  const schema = z.object({ status: z.enum(['CAPTURED', 'FAILED']), customerId: z.string().regex(/^cus_[a-z0-9]+$/), at: z.iso.datetime() })
  const rules = deriveRules(
    { result: { resultCode: 'SUCCESS', message: 'success.' }, status: 'CAPTURED', customerId: 'cus_abc123', at: '2026-01-15T20:00:00Z', reference: 'order-1', amount: 1000, paymentId: '20260115114500000003', masked: '411111******1111' },
    { ...context, schema },
  )
  expect(rules['$.result.resultCode']).toBeUndefined()
  expect(rules['$.result.message']).toBeUndefined()
  expect(rules['$.status']).toBeUndefined()
  expect(rules['$.customerId']!.matchers).toEqual([{ match: 'regex', regex: '^cus_[a-z0-9]+$' }])
  expect(rules['$.at']!.matchers[0]).toMatchObject({ match: 'regex' })
  expect(rules['$.reference']!.matchers).toEqual([{ match: 'type' }])
  expect(rules['$.amount']!.matchers).toEqual([{ match: 'integer' }])
  expect(rules['$.paymentId']!.matchers).toEqual([{ match: 'regex', regex: '^[0-9]+$' }])
  expect(new RegExp(rules['$.masked']!.matchers[0]!.match === 'regex' ? (rules['$.masked']!.matchers[0] as { regex: string }).regex : '').test('411111******1111')).toBe(true)
})

test('a text quoting an issued id matches with any id of that shape', () => {
  const rules = deriveRules({ message: 'no stored payment method ABC123DEF456 for this shopper' }, { ...context, issuedValues: new Set(['ABC123DEF456']) })
  const rule = rules['$.message']!.matchers[0] as { regex: string }
  expect(new RegExp(rule.regex).test('no stored payment method ZZZ999XXX000 for this shopper')).toBe(true)
  expect(new RegExp(rule.regex).test('some other message')).toBe(false)
})

test('issued ids are told from words, amounts and masked cards; opaque tokens keep their alphabet', () => {
  expect(looksIssued('20260115114500000003')).toBe(true)
  expect(looksIssued('FATDQMCTIRSCWALE')).toBe(true)
  expect(looksIssued('AUTHORISATION')).toBe(false)
  expect(looksIssued('oLyXrNPmFguUzIwAuEQylHrfXQQSEnCuIg+PDbMLI=')).toBe(true)
  expect(looksIssued('1000')).toBe(false)
  expect(looksIssued('411111******1111')).toBe(false)
  expect(new RegExp(shapeOf('ALIPAYoA76I3ROKxCG')).test('ALIPAY7/DUbi+m==')).toBe(true)
  expect(new RegExp(shapeOf('0ea545e2-32da-44bd-b20c-d1c28b3d002a')).test('2d5cfa90-e6ef-4b9f-b22b-8714e1612817')).toBe(true)
  // A reference drawn without digits this time may hold some the next; an all-digit id never holds letters.
  expect(new RegExp(shapeOf('FATDQMCTIRSCWALE')).test('BSSJFPSI62G76R8A')).toBe(true)
  expect(new RegExp(shapeOf('20260115114500000003')).test('2026011511450000000A')).toBe(false)
  // An id of 13–19 digits may show masked (it passed the Luhn check) in another run.
  expect(new RegExp(shapeOf('58114500000003')).test('581145****0005')).toBe(true)
  expect(new RegExp(shapeOf('58114500000003')).test('58114500000012')).toBe(true)
})
