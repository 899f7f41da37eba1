import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose'
import { BoundedMap } from './retention.ts'

export type Hs256Result = { readonly ok: true; readonly payload: JWTPayload } | { readonly ok: false; readonly expired: boolean }

/** A token as read once: jose's decoding of its header and claims, and the key its signature was found good with. */
export interface SeenToken {
  readonly header: ProtectedHeaderParameters
  readonly payload: JWTPayload
  /** The key (as given to `verify`) its signature was checked with, once it was. */
  verifiedWith?: string
}

/**
 * HS256 JWT reading and verification (jose), each done once per token: a merchant sends the same
 * token with many requests, and jose's decoding and Web Crypto round trip cost the mock more than
 * the rest of a request. Time claims (`exp`, `nbf`) are checked on every call, against the engine's clock.
 *
 * The cache is the caller's: a provider mock passes an engine side table (bounded by count and age,
 * counted in GET /__tokenproof/stats, emptied on reset), since a merchant that signs a fresh JWT every
 * second adds an entry every second for as long as the server runs.
 */
export class Hs256Verifier {
  constructor(readonly seen: Map<string, SeenToken | null> = BoundedMap.of(() => 10_000)) {}

  /** The token's header and claims (jose's `decodeProtectedHeader` and `decodeJwt`); undefined when it is not a JWT. */
  decode(token: string): SeenToken | undefined {
    const known = this.seen.get(token)
    if (known !== undefined) return known ?? undefined
    let read: SeenToken | null
    try {
      read = { header: decodeProtectedHeader(token), payload: decodeJwt(token) }
    } catch {
      read = null
    }
    this.seen.set(token, read)
    return read ?? undefined
  }

  /** Verifies the signature with `key` (a secret's text or bytes; once per token and key) and the time claims at `now`. */
  async verify(token: string, key: string | Uint8Array, now: number): Promise<Hs256Result> {
    const keyId = typeof key === 'string' ? `text:${key}` : byteKeyOf(key).id
    const seen = this.decode(token)
    if (seen?.verifiedWith === keyId) {
      const seconds = Math.floor(now / 1000)
      const { exp, nbf } = seen.payload
      if (typeof exp === 'number' && exp <= seconds) {
        // Of no more use: a later call reads it afresh, and finds it expired too.
        this.seen.delete(token)
        return { ok: false, expired: true }
      }
      if (typeof nbf === 'number' && nbf > seconds) return { ok: false, expired: false }
      return { ok: true, payload: seen.payload }
    }
    try {
      const { payload } = await jwtVerify(token, typeof key === 'string' ? new TextEncoder().encode(key) : key, { algorithms: ['HS256'], currentDate: new Date(now) })
      if (seen) seen.verifiedWith = keyId
      return { ok: true, payload }
    } catch (error) {
      return { ok: false, expired: error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED' }
    }
  }
}

/** What the verifier and the signer need of a key given as bytes: its cache id and its KeyObject. */
interface ByteKey {
  readonly id: string
  readonly secret: KeyObject
}

// A provider's own key is one array, never changed, for the life of the process: what it takes to
// use it (an id for the verified-token cache, a KeyObject instead of a copy into each HMAC) is worked out once.
const BYTE_KEYS = new WeakMap<Uint8Array, ByteKey>()

function byteKeyOf(key: Uint8Array): ByteKey {
  let known = BYTE_KEYS.get(key)
  if (known === undefined) {
    known = { id: `bytes:${Buffer.from(key).toString('base64')}`, secret: createSecretKey(key) }
    BYTE_KEYS.set(key, known)
  }
  return known
}

const DEFAULT_HEADER: Readonly<Record<string, string>> = { alg: 'HS256', typ: 'JWT' }
const segmentOf = (value: Readonly<Record<string, unknown>>): string => Buffer.from(JSON.stringify(value)).toString('base64url')
const DEFAULT_HEADER_SEGMENT = segmentOf(DEFAULT_HEADER)

/**
 * A compact HS256 JWS of `claims`, signed with node:crypto's HMAC: for tokens the mock issues itself
 * (a session, a page), where jose's Web Crypto round trip (a key import and an async job per token)
 * cost more than the rest of the call. Any JWT library verifies it (hs256.test.ts checks with jose).
 */
export function signHs256(claims: Readonly<Record<string, unknown>>, key: Uint8Array, header: Readonly<Record<string, string>> = DEFAULT_HEADER): string {
  const encodedHeader = header === DEFAULT_HEADER ? DEFAULT_HEADER_SEGMENT : segmentOf(header)
  const input = `${encodedHeader}.${segmentOf(claims)}`
  return `${input}.${createHmac('sha256', byteKeyOf(key).secret).update(input).digest('base64url')}`
}

