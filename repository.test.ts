import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { expect, test } from 'vitest'

const ROOT = import.meta.dirname

/** Every file git tracks that code could read a path from (sources, scripts, configs). */
function trackedCode(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean)
  // This file names outside paths on purpose, as the guard's own test cases.
  return files.filter((f) => (/\.(ts|mts|js|mjs|cjs|sh|py)$/.test(f) || f === '.ci/run' || f === 'package.json') && f !== 'repository.test.ts')
}

const outside = (target: string): boolean => {
  const rel = relative(ROOT, target)
  return rel === '..' || rel.startsWith(`..${sep}`)
}

/**
 * A path a file names relative to itself: a string literal starting with `./` or `../`, or a
 * `join`/`resolve` over the file's own folder with `'..'` segments.
 */
function escapes(file: string, text: string): string[] {
  const base = dirname(join(ROOT, file))
  const hits: string[] = []
  for (const m of text.matchAll(/(['"`])((?:\.\.?\/)+[^'"`\s]*)\1/g)) {
    const literal = m[2]!
    if (outside(resolve(base, literal))) hits.push(literal)
  }
  for (const m of text.matchAll(/(?:join|resolve)\(\s*(?:import\.meta\.dirname|__dirname)((?:\s*,\s*'[^']*')+)\s*\)/g)) {
    const segments = [...m[1]!.matchAll(/'([^']*)'/g)].map((s) => s[1]!)
    if (outside(resolve(base, ...segments))) hits.push(segments.join('/'))
  }
  if (/\bshared\/(provider-specs|seeds|research)\b/.test(text)) hits.push('shared/…')
  return hits
}

test('no product or test code reads a file outside the repository', () => {
  const files = trackedCode()
  expect(files.length).toBeGreaterThan(100)
  const offenders = files.flatMap((file) => escapes(file, readFileSync(join(ROOT, file), 'utf8')).map((hit) => `${file}: ${hit}`))
  expect(offenders).toEqual([])
})

test('the guard sees a path that leaves the repository', () => {
  expect(escapes('contracts/adyen/x.ts', "new URL('../../../shared/provider-specs/adyen/a.json', import.meta.url)")).not.toEqual([])
  expect(escapes('bench/x.ts', "join(import.meta.dirname, '..', '..', 'elsewhere')")).toEqual(['../../elsewhere'])
  expect(escapes('contracts/adyen/x.ts', "new URL('./openapi/a.json', import.meta.url)")).toEqual([])
})
