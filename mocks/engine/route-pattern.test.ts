import { expect, test } from 'vitest'
import { anyOrigin } from './route-pattern.ts'

test('a route pattern matches the path under any origin, with named params, like msw string paths', () => {
  const payments = anyOrigin('/v2/payments/:id/confirm')
  expect(payments.exec('http://127.0.0.1:4010/v2/payments/abc-123/confirm')?.groups).toEqual({ id: 'abc-123' })
  expect(payments.test('https://mock.tokenproof.test/v2/payments/abc/confirm/')).toBe(true)
  expect(payments.test('http://h/v2/payments/a/b/confirm')).toBe(false)
  expect(payments.test('http://h/v2/payments/abc/confirmed')).toBe(false)
  expect(anyOrigin('/ams/api/v1/payments/pay').test('http://h/ams/api/v1/payments/pay')).toBe(true)
  expect(anyOrigin('/ams/api/v1/payments/pay').test('http://h/ams/api/v1/payments/payX')).toBe(false)
  expect(anyOrigin('/ams/*').test('http://h/ams/anything/at/all')).toBe(true)
  // Regular-expression characters in a path are literal.
  expect(anyOrigin('/a.b').test('http://h/aXb')).toBe(false)
})
