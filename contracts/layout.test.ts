import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, test } from 'vitest'
import { mockRegistry } from '../mocks/registry.ts'
import { contractRegistry } from './registry.ts'

const ROOT = join(import.meta.dirname, '..')

/** Provider-neutral code: it reads what a provider declares and never names one. */
const GENERIC = ['contracts/core', 'mocks/engine', 'mocks/create-mock.ts', 'mocks/server.ts', 'mocks/node.ts', 'generators', 'suites', 'reports']

/**
 * The code that must stay provider-neutral. Tests and their fixtures are not in it: a test of
 * generic code may well drive it with a real provider (it names one as data, it does not branch).
 */
const isProductCode = (file: string): boolean => !file.endsWith('.test.ts') && !file.includes('/test-support/')

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path)
  let stat
  try {
    stat = statSync(full)
  } catch {
    return []
  }
  if (stat.isFile()) return full.endsWith('.ts') && isProductCode(full) ? [full] : []
  return readdirSync(full).flatMap((name) => (name === 'node_modules' || name === 'out' ? [] : sourceFiles(join(path, name))))
}

test('every provider is one contract and one mock, under the same id', () => {
  expect(Object.keys(mockRegistry).sort()).toEqual(Object.keys(contractRegistry).sort())
  for (const [id, contract] of Object.entries(contractRegistry)) expect(contract.id).toBe(id)
})

test('provider-neutral code never names a provider', () => {
  const names = Object.values(contractRegistry).flatMap((c) => [c.id, c.displayName])
  const pattern = new RegExp(`\\b(${names.join('|')})\\b`, 'i')
  const offenders = GENERIC.flatMap(sourceFiles)
    .map((file) => ({ file: relative(ROOT, file), hit: readFileSync(file, 'utf8').match(pattern)?.[0] }))
    .filter((f) => f.hit !== undefined)
  expect(offenders).toEqual([])
  expect(GENERIC.flatMap(sourceFiles).length).toBeGreaterThan(5)
})
