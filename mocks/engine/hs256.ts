import { createHmac } from 'node:crypto'
import { jwtVerify, type JWTPayload } from 'jose'
import { BoundedMap } from './retention.ts'

export type Hs256Result = { readonly ok: true; readonly payload: JWTPayload } | { readonly ok: false; readonly expired: boolean }

/**
 * HS256 JWT verification (jose), with the signature checked once per token and key: a merchant sends
 * the same token with many requests, and jose's Web Crypto round trip cost the mock more than the
 * rest of a request. Time claims (`exp`, `nbf`) are checked on every call, against the engine's clock.
 *
 * The cache is the caller's: a provider mock passes an engine side table (bounded by count and age,
 * counted in GET /__tokenproof/stats, emptied on reset), since a merchant that signs a fresh JWT every
 * second adds an entry every second for as long as the server runs.
 */
export class Hs256Verifier {
  constructor(readonly verified: Map<string, JWTPayload> = BoundedMap.of(() => 10_000)) {}

  async verify(token: string, key: Uint8Array, now: number): Promise<Hs256Result> {
    const cacheKey = `${Buffer.from(key).toString('base64')}.${token}`
    const known = this.verified.get(cacheKey)
    if (known) {
      const seconds = Math.floor(now / 1000)
      if (typeof known.exp === 'number' && known.exp <= seconds) {
        // Of no more use: a later call verifies it afresh, and finds it expired too.
        this.verified.delete(cacheKey)
        return { ok: false, expired: true }
      }
      if (typeof known.nbf === 'number' && known.nbf > seconds) return { ok: false, expired: false }
      return { ok: true, payload: known }
    }
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(now) })
      this.verified.set(cacheKey, payload)
      return { ok: true, payload }
    } catch (error) {
      return { ok: false, expired: error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED' }
    }
  }
}

/**
 * A compact HS256 JWS of `claims`, signed with node:crypto's HMAC: for tokens the mock issues itself
 * (a session, a page), where jose's Web Crypto round trip (a key import and an async job per token)
 * cost more than the rest of the call. Any JWT library verifies it (hs256.test.ts checks with jose).
 */
export function signHs256(claims: Readonly<Record<string, unknown>>, key: Uint8Array, header: Readonly<Record<string, string>> = { alg: 'HS256', typ: 'JWT' }): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`
}
