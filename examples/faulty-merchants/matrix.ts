/** The detection matrix as text: one row per faulty merchant, one column per rule, and the score. */
import { ALL_RULES } from '../../suites/rules.ts'
import type { FaultyVariant } from './variants.ts'

/** What the matrix needs of a faulty merchant, whichever merchant it is a variant of. */
export type MatrixVariant = Pick<FaultyVariant, 'id' | 'providers' | 'expected'>

/**
 * `title` names the merchant the variants are of (the bundled reference, the Python merchant…).
 * A variant's row is `caught` when the run found exactly its expected rules.
 */
export function detectionMatrix(variants: readonly MatrixVariant[], observed: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>, title = 'faulty variants of the reference merchant'): string {
  const rules = ALL_RULES.filter((r) => variants.some((v) => v.expected.includes(r.id)) || [...observed.values()].some((m) => [...m.values()].some((f) => f.includes(r.id))))
  const width = Math.max(...variants.map((v) => v.id.length + 12))
  const header = `${'variant (provider)'.padEnd(width)} ${rules.map((r) => r.id.replace('TP-', '').padStart(10)).join('')}`
  const lines = [`detection matrix: ${title}`, header]
  let caught = 0
  let total = 0
  let extra = 0
  for (const variant of variants) {
    for (const provider of variant.providers) {
      total += 1
      const found = observed.get(variant.id)?.get(provider)
      const exact = found !== undefined && found.length === variant.expected.length && variant.expected.every((id) => found.includes(id))
      if (exact) caught += 1
      extra += found?.filter((id) => !variant.expected.includes(id)).length ?? 0
      const cells = rules.map((r) => {
        const expected = variant.expected.includes(r.id)
        const seen = found?.includes(r.id) === true
        const mark = found === undefined ? '?' : expected && seen ? 'caught' : expected ? 'MISSED' : seen ? 'EXTRA' : '.'
        return mark.padStart(10)
      })
      lines.push(`${`${variant.id} (${provider})`.padEnd(width)} ${cells.join('')}`)
    }
  }
  lines.push('', `detection score: ${caught}/${total} faulty merchants caught with exactly their expected findings; ${extra} rule(s) found beyond the expected ones`)
  return lines.join('\n')
}
