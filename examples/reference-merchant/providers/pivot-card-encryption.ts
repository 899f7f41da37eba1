/**
 * Pivot's card encryption for its API mode (the "cards encryption flow"): the payment session
 * answers an `encryptionKey` (an RSA public key, SPKI PEM) and the card goes to Pivot only as
 * RSA-OAEP / SHA-256 ciphertext of its JSON, base64. In a browser checkout this runs in the
 * merchant's front end; the reference merchant has no front end, so it runs here, and the
 * plaintext never leaves this function.
 */
import { constants, createPublicKey, publicEncrypt } from 'node:crypto'
import type { TestCardInput } from '../../../suites/driver.ts'

/** Encrypts the card for `paymentMethod.card.encryptedCard`. Throws when the key is not an RSA public key. */
export function encryptCard(encryptionKeyPem: string, card: TestCardInput & { readonly cvv: string }): string {
  const key = createPublicKey(encryptionKeyPem)
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the session encryptionKey is ${key.asymmetricKeyType ?? 'not'} an RSA key`)
  const plaintext = JSON.stringify({
    number: card.number,
    expiryMonth: card.expiryMonth,
    // Pivot wants four digits; the checkout form gives two (the card shows MM/YY).
    expiryYear: `20${card.expiryYear}`,
    cvc: card.cvv,
    ...(card.holderName !== undefined ? { cardholderName: card.holderName } : {}),
  })
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(plaintext, 'utf8')).toString('base64')
}
