/**
 * ISO 4217 alphabetic codes and their minor units (the exponent: 2 means cents), as data.
 *
 * The values are ISO's. Providers sometimes differ (a provider may take IDR in whole rupiah while
 * ISO gives it 2 decimals); such a provider states its own exponent in its overrides rather than
 * this table bending to it.
 */
export const ISO_4217_MINOR_UNITS = {
  AED: 2,
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TWD: 2,
  UGX: 0,
  USD: 2,
  VND: 0,
  XAF: 0,
  XOF: 0,
  ZAR: 2,
} as const satisfies Readonly<Record<string, 0 | 2 | 3>>

export type CurrencyCode = keyof typeof ISO_4217_MINOR_UNITS

export const CURRENCY_CODES = Object.keys(ISO_4217_MINOR_UNITS) as CurrencyCode[]

export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(ISO_4217_MINOR_UNITS, code)
}

/** Minor units of a listed currency; throws for an unlisted one rather than guessing 2. */
export function minorUnits(code: string): number {
  if (!isCurrencyCode(code)) throw new Error(`currency ${code} is not in the ISO 4217 table of generators/currencies.ts`)
  return ISO_4217_MINOR_UNITS[code]
}

/** "1234" minor units of a 2-exponent currency → "12.34"; of a 0-exponent one → "1234". */
export function formatMajor(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor)
  const digits = String(minor).padStart(exponent + 1, '0')
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}
