import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { sha256 } from './sha256.ts'

test.each(['', 'pivot-session-1', 'é ✓ 𝄞', 'x'.repeat(10_000)])('sha256 of %j matches a node:crypto Hash, as bytes and in each encoding', (text) => {
  const reference = createHash('sha256').update(text, 'utf8').digest()
  expect(Buffer.isBuffer(sha256(text))).toBe(true)
  expect(sha256(text).equals(reference)).toBe(true)
  expect(sha256(text, 'hex')).toBe(reference.toString('hex'))
  expect(sha256(text, 'base64url')).toBe(reference.toString('base64url'))
  expect(sha256(text, 'base64')).toBe(reference.toString('base64'))
})
