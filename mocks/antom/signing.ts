import { createPrivateKey, createPublicKey, createSign, sign, verify, type KeyObject } from 'node:crypto'
import { isoSeconds } from '../engine/iso-seconds.ts'

/**
 * Antom message signing: RSA256 (SHA256withRSA, PKCS#1 v1.5) over
 * `<METHOD> <path>\n<client-id>.<time>.<body>`, base64 then URL-encoded.
 * @see https://global.alipay.com/docs/ac/ams/digital_signature
 */
export function contentToSign(method: string, path: string, clientId: string, time: string, body: string): string {
  return `${method} ${path}\n${clientId}.${time}.${body}`
}

/** Accepts PEM, or bare base64 DER as Antom's SDKs hold keys (SPKI public, PKCS#8 private). */
export function publicKeyFrom(key: string | KeyObject): KeyObject {
  if (typeof key !== 'string') return key
  if (key.includes('-----BEGIN')) return createPublicKey(key)
  return createPublicKey({ key: Buffer.from(key.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' })
}

export function privateKeyFrom(key: string | KeyObject): KeyObject {
  if (typeof key !== 'string') return key
  if (key.includes('-----BEGIN')) return createPrivateKey(key)
  return createPrivateKey({ key: Buffer.from(key.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'pkcs8' })
}

/** Signs content, returning the URL-encoded base64 value that goes into the Signature header. */
export function signContent(content: string, privateKey: KeyObject): string {
  return encodeURIComponent(createSign('RSA-SHA256').update(content).sign(privateKey, 'base64'))
}

/**
 * The same signature computed on libuv's thread pool: an RSA-2048 signature costs about as much as
 * all the rest of a request, so signing off the event loop lets the mock use a second core.
 */
export function signContentAsync(content: string, privateKey: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(content, 'utf8'), privateKey, (error, signature) => (error ? reject(error) : resolve(encodeURIComponent(signature.toString('base64')))))
  })
}

export interface SignatureHeader {
  readonly algorithm: string | undefined
  readonly keyVersion: string | undefined
  readonly signature: string | undefined
}

/**
 * Parses `algorithm=RSA256,keyVersion=1,signature=...`. The SDKs write no spaces, the docs do;
 * the signature is everything after `signature=`, as the SDKs read it.
 */
export function parseSignatureHeader(header: string): SignatureHeader {
  const at = header.indexOf('signature=')
  const signature = at >= 0 ? header.slice(at + 'signature='.length).trim() : undefined
  const head = at >= 0 ? header.slice(0, at) : header
  const fields = new Map(
    head
      .split(',')
      .map((part) => part.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== undefined && pair[1] !== undefined)
      .map(([k, v]) => [k.trim(), v.trim()]),
  )
  return { algorithm: fields.get('algorithm'), keyVersion: fields.get('keyVersion'), signature: signature || undefined }
}

export function formatSignatureHeader(encodedSignature: string, keyVersion = '1'): string {
  return `algorithm=RSA256,keyVersion=${keyVersion},signature=${encodedSignature}`
}

/** Antom's wire time: ISO 8601 with an explicit offset (UTC+8, where Antom's examples sit). */
export const antomTime = (ms: number): string => isoSeconds(ms, '+08:00')

/** Request-Time may be epoch milliseconds (the docs, the Go SDK) or ISO 8601 (the Python SDK). */
export function isValidRequestTime(value: string): boolean {
  if (/^\d{10,16}$/.test(value)) return true
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))
}

/**
 * Verifies an URL-encoded base64 RSA256 signature. Unlike signing, an RSA verify is cheap (~20 µs):
 * handing it to the thread pool cost more than it saved (measured in bench/), so it runs inline.
 */
export function verifyContent(content: string, encodedSignature: string, publicKey: KeyObject): boolean {
  let signature: Buffer
  try {
    signature = Buffer.from(decodeURIComponent(encodedSignature), 'base64')
  } catch {
    return false
  }
  if (signature.length === 0) return false
  return verify('sha256', Buffer.from(content, 'utf8'), publicKey, signature)
}
