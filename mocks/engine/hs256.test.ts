import { SignJWT } from 'jose'
import { expect, test } from 'vitest'
import { jwtVerify } from 'jose'
import { Hs256Verifier, signHs256, type SeenToken } from './hs256.ts'
import { BoundedMap } from './retention.ts'

const key = new TextEncoder().encode('a-secret-of-at-least-32-bytes-long!!')
const other = new TextEncoder().encode('another-secret-of-32-bytes-or-more!!')
const token = (exp: number) => new SignJWT({ sub: 'm' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(key)

test('a token verifies, then expires on the clock even once its signature is known', async () => {
  const verifier = new Hs256Verifier()
  const jwt = await token(1_000)
  expect(await verifier.verify(jwt, key, 500_000)).toMatchObject({ ok: true, payload: { sub: 'm' } })
  expect(await verifier.verify(jwt, key, 600_000)).toMatchObject({ ok: true })
  expect(await verifier.verify(jwt, key, 1_000_000)).toEqual({ ok: false, expired: true })
})

test('a known token with another key, or a tampered one, does not verify', async () => {
  const verifier = new Hs256Verifier()
  const jwt = await token(1_000)
  expect((await verifier.verify(jwt, key, 500_000)).ok).toBe(true)
  expect(await verifier.verify(jwt, other, 500_000)).toEqual({ ok: false, expired: false })
  expect(await verifier.verify(`${jwt.slice(0, -2)}xx`, key, 500_000)).toEqual({ ok: false, expired: false })
})

test('a token signed with signHs256 verifies with jose, and not under another key', async () => {
  const jwt = signHs256({ sid: 'session-1', iat: 1_000, exp: 2_000 }, key)
  const { payload, protectedHeader } = await jwtVerify(jwt, key, { algorithms: ['HS256'], currentDate: new Date(1_500_000) })
  expect(payload).toEqual({ sid: 'session-1', iat: 1_000, exp: 2_000 })
  expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' })
  await expect(jwtVerify(jwt, other, { algorithms: ['HS256'], currentDate: new Date(1_500_000) })).rejects.toThrow()
})

test('the cache is the one given (an engine side table): bounded by it, and an expired token leaves it', async () => {
  const cache = BoundedMap.of<string, SeenToken | null>(() => 2)
  const verifier = new Hs256Verifier(cache)
  const tokens = await Promise.all([token(1_000), token(1_001), token(2_000)])
  for (const jwt of tokens) expect((await verifier.verify(jwt, key, 500_000)).ok).toBe(true)
  expect(cache.size).toBe(2)
  expect(await verifier.verify(tokens[1]!, key, 1_500_000)).toEqual({ ok: false, expired: true })
  expect(cache.size).toBe(1)
})

test('a token is read once: the same decoding every time, a key given as text or as its bytes alike, not a JWT remembered as such', async () => {
  const verifier = new Hs256Verifier()
  const jwt = await token(1_000)
  expect(verifier.decode(jwt)).toBe(verifier.decode(jwt))
  expect(verifier.decode(jwt)?.header).toEqual({ alg: 'HS256' })
  expect((await verifier.verify(jwt, 'a-secret-of-at-least-32-bytes-long!!', 500_000)).ok).toBe(true)
  expect((await verifier.verify(jwt, key, 500_000)).ok).toBe(true)
  expect((await verifier.verify(jwt, 'another-secret-of-32-bytes-or-more!!', 500_000)).ok).toBe(false)
  expect(verifier.decode('not.a.jwt')).toBeUndefined()
  expect(verifier.seen.get('not.a.jwt')).toBeNull()
})
