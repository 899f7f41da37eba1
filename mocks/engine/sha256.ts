import crypto, { createHash, type BinaryToTextEncoding } from 'node:crypto'

// node:crypto's one-shot `hash` (Node 20.12 on) costs about a third of a Hash object's for the short
// texts the mock hashes per call (seeded ids, card keys); package.json allows Node 20.11, which lacks it.
const oneShot = typeof crypto.hash === 'function'

/** The SHA-256 of a UTF-8 text, as bytes. */
export function sha256(text: string): Buffer
/** The SHA-256 of a UTF-8 text, encoded. */
export function sha256(text: string, encoding: BinaryToTextEncoding): string
export function sha256(text: string, encoding?: BinaryToTextEncoding): Buffer | string {
  if (encoding === undefined) return oneShot ? crypto.hash('sha256', text, 'buffer') : createHash('sha256').update(text).digest()
  return oneShot ? crypto.hash('sha256', text, encoding) : createHash('sha256').update(text).digest(encoding)
}
