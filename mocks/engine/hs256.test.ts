import { SignJWT } from 'jose'
import { expect, test } from 'vitest'
import { Hs256Verifier } from './hs256.ts'

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
