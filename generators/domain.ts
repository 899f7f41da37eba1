/**
 * Domain arbitraries: values that are plausible for card tokenization, not just schema-valid noise.
 * Providers compose these in their overrides (contracts/<id>/arbitraries.ts); users compose them in
 * their own property tests. Nothing here knows a provider: what is provider-specific (its test cards,
 * its currencies, its field formats) comes in as arguments.
 */
import fc from 'fast-check'
import type { TestCard } from '../contracts/core/types.ts'
import { BRAND_RULES, KNOWN_BRANDS, cvvLength, luhnCheckDigit, type KnownBrand } from './cards.ts'
import { CURRENCY_CODES, minorUnits, type CurrencyCode } from './currencies.ts'

export { BRAND_RULES, KNOWN_BRANDS, brandOf, cvvLength, isLuhnValid, luhnCheckDigit, type KnownBrand } from './cards.ts'
export { CURRENCY_CODES, ISO_4217_MINOR_UNITS, formatMajor, isCurrencyCode, minorUnits, type CurrencyCode } from './currencies.ts'

// ---------------------------------------------------------------------------------------------
// Card numbers
// ---------------------------------------------------------------------------------------------

export interface CardNumberOptions {
  /** Brands to draw from; default every known brand. */
  readonly brands?: readonly KnownBrand[]
  /** Allowed lengths (a provider's field may take only 16 digits); default the brand's own. */
  readonly lengths?: readonly number[]
}

/** A Luhn-valid number with a real IIN prefix of `brand` and one of its lengths. */
export function syntheticCardNumber(brand: KnownBrand, lengths?: readonly number[]): fc.Arbitrary<string> {
  const rule = BRAND_RULES[brand]
  const allowed = rule.lengths.filter((l) => lengths === undefined || lengths.includes(l))
  if (allowed.length === 0) throw new Error(`${brand} numbers are never ${lengths?.join('/')} digits long`)
  const prefix = fc.constantFrom(...rule.prefixes).chain(([from, to]) => fc.integer({ min: from, max: to }).map(String))
  return fc.tuple(prefix, fc.constantFrom(...allowed), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 })).map(([iin, length, digits]) => {
    const payload = (iin + digits.join('')).slice(0, length - 1)
    return payload + luhnCheckDigit(payload)
  })
}

/** Synthetic numbers of the given brands (only those that have an allowed length). */
export function cardNumber(options: CardNumberOptions = {}): fc.Arbitrary<string> {
  const brands = usableBrands(options)
  return fc.oneof(...brands.map((b) => syntheticCardNumber(b, options.lengths)))
}

function usableBrands(options: CardNumberOptions): KnownBrand[] {
  const brands = (options.brands ?? KNOWN_BRANDS).filter((b) => options.lengths === undefined || BRAND_RULES[b].lengths.some((l) => options.lengths!.includes(l)))
  if (brands.length === 0) throw new Error(`no brand among ${(options.brands ?? KNOWN_BRANDS).join(', ')} has a length in ${options.lengths?.join('/')}`)
  return brands
}

/** A provider's published test cards (optionally only those of the given brands and lengths). */
export function publishedTestCard<C extends TestCard>(cards: readonly C[], options: CardNumberOptions = {}): fc.Arbitrary<C> {
  const usable = cards.filter((c) => (options.brands === undefined || (options.brands as readonly string[]).includes(c.brand)) && (options.lengths === undefined || options.lengths.includes(c.number.length)))
  if (usable.length === 0) throw new Error('no published test card matches the brand and length constraints')
  return fc.constantFrom(...usable)
}

// ---------------------------------------------------------------------------------------------
// Expiry, CVV, whole cards
// ---------------------------------------------------------------------------------------------

export interface Expiry {
  /** 1–12 */
  readonly month: number
  /** Four digits. */
  readonly year: number
}

/**
 * An expiry after the current month of `now` (a card is valid through its expiry month, but a
 * test that runs over midnight at month end should not see its card expire), at most
 * `maxYearsAhead` years out. `now` is read when the arbitrary is built, not per value, so one
 * seed gives the same values within a run.
 */
export function futureExpiry(options: { readonly now?: Date; readonly maxYearsAhead?: number } = {}): fc.Arbitrary<Expiry> {
  const now = options.now ?? new Date()
  const first = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1 // months since year 0, next month
  const last = first + (options.maxYearsAhead ?? 10) * 12
  return fc.integer({ min: first, max: last }).map((m) => ({ year: Math.floor(m / 12), month: (m % 12) + 1 }))
}

export const mm = (e: Expiry): string => String(e.month).padStart(2, '0')
export const yy = (e: Expiry): string => String(e.year % 100).padStart(2, '0')
export const yyyy = (e: Expiry): string => String(e.year)

/** A CVV of the brand's length: 4 digits for AMEX, 3 otherwise. */
export function cvv(brand: string): fc.Arbitrary<string> {
  const length = cvvLength(brand)
  return fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''))
}

export interface CardSample {
  readonly number: string
  readonly brand: KnownBrand
  readonly expiry: Expiry
  readonly cvv: string
  /** The published test card it came from, when it is one. */
  readonly testCard?: TestCard
}

export interface CardOptions extends CardNumberOptions {
  /** Published test cards to draw from as well as synthetic numbers (usually the contract's `testCards`). */
  readonly testCards?: readonly TestCard[]
  readonly now?: Date
}

/**
 * A whole card, number, brand, expiry and CVV agreeing with each other: half published test cards
 * (which drive the mocks' behaviours), half synthetic Luhn-valid numbers.
 */
