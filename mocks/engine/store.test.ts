import { expect, test } from 'vitest'
import { brandOf, Collection, maskCard, Store, type CardData } from './store.ts'
import { retentionPolicy } from './retention.ts'

const card: CardData = { number: '4111111111111111', expiryMonth: '12', expiryYear: '2030', holderName: 'A B', cvv: '123' }

test('keepCard keeps the card without its CVV', () => {
  const store = new Store()
  store.keepCard('tok_1', card)
  expect(store.cardOf('tok_1')).toEqual({ number: '4111111111111111', expiryMonth: '12', expiryYear: '2030', holderName: 'A B' })
  expect(store.cardOf('tok_1')).not.toHaveProperty('cvv')
  expect(store.cardOf('nope')).toBeUndefined()
})

test('buyer finds the same buyer for the same provider, merchant and reference, and a new one otherwise', () => {
  const store = new Store()
  const a = store.buyer('p', 'm1', 'ref', 1)
  expect(store.buyer('p', 'm1', 'ref', 2)).toBe(a)
  expect(store.buyer('p', 'm2', 'ref', 3)).not.toBe(a)
  expect(store.buyer('q', 'm1', 'ref', 4)).not.toBe(a)
  expect(store.buyers.size).toBe(3)
  expect(a).toEqual({ id: 'p:m1:ref', provider: 'p', merchantId: 'm1', reference: 'ref', createdAt: 1, tokenIds: [] })
})

test('clear empties every collection and the card vault', () => {
  const store = new Store()
  store.keepCard('tok_1', card)
  store.buyer('p', 'm', 'r', 0)
  store.tokens.put({ id: 't', provider: 'p', merchantId: 'm', card: maskCard(card), status: 'active', usage: 'multiple', uses: 0, createdAt: 0 })
  store.clear()
  expect([store.buyers.size, store.tokens.size, store.payments.size, store.sessions.size, store.vaultings.size]).toEqual([0, 0, 0, 0, 0])
  expect(store.cardOf('tok_1')).toBeUndefined()
})

test('Collection puts, gets, finds and filters by id', () => {
  const c = new Collection<{ id: string; n: number }>()
  c.put({ id: 'a', n: 1 })
  c.put({ id: 'b', n: 2 })
  c.put({ id: 'a', n: 3 })
  expect(c.size).toBe(2)
  expect(c.get('a')).toEqual({ id: 'a', n: 3 })
  expect(c.find((r) => r.n === 2)?.id).toBe('b')
  expect(c.find((r) => r.n === 9)).toBeUndefined()
  expect(c.filter((r) => r.n > 1).map((r) => r.id)).toEqual(['a', 'b'])
  expect(c.filter()).toHaveLength(2)
})

test.each([
  ['4111111111111111', 'VISA'],
  ['5555555555554444', 'MASTERCARD'],
  ['2221000000000009', 'MASTERCARD'],
  ['378282246310005', 'AMEX'],
  ['340000000000009', 'AMEX'],
  ['3530111333300000', 'JCB'],
  ['30569309025904', 'DINERS'],
  ['36000000000008', 'DINERS'],
  ['6011111111111117', 'DISCOVER'],
  ['6500000000000002', 'DISCOVER'],
  ['6200000000000005', 'CUP'],
  ['5018000000000009', 'MAESTRO'],
  ['6759649826438453', 'MAESTRO'],
  ['9000000000000000', 'OTHER'],
])('brandOf(%s) is %s', (pan, brand) => {
  expect(brandOf(pan)).toBe(brand)
})

test('maskCard shows only first 6, last 4, brand and expiry', () => {
  expect(maskCard(card)).toEqual({ masked: '411111******1111', first6: '411111', last4: '1111', brand: 'VISA', expiryMonth: '12', expiryYear: '2030' })
  expect(maskCard(card, 'OTHER').brand).toBe('OTHER')
  expect(JSON.stringify(maskCard(card))).not.toContain('4111111111111111')
})

test("a buyer lists only the tokens kept: evicted tokens leave its list, and the card index and vault shrink with them", () => {
  const policy = retentionPolicy({ payments: { maxCount: 2 }, tokens: { maxCount: 3 } })
  const store = new Store(policy)
  for (let i = 0; i < 10; i++) {
    const number = `41111111111111${String(i).padStart(2, '0')}`
    const token = store.saveToken({ id: `t${i}`, provider: 'p', merchantId: 'm', buyerRef: 'shopper', card: maskCard({ ...card, number }), status: 'active', usage: 'multiple', uses: 0, createdAt: i }, { ...card, number })
    store.buyer('p', 'm', 'shopper', i).tokenIds.push(token.id)
  }
  expect(store.buyers.get('p:m:shopper')?.tokenIds).toEqual(['t7', 't8', 't9'])
  expect(store.vaultSizes()).toEqual({ cards: 3, cardIndex: 3 })
  expect(store.vaultLimits().cardIndex).toEqual(policy.tokens)
})

test('the vault drops a card older than every record kind can be, even one no record claims', () => {
  let wall = 0
  const policy = retentionPolicy({ payments: { maxAgeMs: 1000 }, tokens: { maxAgeMs: 5000 } })
  const store = new Store(policy, () => wall)
  store.keepCard('orphan', card)
  wall = 4999
  store.evictExpired()
  expect(store.cardOf('orphan')).toBeDefined()
  wall = 5001
  store.evictExpired()
  expect(store.cardOf('orphan')).toBeUndefined()
  expect(store.vaultLimits().cards.maxAgeMs).toBe(5000)
})
