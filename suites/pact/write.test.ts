import { expect, test } from 'vitest'
import { assertNoCardData } from './write.ts'

test('a pact holding a card number or a private key is refused, naming where and never what', () => {
  const pact = { interactions: [{ request: { body: { content: { card: '4111 1111 1111 1111', id: '20260115114500000003' } } } }] }
  let message = ''
  try {
    assertNoCardData(pact)
  } catch (error) {
    message = String(error)
  }
  expect(message).toContain('$.interactions[0].request.body.content.card: a card number')
  expect(message).not.toContain('4111')
  expect(() => assertNoCardData({ key: '-----BEGIN PRIVATE KEY-----\nabc' })).toThrow(/\$\.key: a private key/)
  // Masked numbers, long ids that are not card numbers and UUIDs pass.
  expect(() => assertNoCardData({ a: '411111******1111', b: '20260115114500000003', c: '41111111-1111-1111-1111-111111111111' })).not.toThrow()
})
