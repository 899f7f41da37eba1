/**
 * A sharded run as a CI matrix runs it: `tokenproof run --shard i/3` in three processes (each with
 * its own mock and merchant), `tokenproof report merge` over their folders, compared with the same
 * run unsharded.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ConformanceReport } from '../reports/model.ts'

const CLI = join(import.meta.dirname, 'tokenproof.ts')
const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx')
const RUN = ['run', '--providers', 'antom,adyen', '--fault', 'cvv_on_reuse', '--formats', 'json']

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokenproof-shards-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { env: { ...process.env, CI: 'true' }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr })
    })
  })
}

const read = async (folder: string) => ConformanceReport.parse(JSON.parse(await readFile(join(folder, 'report.json'), 'utf8')))

/** What must be equal: who ran what, with which verdict and findings; times and generated ids may differ. */
const verdicts = (report: ConformanceReport) => ({
  integration: report.integration,
  providers: report.providers.map((p) => ({
    id: p.id,
    counts: p.counts,
    results: p.results.map((r) => ({ scenario: r.scenario, status: r.status, reason: r.reason, rules: r.rules, findings: r.findings.map((f) => [f.ruleId, f.severity]) })),
  })),
  scenarios: report.summary.scenarios,
  findings: report.summary.findings,
  score: report.summary.score,
})

test('three shards merged equal the unsharded run', async () => {
  const whole = join(dir, 'whole')
  const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}`))
  const runs = await Promise.all([cli([...RUN, '--out', whole]), ...shards.map((out, i) => cli([...RUN, '--shard', `${i + 1}/3`, '--out', out]))])
  expect(runs[0]!.code).toBe(1) // the fault is found
  const parts = await Promise.all(shards.map(read))
  // Every shard ran a share, none ran everything, and together they ran each unit once.
  const sizes = parts.map((p) => p.providers.reduce((n, x) => n + x.results.length, 0))
  const unsharded = await read(whole)
  const total = unsharded.providers.reduce((n, x) => n + x.results.length, 0)
  expect(sizes.every((n) => n > 0 && n < total)).toBe(true)
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(total)

  const merged = join(dir, 'merged')
  const merge = await cli(['report', 'merge', ...shards, '--out', merged])
  expect(merge.code, merge.stderr).toBe(runs[0]!.code)
  expect((await readdir(merged)).sort()).toEqual(['index.html', 'junit.xml', 'report.json', 'summary.md'])
  expect(verdicts(await read(merged))).toEqual(verdicts(unsharded))
  expect(unsharded.summary.findings.critical + unsharded.summary.findings.major).toBeGreaterThan(0) // the comparison covers findings
}, 240_000)

test('report merge refuses a shard given twice, a folder without a report, and bad options, naming the fix', async () => {
  const shard = join(dir, 'shard-1')
  const twice = await cli(['report', 'merge', shard, shard, '--out', join(dir, 'x')])
  expect(twice.code).toBe(2)
  expect(twice.stderr).toContain('more than one report')
  const missing = await cli(['report', 'merge', join(dir, 'nowhere')])
  expect(missing.code).toBe(2)
  expect(missing.stderr).toContain('report.json cannot be read')
  const none = await cli(['report', 'merge'])
  expect(none.code).toBe(2)
  expect(none.stderr).toContain('tokenproof report merge shard-1')
  const badShard = await cli(['run', '--shard', '4/3'])
  expect(badShard.code).toBe(2)
  expect(badShard.stderr).toContain('--shard takes i/n')
}, 120_000)
