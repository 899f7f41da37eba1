import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { pact } from './pact.ts'
import { UsageError } from './usage.ts'

test('tokenproof pact write then verify: one file per provider asked for, verified with exit 0', async () => {
  const out = await mkdtemp(join(tmpdir(), 'tokenproof-pact-cli-'))
  try {
    expect(await pact(['write', '--providers', 'antom', '--out', out])).toBe(0)
    const files = await readdir(out)
    expect(files).toEqual(['tokenproof-reference-merchant-antom.json'])
    expect(await pact(['verify', join(out, files[0]!)])).toBe(0)
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}, 120_000)

test('tokenproof pact verify names what is wrong with a file that is not a Pact V4 file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tokenproof-pact-bad-'))
  try {
    const file = join(dir, 'bad.json')
    await writeFile(file, '{"consumer":{}}')
    await expect(pact(['verify', file])).rejects.toThrow(/not a Pact V4 file[\s\S]*consumer\.name/)
    await writeFile(file, 'not json')
    await expect(pact(['verify', file])).rejects.toThrow(/is not JSON/)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('tokenproof pact refuses a missing file list, an unknown sub-command and a lone --driver', async () => {
  await expect(pact(['verify'])).rejects.toThrow(UsageError)
  await expect(pact(['publish'])).rejects.toThrow(UsageError)
  await expect(pact(['write', '--driver', 'http://127.0.0.1:1'])).rejects.toThrow(/go together/)
})
