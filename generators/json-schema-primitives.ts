/**
 * Strings and numbers: the leaves of a schema, where lengths, patterns, formats and ranges apply.
 */
import fc from 'fast-check'
import { UnsupportedSchemaError, numberKeyword, optionalCount, optionalNumber, stringKeyword, type SchemaObject } from './json-schema-reading.ts'
import { formatArbitrary } from './string-formats.ts'

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

/**
 * Characters of free text: mostly printable ASCII, some Latin and CJK letters. No astral-plane
 * characters: zod counts UTF-16 code units and ajv counts code points, and the two agree only
 * on the Basic Multilingual Plane.
 */
export const textChar = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xc0, max: 0x24f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)) },
)

/** Free text, when nothing bounds the length, stays short: long strings test nothing the schema says. */
const FREE_TEXT_SPAN = 24

export function deriveString(schema: SchemaObject, pointer: string): fc.Arbitrary<string> {
  const minLength = optionalCount(schema, 'minLength', pointer) ?? 0
  const maxLength = optionalCount(schema, 'maxLength', pointer)
  if (maxLength !== undefined && maxLength < minLength) throw new UnsupportedSchemaError(pointer, `minLength ${minLength} > maxLength ${maxLength}`)
  const pattern = schema['pattern'] === undefined ? undefined : compilePattern(stringKeyword(schema, 'pattern', pointer), pointer)
  const fitsLength = (s: string) => {
    // Both measures: zod (UTF-16 units) and ajv (code points) must agree the length is allowed.
    const units = s.length
    const points = [...s].length
    return Math.min(units, points) >= minLength && (maxLength === undefined || Math.max(units, points) <= maxLength)
  }

  if (schema['format'] !== undefined) {
    const format = stringKeyword(schema, 'format', pointer)
    const base = formatArbitrary(format)
    if (base === undefined) throw new UnsupportedSchemaError(pointer, `format "${format}" is not supported`)
    // A format generator is built to satisfy the patterns zod emits with it; if one does not, that is a
    // bug here, and it must surface as an error naming the schema, not as an invalid value.
    const checked = base.map((value) => {
      if (pattern !== undefined && !pattern.test(value)) throw new UnsupportedSchemaError(pointer, `format "${format}" produced ${JSON.stringify(value)}, which the pattern rejects`)
      return value
    })
    // Length bounds narrow a format (an e-mail of at most 40 characters): filter, if that leaves enough.
    assertSatisfiable(checked, fitsLength, pointer, `format "${format}" and length bounds`)
    return checked.filter(fitsLength)
  }
  if (pattern !== undefined) {
    const matching = fc.stringMatching(pattern)
    if (minLength === 0 && maxLength === undefined) return matching
    assertSatisfiable(matching, fitsLength, pointer, 'pattern and length bounds')
    return matching.filter(fitsLength)
  }
  return fc.string({ unit: textChar, minLength, maxLength: maxLength ?? minLength + FREE_TEXT_SPAN })
}

function compilePattern(source: string, pointer: string): RegExp {
  try {
    // ajv compiles patterns with the `u` flag; so must the generator, or `\p{…}` and friends differ.
    return new RegExp(source, 'u')
  } catch (error) {
    throw new UnsupportedSchemaError(pointer, `pattern ${JSON.stringify(source)} is not a valid ECMAScript regex: ${String(error)}`)
  }
}

/**
 * fast-check retries a filter forever, so a predicate that (almost) never holds would hang the
 * tests. Probe the unfiltered arbitrary with a fixed seed at build time and refuse the schema when
 * fewer than 1 in 20 values pass.
 */
export function assertSatisfiable<T>(base: fc.Arbitrary<T>, predicate: (value: T) => boolean, pointer: string, what: string): void {
  const probe = fc.sample(base, { numRuns: 200, seed: 1 })
  if (probe.filter(predicate).length < probe.length / 20) throw new UnsupportedSchemaError(pointer, `${what} rarely agree; the generator cannot satisfy both`)
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

export function deriveInteger(schema: SchemaObject, pointer: string): fc.Arbitrary<number> {
  const { lower, upper, lowerExcluded, upperExcluded } = numericBounds(schema, pointer)
  let min = lower === undefined ? Number.MIN_SAFE_INTEGER : lowerExcluded ? Math.floor(lower) + 1 : Math.ceil(lower)
  let max = upper === undefined ? Number.MAX_SAFE_INTEGER : upperExcluded ? Math.ceil(upper) - 1 : Math.floor(upper)
  min = Math.max(min, Number.MIN_SAFE_INTEGER)
  max = Math.min(max, Number.MAX_SAFE_INTEGER)
  const step = schema['multipleOf'] === undefined ? 1 : numberKeyword(schema, 'multipleOf', pointer)
  if (!Number.isInteger(step) || step <= 0) throw new UnsupportedSchemaError(pointer, `multipleOf ${step} on an integer is supported only as a positive integer`)
  const kMin = Math.ceil(min / step)
  const kMax = Math.floor(max / step)
  if (kMin > kMax) throw new UnsupportedSchemaError(pointer, `no integer in [${min}, ${max}] is a multiple of ${step}`)
  return step === 1 ? fc.integer({ min, max }) : fc.integer({ min: kMin, max: kMax }).map((k) => k * step)
}

export function deriveNumber(schema: SchemaObject, pointer: string): fc.Arbitrary<number> {
  if (schema['multipleOf'] !== undefined) throw new UnsupportedSchemaError(pointer, 'multipleOf on a non-integer number is not supported')
  const { lower, upper, lowerExcluded, upperExcluded } = numericBounds(schema, pointer)
  if (lower !== undefined && upper !== undefined && (lower > upper || (lower === upper && (lowerExcluded || upperExcluded)))) {
    throw new UnsupportedSchemaError(pointer, `empty range (${lower}, ${upper})`)
  }
  // JSON has no NaN or Infinity, and zod's z.number() rejects both.
  return fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(lower === undefined ? {} : { min: lower, minExcluded: lowerExcluded }),
    ...(upper === undefined ? {} : { max: upper, maxExcluded: upperExcluded }),
  })
}

interface Bounds {
  readonly lower: number | undefined
  readonly upper: number | undefined
  readonly lowerExcluded: boolean
  readonly upperExcluded: boolean
}

/** The tighter of `minimum`/`exclusiveMinimum` (and of the maxima); zod emits both for `.positive().min(1000)`. */
function numericBounds(schema: SchemaObject, pointer: string): Bounds {
  const min = optionalNumber(schema, 'minimum', pointer)
  const xMin = optionalNumber(schema, 'exclusiveMinimum', pointer)
  const max = optionalNumber(schema, 'maximum', pointer)
  const xMax = optionalNumber(schema, 'exclusiveMaximum', pointer)
  const lowerExcluded = xMin !== undefined && (min === undefined || xMin >= min)
  const upperExcluded = xMax !== undefined && (max === undefined || xMax <= max)
  return {
    lower: lowerExcluded ? xMin : min,
    upper: upperExcluded ? xMax : max,
    lowerExcluded,
    upperExcluded,
  }
}

