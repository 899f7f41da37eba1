/**
 * Card brands as data (IIN prefixes, lengths, CVV length) and the Luhn check digit.
 * Synthetic numbers use real brand prefixes so brand detection in a mock or an integration sees
 * the brand the test meant.
 */
import type { CardBrand } from '../contracts/core/types.ts'

export interface BrandRule {
  /** Inclusive IIN ranges; each bound has the same number of digits. */
  readonly prefixes: readonly (readonly [from: number, to: number])[]
  readonly lengths: readonly number[]
  readonly cvvLength: 3 | 4
}

/** Published IIN ranges of each brand (ISO/IEC 7812 assignments as the networks document them). */
export const BRAND_RULES = {
  VISA: { prefixes: [[4, 4]], lengths: [16, 13, 19], cvvLength: 3 },
  MASTERCARD: { prefixes: [[51, 55], [2221, 2720]], lengths: [16], cvvLength: 3 },
  AMEX: { prefixes: [[34, 34], [37, 37]], lengths: [15], cvvLength: 4 },
  JCB: { prefixes: [[3528, 3589]], lengths: [16, 19], cvvLength: 3 },
  DISCOVER: { prefixes: [[6011, 6011], [644, 649], [65, 65]], lengths: [16, 19], cvvLength: 3 },
  DINERS: { prefixes: [[300, 305], [36, 36], [38, 39]], lengths: [14, 16], cvvLength: 3 },
  CUP: { prefixes: [[62, 62]], lengths: [16, 17, 18, 19], cvvLength: 3 },
  MAESTRO: { prefixes: [[5018, 5018], [5020, 5020], [5038, 5038], [6304, 6304], [6759, 6759], [6761, 6763]], lengths: [16, 19], cvvLength: 3 },
} as const satisfies Readonly<Record<Exclude<CardBrand, 'OTHER'>, BrandRule>>

export type KnownBrand = keyof typeof BRAND_RULES
export const KNOWN_BRANDS = Object.keys(BRAND_RULES) as KnownBrand[]

/** The digit that makes `payload + digit` pass the Luhn check. */
export function luhnCheckDigit(payload: string): string {
  let sum = 0
  for (let i = 0; i < payload.length; i++) {
    // Counting from the right of the payload, every first digit is doubled (the check digit follows it).
    let d = Number(payload[payload.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}

export function isLuhnValid(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === number.slice(-1)
}

/** The brand whose longest matching IIN prefix the number starts with, if any. */
export function brandOf(number: string): KnownBrand | undefined {
  let best: { brand: KnownBrand; digits: number } | undefined
  for (const brand of KNOWN_BRANDS) {
    for (const [from, to] of BRAND_RULES[brand].prefixes) {
      const digits = String(from).length
      const head = Number(number.slice(0, digits))
      if (number.length >= digits && head >= from && head <= to && (best === undefined || digits > best.digits)) best = { brand, digits }
    }
  }
  return best?.brand
}

export function cvvLength(brand: string): 3 | 4 {
  return brand === 'AMEX' ? 4 : 3
}
