import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const CLI = join(import.meta.dirname, 'tokenproof.ts')
const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx')

test('tokenproof schemas --check finds the committed JSON Schemas and types up to date, report schema included', async () => {
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(TSX, [CLI, 'schemas', '--check'], { timeout: 60_000 }, (error, out) => resolve({ code: error ? Number(error.code ?? 99) : 0, stdout: out }))
  })
  expect(code).toBe(0)
  // Four providers (schema + types each), Adyen's ignored-fields list and the report's JSON Schema.
  expect(stdout).toMatch(/up to date \(10 files\)/)
}, 60_000)
