import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { ProviderContract } from '../contracts/core/provider-contract.ts'
import type { TestCard } from '../contracts/core/types.ts'
import { contractRegistry } from '../contracts/registry.ts'
import {
  BRAND_RULES,
  ISO_4217_MINOR_UNITS,
  KNOWN_BRANDS,
  brandOf,
  buyerReference,
  card,
  cardNumber,
  cvv,
  formatMajor,
  futureExpiry,
  idempotencyKey,
  isLuhnValid,
  luhnCheckDigit,
  merchantReference,
  minorUnits,
  money,
  patchPresent,
  syntheticCardNumber,
} from './domain.ts'

const SEED = 4242
const allTestCards: readonly TestCard[] = (Object.values(contractRegistry) as ProviderContract[]).flatMap((c) => c.testCards)
const run = { numRuns: 200, seed: SEED }

describe('cards', () => {
  test('the Luhn digit of known numbers', () => {
    expect(luhnCheckDigit('411111111111111')).toBe('1')
    expect(isLuhnValid('4111111111111111')).toBe(true)
    expect(isLuhnValid('4111111111111112')).toBe(false)
    expect(isLuhnValid('370000000000002')).toBe(true)
  })

  test('every published test card of every contract is Luhn-valid', () => {
    const cards = allTestCards
    expect(cards.length).toBeGreaterThan(0)
    for (const c of cards) expect(isLuhnValid(c.number), c.number).toBe(true)
  })

  test.each(KNOWN_BRANDS)('%s: synthetic numbers are Luhn-valid, with the brand prefix and a brand length', (brand) => {
    fc.assert(
      fc.property(syntheticCardNumber(brand), (n) => {
        expect(isLuhnValid(n)).toBe(true)
        expect(brandOf(n)).toBe(brand)
        expect(BRAND_RULES[brand].lengths as readonly number[]).toContain(n.length)
      }),
      run,
    )
  })

  test('length constraints leave out brands that cannot meet them', () => {
    fc.assert(fc.property(cardNumber({ lengths: [15] }), (n) => {
      expect(brandOf(n)).toBe('AMEX')
    }), run)
    expect(() => syntheticCardNumber('AMEX', [16])).toThrow(/AMEX/)
  })

  test('a whole card agrees with itself: CVV length by brand, expiry after this month', () => {
    const now = new Date(Date.UTC(2026, 10, 30, 23, 59))
    const testCards = allTestCards
    fc.assert(
      fc.property(card({ testCards, now }), (c) => {
        expect(isLuhnValid(c.number)).toBe(true)
        expect(c.cvv).toMatch(c.brand === 'AMEX' ? /^\d{4}$/ : /^\d{3}$/)
        expect(c.expiry.year * 12 + c.expiry.month).toBeGreaterThan(2026 * 12 + 11)
        if (c.testCard !== undefined) expect(c.number).toBe(c.testCard.number)
      }),
      run,
    )
  })

  test('expiries are in the future, months 1–12, within the horizon', () => {
    const now = new Date(Date.UTC(2026, 11, 15))
    fc.assert(
      fc.property(futureExpiry({ now, maxYearsAhead: 5 }), (e) => {
        expect(e.month).toBeGreaterThanOrEqual(1)
        expect(e.month).toBeLessThanOrEqual(12)
        expect(Date.UTC(e.year, e.month - 1)).toBeGreaterThan(now.getTime())
        // At most five years after next month.
        expect(e.year * 12 + e.month - (2026 * 12 + 12)).toBeLessThanOrEqual(5 * 12 + 1)
      }),
      run,
    )
  })

  test('CVVs: 4 digits for AMEX, 3 otherwise', () => {
    fc.assert(fc.property(cvv('AMEX'), (v) => {
      expect(v).toMatch(/^\d{4}$/)
    }), run)
    fc.assert(fc.property(cvv('VISA'), (v) => {
      expect(v).toMatch(/^\d{3}$/)
    }), run)
  })
})

describe('money', () => {
  test('the table holds ISO 4217 exponents', () => {
    expect(ISO_4217_MINOR_UNITS).toMatchObject({ USD: 2, EUR: 2, JPY: 0, VND: 0, KRW: 0, KWD: 3, BHD: 3, HKD: 2, SGD: 2, IDR: 2 })
    expect(() => minorUnits('XXX')).toThrow(/XXX/)
  })

  test('amounts are whole minor units within bounds, and format with the currency’s decimals', () => {
    fc.assert(
      fc.property(money({ maxMajor: 1000 }), (m) => {
        expect(Number.isInteger(m.minor)).toBe(true)
        expect(m.minor).toBeGreaterThanOrEqual(1)
        expect(m.minor).toBeLessThanOrEqual(1000 * 10 ** m.exponent)
        expect(m.exponent).toBe(minorUnits(m.currency))
        const major = formatMajor(m.minor, m.exponent)
        expect(major.split('.')[1]?.length ?? 0).toBe(m.exponent)
        expect(Number(major) * 10 ** m.exponent).toBeCloseTo(m.minor, 6)
      }),
      run,
    )
    expect(formatMajor(1234, 2)).toBe('12.34')
    expect(formatMajor(5, 3)).toBe('0.005')
    expect(formatMajor(1000, 0)).toBe('1000')
  })

  test('a caller may state its own exponent', () => {
    fc.assert(fc.property(money({ currencies: ['IDR'], exponents: { IDR: 0 } }), (m) => {
      expect(m.exponent).toBe(0)
    }), run)
  })
})

describe('references and keys', () => {
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
  const phone = /^\+?\d[\d\s().-]{6,}$/
  const name = /^\p{Lu}\p{Ll}+(?:[ .'-]\p{Lu}\p{Ll}+)+$/u

  test('buyer references are pseudonymous: never an e-mail, a phone number or a name, within bounds', () => {
    fc.assert(
      fc.property(buyerReference({ minLength: 3, maxLength: 20 }), (r) => {
        expect(r).not.toMatch(email)
        expect(r).not.toMatch(phone)
        expect(r).not.toMatch(name)
        expect(r.length).toBeGreaterThanOrEqual(3)
        expect(r.length).toBeLessThanOrEqual(20)
      }),
      run,
    )
  })

  test('idempotency keys are UUIDs, distinct across a sample', () => {
    const keys = fc.sample(idempotencyKey(), { numRuns: 500, seed: SEED })
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(keys).size).toBeGreaterThan(490)
  })

  test('merchant references fit their limit', () => {
    fc.assert(fc.property(merchantReference({ maxLength: 10 }), (r) => {
      expect(r.length).toBeLessThanOrEqual(10)
    }), run)
  })

  test('patchPresent sets only fields that are there', () => {
    expect(patchPresent({ a: 1, b: 2 }, { b: 3, c: 4 })).toEqual({ a: 1, b: 3 })
  })
})
