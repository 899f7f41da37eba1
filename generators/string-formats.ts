/**
 * Arbitraries for the JSON Schema `format`s the contracts use. Each one produces a conservative
 * subset that zod's check (its emitted `pattern`), ajv-formats and `new URL()` all accept, because
 * the laws hold every value to both; the deriver still checks the emitted `pattern` on each value.
 */
import fc from 'fast-check'

const lowerAlnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789')
const lowerAlpha = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz')
const word = (min: number, max: number, chars = lowerAlnum) => fc.string({ unit: chars, minLength: min, maxLength: max })

/**
 * Labels of letters and digits only (no leading/trailing hyphen, well under 63 characters), under a
 * top-level name reserved for tests (RFC 2606, RFC 6761): a mock that calls a generated notification
 * URL, or a user's code that follows one, can never reach a real host.
 */
export const RESERVED_TLDS = ['test', 'example', 'invalid'] as const
const domainName = fc
  .tuple(fc.array(word(1, 12), { minLength: 1, maxLength: 3 }), fc.constantFrom(...RESERVED_TLDS))
  .map(([labels, tld]) => [...labels, tld].join('.'))

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Offsets in minutes: UTC (as `Z` or `+00:00`) and a few real ones on both sides. */
const offsetMinutes = fc.constantFrom(0, 0, 420, 480, -300, 330, 345, -180, 60)

/** RFC 3339 with seconds, sometimes fractions, and an offset: the form `z.iso.datetime({ offset: true })` accepts. */
const dateTime = fc
  .tuple(
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
    offsetMinutes,
    fc.boolean(),
    fc.boolean(),
  )
  .map(([ms, offset, withMillis, zulu]) => {
    const local = new Date(ms + offset * 60_000).toISOString() // YYYY-MM-DDTHH:mm:ss.sssZ, shifted to the offset
    const body = withMillis ? local.slice(0, 23) : local.slice(0, 19)
    if (offset === 0 && zulu) return `${body}Z`
    const sign = offset < 0 ? '-' : '+'
    const abs = Math.abs(offset)
    return `${body}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  })

const date = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10))

/** Dot-separated atoms only: zod's e-mail pattern and ajv's agree on these. */
const email = fc
  .tuple(fc.array(word(1, 10), { minLength: 1, maxLength: 2 }), domainName)
  .map(([local, domain]) => `${local.join('.')}@${domain}`)

const uri = fc
  .tuple(
    fc.constantFrom('https', 'http'),
    domainName,
    fc.array(word(1, 10), { maxLength: 3 }),
    fc.option(fc.tuple(word(1, 6, lowerAlpha), word(0, 8)), { nil: undefined }),
  )
  .map(([scheme, host, path, query]) => {
    const tail = path.length === 0 ? '' : `/${path.join('/')}`
    return `${scheme}://${host}${tail}${query === undefined ? '' : `?${query[0]}=${query[1]}`}`
  })

const formats: Readonly<Record<string, fc.Arbitrary<string>>> = {
  'date-time': dateTime,
  date,
  email,
  uri,
  url: uri,
  // Versions 1–8 with the RFC 9562 variant: what zod's uuid pattern requires.
  uuid: fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }),
  ipv4: fc.ipV4(),
  hostname: domainName,
}

/** The arbitrary for a format, or undefined when the deriver must refuse the schema. */
export function formatArbitrary(format: string): fc.Arbitrary<string> | undefined {
  return Object.hasOwn(formats, format) ? formats[format] : undefined
}

export const supportedFormats: readonly string[] = Object.keys(formats)
