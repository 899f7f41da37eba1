import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { uuidFrom } from './wire.ts'

test('uuidFrom lays out the SHA-256 of its seed as a version 4 UUID, the same for the same seed', () => {
  const seed = 'pivot-session-7'
  const hex = createHash('sha256').update(seed).digest('hex')
  const id = uuidFrom(seed)
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(id.replace(/-/g, '').slice(0, 12)).toBe(hex.slice(0, 12))
  expect(id.slice(-12)).toBe(hex.slice(20, 32))
  expect(uuidFrom(seed)).toBe(id)
  expect(uuidFrom('pivot-session-8')).not.toBe(id)
})
