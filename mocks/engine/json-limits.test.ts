import fc from 'fast-check'
import { expect, test } from 'vitest'
import { JSON_MAX_DEPTH, JSON_MAX_MEMBERS, JsonLimitError, jsonLimitProblem, parseJsonLimited } from './json-limits.ts'

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

test('the depth bound: nesting up to it parses, one level more is refused before parsing', () => {
  expect(parseJsonLimited(nested(JSON_MAX_DEPTH))).toBeInstanceOf(Array)
  expect(() => parseJsonLimited(nested(JSON_MAX_DEPTH + 1))).toThrow(JsonLimitError)
  expect(jsonLimitProblem(nested(JSON_MAX_DEPTH + 1))).toBe(`the JSON is nested deeper than ${JSON_MAX_DEPTH} levels`)
  expect(jsonLimitProblem(`{"a":${nested(JSON_MAX_DEPTH)}}`)).toBe(`the JSON is nested deeper than ${JSON_MAX_DEPTH} levels`)
})

test('the members bound: one comma per member after a container\'s first, every container together', () => {
  const zeros = (n: number): string => Array(n).fill(0).join(',')
  expect(jsonLimitProblem(`[${zeros(JSON_MAX_MEMBERS + 1)}]`)).toBe(`the JSON has more than ${JSON_MAX_MEMBERS} members`)
  expect(jsonLimitProblem(`[${zeros(JSON_MAX_MEMBERS)}]`)).toBeUndefined()
  expect(jsonLimitProblem(`[[${zeros(JSON_MAX_MEMBERS / 2 + 1)}],[${zeros(JSON_MAX_MEMBERS / 2)}]]`)).toBe(`the JSON has more than ${JSON_MAX_MEMBERS} members`)
})

test('brackets inside strings, escaped quotes included, count for nothing', () => {
  const text = JSON.stringify({ note: `${'{['.repeat(200)} \\" ${'['.repeat(100)}`, list: [1, 2, 3] })
  expect(jsonLimitProblem(text)).toBeUndefined()
  expect(parseJsonLimited(text)).toMatchObject({ list: [1, 2, 3] })
  expect(jsonLimitProblem(`["\\"${'['.repeat(70)}"]`)).toBeUndefined()
})

test('bad JSON within the bounds is a plain SyntaxError from JSON.parse', () => {
  expect(() => parseJsonLimited('{"a":')).toThrow(SyntaxError)
  expect(() => parseJsonLimited('{"a":')).not.toThrow(JsonLimitError)
})

/** Containers' depth and the scan's member count (a comma per member after each container's first), from the value. */
function shapeOf(value: unknown, depth = 0): { depth: number; commas: number } {
  if (value === null || typeof value !== 'object') return { depth, commas: 0 }
  const items = Array.isArray(value) ? value : Object.values(value)
  let deepest = depth + 1
  let commas = Math.max(0, items.length - 1)
  for (const item of items) {
    const inner = shapeOf(item, depth + 1)
    deepest = Math.max(deepest, inner.depth)
    commas += inner.commas
  }
  return { depth: deepest, commas }
}

test('for any JSON document, a problem is reported exactly when its shape breaks a bound', () => {
  const maxDepth = 4
  const maxMembers = 60
  // Strings full of brackets and quotes: what a count of brackets alone would get wrong.
  const text = fc.string({ unit: fc.constantFrom('{', '[', '"', '\\', 'a', ',', ']', '}'), maxLength: 12 })
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), tie('array'), tie('object')),
    array: fc.array(tie('node'), { maxLength: 6 }),
    object: fc.dictionary(text, tie('node'), { maxKeys: 5 }),
  })).node
  // Wrapped a few levels more, in arrays or objects, so that documents on both sides of the depth bound are common.
  const wrapped = fc.tuple(value, fc.array(fc.boolean(), { maxLength: 6 })).map(([v, levels]) => levels.reduce<unknown>((inner, inArray) => (inArray ? [inner] : { k: inner }), v))
  fc.assert(
    fc.property(wrapped, (v) => {
      const json = JSON.stringify(v)
      const { depth, commas } = shapeOf(v)
      const problem = jsonLimitProblem(json, maxDepth, maxMembers)
      const expected = depth > maxDepth ? 'deeper' : commas >= maxMembers ? 'members' : undefined
      if (expected === undefined) expect(problem).toBeUndefined()
      else expect(problem).toContain(expected === 'deeper' ? `nested deeper than ${maxDepth}` : `more than ${maxMembers} members`)
    }),
    { numRuns: 2000 },
  )
})
