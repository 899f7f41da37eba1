import { createHash } from 'node:crypto'
import { SignJWT } from 'jose'
import { expect, test } from 'vitest'
import { startMockServer } from '../server.ts'
import { DEFAULT_MERCHANT } from './merchants.ts'

const START = Date.UTC(2026, 5, 1, 12, 0, 0)

/** A token as an attacker would mint it: the right claims, signed with a key of their choosing. */
const forge = (key: Uint8Array): Promise<string> => {
  const iat = Math.floor(START / 1000)
  return new SignJWT({ typ: 'access' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(DEFAULT_MERCHANT.merchantId).setIssuedAt(iat).setExpirationTime(iat + 900).sign(key)
}

// The key earlier versions derived from a constant in mocks/pivot/wire.ts: anyone could read it.
const SOURCE_KEY = new TextEncoder().encode(`tokenproof-pivot-${createHash('sha256').update('access-token-key').digest('hex')}`)

test('Pivot accepts only access tokens it issued: one signed with a key from the source or a guess is refused', async () => {
  const server = await startMockServer({ port: 0, providers: ['pivot'], clockOptions: { mode: 'manual', start: START } })
  try {
    const getSession = (token: string) => fetch(`${server.url}/v2/payments/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${token}` } })
    const issued = await fetch(`${server.url}/v1/access-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-merchant-id': DEFAULT_MERCHANT.merchantId, 'x-merchant-secret': DEFAULT_MERCHANT.merchantSecret },
      body: JSON.stringify({ grantType: 'client_credentials' }),
    })
    const token = ((await issued.json()) as { data: { accessToken: string } }).data.accessToken
    // The genuine token gets past authentication (the session does not exist: 404, not 401).
    expect((await getSession(token)).status).not.toBe(401)
    for (const key of [SOURCE_KEY, new TextEncoder().encode('secret')]) {
      const answer = await getSession(await forge(key))
      expect(answer.status).toBe(401)
      expect(((await answer.json()) as { code: string }).code).toMatch(/^401/)
    }
  } finally {
    await server.close()
  }
})
