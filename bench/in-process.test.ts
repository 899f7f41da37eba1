import { expect, test } from 'vitest'
import { PROVIDERS } from '../generators/test-support/mock-properties.ts'
import { measureInProcess, measureMswFloor } from './in-process.ts'

// Only that the loops measure what they say: every answer, through msw and without it, is a documented
// answer that fits its contract (a route answer read without its body once counted every request as a fault).
test.each(PROVIDERS)('%s: the in-process bench loops get documented answers, with and without msw', async (provider) => {
  const row = await measureInProcess(provider, 32)
  expect(row.problems).toBe(0)
  expect(row.endToEnd).toBeGreaterThan(0)
  expect(row.direct).toBeGreaterThan(0)
}, 60_000)

// The floor checks each answer itself and throws on any other: resolving means msw answered every request.
test('the msw reference row gets its handler\'s answer to every request', async () => {
  await expect(measureMswFloor(32)).resolves.toBeGreaterThan(0)
}, 60_000)
