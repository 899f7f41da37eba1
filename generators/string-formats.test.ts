import fc from 'fast-check'
import { expect, test } from 'vitest'
import { formatArbitrary, RESERVED_TLDS } from './string-formats.ts'

test('generated URLs, host names and e-mail addresses only ever name hosts reserved for tests', () => {
  const reserved = (host: string) => RESERVED_TLDS.some((tld) => host.endsWith(`.${tld}`))
  for (const url of fc.sample(formatArbitrary('uri')!, { numRuns: 500, seed: 1 })) expect(reserved(new URL(url).hostname), url).toBe(true)
  for (const host of fc.sample(formatArbitrary('hostname')!, { numRuns: 200, seed: 2 })) expect(reserved(host), host).toBe(true)
  for (const email of fc.sample(formatArbitrary('email')!, { numRuns: 200, seed: 3 })) expect(reserved(email.split('@')[1]!), email).toBe(true)
})
