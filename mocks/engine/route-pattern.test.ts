import fc from 'fast-check'
import { expect, test } from 'vitest'
import { anyOrigin, DeclaredPatterns } from './route-pattern.ts'

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

// The index must say exactly what testing every declared pattern in turn says (msw's first match).
test('DeclaredPatterns answers as testing every declared pattern would, for any paths', () => {
  const segment = fc.oneof(fc.constantFrom('v71', 'V71', 'sessions', 'payments', 'a', 'A', ':id', ':pspReference', '*', ''), fc.stringMatching(/^[a-zA-Z0-9._~-]{1,6}$/))
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).chain((parts) => fc.boolean().map((slash) => `/${parts.map((part, i) => (part.startsWith(':') ? `${part}${i}` : part)).join('/')}${slash ? '/' : ''}`))
  const method = fc.constantFrom('GET', 'POST')
  fc.assert(
    fc.property(fc.array(fc.tuple(method, path), { maxLength: 12 }), method, path, (declarations, askedMethod, asked) => {
      const declared = new DeclaredPatterns()
      for (const [m, p] of declarations) declared.add(m, p, anyOrigin(p))
      const url = `http://127.0.0.1${asked}`
      const expected = declarations.some(([m, p]) => m === askedMethod && anyOrigin(p).test(url))
      expect(declared.matches(askedMethod, url)).toBe(expected)
    }),
    { numRuns: 2_000, seed: 20_261_207 },
  )
})

test('a static pattern shadows longer paths that end in it, in any case, with a trailing slash', () => {
  const declared = new DeclaredPatterns()
  declared.add('POST', '/Sessions', anyOrigin('/Sessions'))
  expect(declared.matches('POST', 'http://127.0.0.1/v71/sessions')).toBe(true)
  expect(declared.matches('POST', 'http://127.0.0.1/v71/sessions/')).toBe(true)
  expect(declared.matches('GET', 'http://127.0.0.1/v71/sessions')).toBe(false)
  expect(declared.matches('POST', 'http://127.0.0.1/v71/sessions/x')).toBe(false)
})
