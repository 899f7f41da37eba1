/**
 * A sealed card (Pivot's `encryptedCard`) through a recording and back: the recorder keeps what the
 * seal held, masked and named by its test card; a replay seals the right test card again with the
 * key it is given. The ciphertext itself never reaches a Pact file: it opens only in the process
 * whose key made it.
 */
import { constants, publicEncrypt } from 'node:crypto'
import { expect, test } from 'vitest'
import { pivotContract } from '../../contracts/pivot/index.ts'
import { Recorder } from '../../mocks/engine/recorder.ts'
import { cardEncryptionKey, decryptCard, unsealCards } from '../../mocks/pivot/wire.ts'
import { cardRestorer } from './replay.ts'

// Two Pivot test cards share 444000…0001: only the label tells the decline from the success.
const decline = pivotContract.testCards.find((c) => c.label === 'Visa, declined by channel')!
const success = pivotContract.testCards.find((c) => c.label === 'Visa, success, frictionless 3DS')!
const card = { number: decline.number, expiryMonth: '12', expiryYear: '2030', cvc: '123' }
const encrypt = (value: unknown): string =>
  publicEncrypt({ key: cardEncryptionKey().publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(JSON.stringify(value))).toString('base64')

test('the recorder keeps a sealed card masked and named by its test card, beside the ciphertext', () => {
  expect(decline.number.slice(0, 6) + decline.number.slice(-4)).toBe(success.number.slice(0, 6) + success.number.slice(-4))
  const body = { paymentMethod: { type: 'CARD', card: { encryptedCard: encrypt(card) } } }
  const sealed = unsealCards(body, pivotContract.testCards)
  const recorder = new Recorder()
  const id = recorder.record({
    direction: 'inbound',
    provider: 'pivot',
    startedAt: 0,
    durationMs: 1,
    request: { method: 'POST', url: 'http://127.0.0.1/v2/payments/x/confirm', headers: {}, body: JSON.stringify(body), sealed: () => sealed },
    response: { status: 200, headers: {}, body: '{}' },
  })
  const recorded = recorder.get(id)!
  expect(recorded.request.sealed).toEqual({
    paymentMethod: { type: 'CARD', card: { encryptedCard: { $sealed: { testCard: 'Visa, declined by channel', number: '444000******0001', expiryMonth: '12', expiryYear: '2030', cvc: '[removed]' } } } },
  })
  expect(JSON.stringify(recorded)).not.toContain(decline.number)
  expect(unsealCards({ paymentMethod: { card: { token: 'tok' } } }, pivotContract.testCards)).toBeUndefined()
})

test('a replay seals the named test card again, with the key the mock publishes', () => {
  const settings = { cardEncryptionKey: cardEncryptionKey().publicKeyPem }
  const restore = cardRestorer(pivotContract, pivotContract.conformance!, settings)
  const replayed = restore({ paymentMethod: { card: { encryptedCard: { $sealed: { testCard: 'Visa, declined by channel', number: '444000******0001', expiryMonth: '12', expiryYear: '2030', cvc: '[removed]' } } } } }) as {
    paymentMethod: { card: { encryptedCard: string } }
  }
  expect(typeof replayed.paymentMethod.card.encryptedCard).toBe('string')
  expect(JSON.parse(decryptCard(replayed.paymentMethod.card.encryptedCard)!)).toEqual(card)
})
