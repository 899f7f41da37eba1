import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { isoTime, uuidFrom } from './wire.ts'

test('isoTime is toISOString without milliseconds, for four-digit years and the signed six-digit form alike', () => {
  expect(isoTime(Date.UTC(2026, 11, 7, 4, 5, 6, 789))).toBe('2026-12-07T04:05:06Z')
  expect(isoTime(Date.UTC(1970, 0, 1))).toBe('1970-01-01T00:00:00Z')
  expect(isoTime(Date.UTC(10000, 0, 1, 0, 0, 0, 1))).toBe('+010000-01-01T00:00:00Z')
  expect(isoTime(Date.UTC(-1, 5, 1, 12, 0, 0, 500))).toBe('-000001-06-01T12:00:00Z')
})

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