export function card(options: CardOptions = {}): fc.Arbitrary<CardSample> {
  const synthetic = fc
    .constantFrom(...usableBrands(options))
    .chain((brand) => syntheticCardNumber(brand, options.lengths).map((number) => ({ number, brand, testCard: undefined as TestCard | undefined })))
  const knownBrand = (brand: string): brand is KnownBrand => (KNOWN_BRANDS as readonly string[]).includes(brand)
  const published = (options.testCards ?? []).filter(
    (c) => knownBrand(c.brand) && (options.brands === undefined || options.brands.includes(c.brand)) && (options.lengths === undefined || options.lengths.includes(c.number.length)),
  )
  const numbers =
    published.length === 0
      ? synthetic
      : fc.oneof(synthetic, fc.constantFrom(...published).map((c) => ({ number: c.number, brand: c.brand as KnownBrand, testCard: c as TestCard | undefined })))
  return fc
    .tuple(numbers, futureExpiry(options.now === undefined ? {} : { now: options.now }))
    .chain(([n, expiry]) => cvv(n.brand).map((code) => ({ number: n.number, brand: n.brand, expiry, cvv: code, ...(n.testCard === undefined ? {} : { testCard: n.testCard }) })))
}

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

export interface MoneySample {
  readonly currency: string
  /** In minor units of the currency (cents for USD, yen for JPY). */
  readonly minor: number
  readonly exponent: number
}

export interface MoneyOptions {
  /** Default: every currency of the ISO 4217 table. */
  readonly currencies?: readonly string[]
  /** Largest amount in major units (default 100,000). */
  readonly maxMajor?: number
  /** Smallest amount in minor units (default 1). */
  readonly minMinor?: number
  /** Exponents that differ from ISO 4217 for this caller (a provider that takes IDR in whole rupiah). */
  readonly exponents?: Readonly<Record<string, number>>
}

/** An amount valid for its currency: a whole number of minor units, so JPY never has cents and KWD has fils. */
export function money(options: MoneyOptions = {}): fc.Arbitrary<MoneySample> {
  const currencies = options.currencies ?? CURRENCY_CODES
  if (currencies.length === 0) throw new Error('money() needs at least one currency')
  const exponentOf = (c: string) => options.exponents?.[c] ?? minorUnits(c)
  for (const c of currencies) exponentOf(c) // fail at build time on an unknown code
  return fc.constantFrom(...currencies).chain((currency) => {
    const exponent = exponentOf(currency)
    const max = (options.maxMajor ?? 100_000) * 10 ** exponent
    return fc.integer({ min: options.minMinor ?? 1, max }).map((minor) => ({ currency, minor, exponent }))
  })
}

export function currency(codes: readonly CurrencyCode[] = CURRENCY_CODES): fc.Arbitrary<CurrencyCode> {
  return fc.constantFrom(...codes)
}

// ---------------------------------------------------------------------------------------------
// References and keys
// ---------------------------------------------------------------------------------------------

const base32 = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz234567')

/**
 * A pseudonymous buyer reference: a fixed prefix and random base32, so it is never an e-mail
 * address, a phone number or a name (providers ask merchants not to put PII there).
 */
export function buyerReference(options: { readonly prefix?: string; readonly minLength?: number; readonly maxLength?: number } = {}): fc.Arbitrary<string> {
  const prefix = options.prefix ?? 'buyer_'
  const min = Math.max(options.minLength ?? 0, prefix.length + 8)
  const max = Math.min(options.maxLength ?? 64, prefix.length + 26)
  if (max < min) throw new Error(`buyerReference cannot fit ${prefix}+8 characters in ${options.maxLength}`)
  return fc.string({ unit: base32, minLength: min - prefix.length, maxLength: max - prefix.length }).map((s) => prefix + s)
}

/** An idempotency key: a version 4 UUID (36 characters, inside every documented limit we know, e.g. 64). */
export const idempotencyKey = (): fc.Arbitrary<string> => fc.uuid({ version: 4 })

/** A merchant-side reference (order, payment request) of at most `maxLength` characters. */
export function merchantReference(options: { readonly prefix?: string; readonly maxLength?: number } = {}): fc.Arbitrary<string> {
  const prefix = options.prefix ?? 'ref-'
  const max = Math.min(options.maxLength ?? 64, prefix.length + 24)
  if (max <= prefix.length) throw new Error(`merchantReference cannot fit ${prefix} in ${options.maxLength}`)
  return fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'), minLength: 1, maxLength: max - prefix.length }).map((s) => prefix + s)
}

/**
 * Sets the keys of `patch` that `target` already has, leaving absent optional fields absent: an
 * override that makes a generated object plausible must not add fields the schema made optional.
 */
export function patchPresent<T extends object>(target: T, patch: Readonly<Record<string, unknown>>): T {
  const out = { ...target } as Record<string, unknown>
  for (const [key, value] of Object.entries(patch)) if (Object.hasOwn(out, key)) out[key] = value
  return out as T
}

/**
 * Leaves the named (optional) fields out of all but one in `keepOneIn` generated objects: for
 * references a fresh mock cannot know (a saved token, an earlier authentication), which would
 * otherwise turn most generated requests into the same "not found" answer. `keepOneIn: 0` leaves
 * them out always: for times relative to a clock the generator cannot read.
 */
export function mostlyWithout(value: fc.Arbitrary<unknown>, fields: readonly string[], keepOneIn = 10): fc.Arbitrary<unknown> {
  return fc.tuple(value, fc.nat(Math.max(0, keepOneIn - 1))).map(([generated, draw]) => {
    if (keepOneIn > 0 && draw === 0) return generated
    if (generated === null || typeof generated !== 'object' || Array.isArray(generated)) return generated
    const out = { ...(generated as Record<string, unknown>) }
    for (const field of fields) delete out[field]
    return out
  })
}
