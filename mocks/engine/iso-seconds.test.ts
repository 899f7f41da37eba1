import fc from 'fast-check'
import { expect, test } from 'vitest'
import { isoSeconds, type Offset } from './iso-seconds.ts'

const AT = Date.UTC(2026, 11, 7, 4, 5, 6, 789)

test('isoSeconds writes the time to the second at the offset it names', () => {
  expect(isoSeconds(AT)).toBe('2026-12-07T04:05:06Z')
  expect(isoSeconds(AT, '+00:00')).toBe('2026-12-07T04:05:06+00:00')
  expect(isoSeconds(AT, '+07:00')).toBe('2026-12-07T11:05:06+07:00')
  expect(isoSeconds(AT, '+08:00')).toBe('2026-12-07T12:05:06+08:00')
  expect(isoSeconds(AT, '-05:30')).toBe('2026-12-06T22:35:06-05:30')
  expect(isoSeconds(Date.UTC(2026, 11, 31, 20, 0, 0), '+07:00')).toBe('2027-01-01T03:00:00+07:00')
})

test('isoSeconds keeps the signed six-digit years of toISOString', () => {
  expect(isoSeconds(Date.UTC(10000, 0, 1, 0, 0, 0, 1))).toBe('+010000-01-01T00:00:00Z')
  expect(isoSeconds(Date.UTC(-1, 5, 1, 12, 0, 0, 500), '+00:00')).toBe('-000001-06-01T12:00:00+00:00')
})

const HOUR = 3_600_000
const shifts: ReadonlyArray<[Offset, number]> = [['Z', 0], ['+00:00', 0], ['+07:00', 7 * HOUR], ['+08:00', 8 * HOUR], ['-05:30', -5.5 * HOUR], ['+14:00', 14 * HOUR], ['-12:00', -12 * HOUR]]

test('isoSeconds is toISOString of the shifted time without milliseconds, over the whole range of dates, whatever it wrote before', () => {
  const limit = 8.64e15 - 15 * 3_600_000
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -limit, max: limit }), fc.double({ min: -limit, max: limit, noNaN: true })), fc.constantFrom(...shifts), (ms, [offset, shift]) => {
      expect(isoSeconds(ms, offset)).toBe(new Date(ms + shift).toISOString().replace(/\.\d{3}Z$/, offset))
    }),
  )
})

test('isoSeconds writes each second afresh: calls within one second agree, the next second and the one before differ', () => {
  const second = Date.UTC(2026, 11, 7, 4, 5, 6)
  expect([0, 1, 500, 999].map((ms) => isoSeconds(second + ms, '+07:00'))).toEqual(Array(4).fill('2026-12-07T11:05:06+07:00'))
  expect(isoSeconds(second + 1000, '+07:00')).toBe('2026-12-07T11:05:07+07:00')
  expect(isoSeconds(second - 1, '+07:00')).toBe('2026-12-07T11:05:05+07:00')
  expect(isoSeconds(second, 'Z')).toBe('2026-12-07T04:05:06Z')
  expect(isoSeconds(-0.5)).toBe('1970-01-01T00:00:00Z')
  expect(isoSeconds(-1)).toBe('1969-12-31T23:59:59Z')
  expect(() => isoSeconds(Number.NaN)).toThrow(RangeError)
})
