import { createSign, createVerify, type KeyObject } from 'node:crypto'

export interface SigningBaseline {
  /** RSA-2048 SHA256withRSA signatures per second on one thread: the mock's ceiling. */
  readonly signsPerSecond: number
  readonly signs: number
  readonly seconds: number
  /** Verifications per second (the mock's other RSA operation per request), for reference. */
  readonly verifiesPerSecond: number
  readonly contentBytes: number
}

const loop = (ms: number, step: () => void): { count: number; seconds: number } => {
  let count = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    step()
    count++
    elapsed = performance.now() - start
  }
  return { count, seconds: elapsed / 1000 }
}

/**
 * A plain `createSign('RSA-SHA256')` loop over a realistic signed content, as fast as one thread
 * goes. Per request the mock verifies one signature (cheap) and signs one response (expensive), so
 * a single-threaded mock cannot answer more requests per second than this loop signs.
 */
export function measureSigningBaseline(content: string, privateKey: KeyObject, publicKey: KeyObject, ms = 3_000): SigningBaseline {
  loop(200, () => createSign('RSA-SHA256').update(content).sign(privateKey, 'base64')) // warm-up
  const signing = loop(ms, () => createSign('RSA-SHA256').update(content).sign(privateKey, 'base64'))
  const signature = createSign('RSA-SHA256').update(content).sign(privateKey)
  const verifying = loop(Math.min(ms, 1_000), () => createVerify('RSA-SHA256').update(content).verify(publicKey, signature))
  return {
    signsPerSecond: signing.count / signing.seconds,
    signs: signing.count,
    seconds: signing.seconds,
    verifiesPerSecond: verifying.count / verifying.seconds,
    contentBytes: Buffer.byteLength(content),
  }
}
