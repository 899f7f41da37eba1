/**
 * Antom's message signatures (RSA256 = SHA256withRSA, PKCS#1 v1.5), as Antom documents them: the
 * signed content is `POST <path>\n<Client-Id>.<time>.<body>`, and the signature travels base64 and
 * URL-encoded in `Signature: algorithm=RSA256,keyVersion=1,signature=…`. Requests are signed with
 * the merchant's private key; responses and notifications are verified with Antom's public key.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'

/** Antom's dashboard shows keys as bare base64 DER; files usually hold PEM. Both are accepted. */
export function privateKeyFrom(text: string): KeyObject {
  const trimmed = text.trim()
  if (trimmed.startsWith('-----')) return createPrivateKey(trimmed)
  return createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' })
}

export function publicKeyFrom(text: string): KeyObject {
  const trimmed = text.trim()
  if (trimmed.startsWith('-----')) return createPublicKey(trimmed)
  return createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' })
}

const content = (path: string, clientId: string, time: string, body: string): string => `POST ${path}\n${clientId}.${time}.${body}`

export function signatureHeader(key: KeyObject, path: string, clientId: string, requestTime: string, body: string): string {
  const signature = sign('sha256', Buffer.from(content(path, clientId, requestTime, body), 'utf8'), key).toString('base64')
  return `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signature)}`
}

/**
 * Verifies a response or notification. `headers` are the message's own: Client-Id, the time
 * (Response-Time for answers, Request-Time for notifications) and Signature. Anything missing or
 * malformed fails: an unsigned message is as untrusted as a forged one.
 */
export function verifySignature(key: KeyObject, path: string, clientId: string | null, time: string | null, signatureHeaderValue: string | null, body: string): boolean {
  if (!clientId || !time || !signatureHeaderValue) return false
  const fields = new Map(
    signatureHeaderValue.split(',').map((part) => {
      const at = part.indexOf('=')
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const
    }),
  )
  const encoded = fields.get('signature')
  if (fields.get('algorithm') !== 'RSA256' || !encoded) return false
  let signature: Buffer
  try {
    signature = Buffer.from(decodeURIComponent(encoded), 'base64')
  } catch {
    return false
  }
  return verify('sha256', Buffer.from(content(path, clientId, time, body), 'utf8'), key, signature)
}
