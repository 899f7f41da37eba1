/**
 * `tokenproof run` as a user runs it: a child process, its exit code, its one-line reasons and
 * the four report files it writes.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { contractRegistry } from '../contracts/registry.ts'
import { REPORT_FILES } from '../reports/write.ts'

const CLI = join(import.meta.dirname, 'tokenproof.ts')
const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx')
const TEST_CARD_NUMBERS = Object.values(contractRegistry).flatMap((c) => c.testCards.map((card) => card.number))

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokenproof-run-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { env: { ...process.env, CI: 'true' }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

test('a faulty merchant makes the run exit 1, with its finding in every report format and no card data', async () => {
  const out = join(dir, 'faulty')
  const { code, stdout } = await cli(['run', '--providers', 'antom', '--fault', 'cvv_on_reuse', '--out', out])
  expect(code).toBe(1)
  expect(stdout).toMatch(/FAIL antom +token-reuse/)
  for (const file of Object.values(REPORT_FILES)) {
    const text = await readFile(join(out, file), 'utf8')
    expect(text, file).toContain('TP-REUSE-002')
    expect(TEST_CARD_NUMBERS.filter((n) => text.includes(n)), file).toEqual([])
  }
}, 60_000)

test('a conformant run exits 0 and still writes the reports', async () => {
  const out = join(dir, 'clean')
  const { code, stdout } = await cli(['run', '--providers', 'antom', '--scenarios', 'first-save-consent,refused', '--out', out])
  expect(code).toBe(0)
  expect(stdout).toMatch(/4 passed, 0 failed, 0 errors/) // two scenarios, each in Antom's two pay flows
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { summary: { score: number } }
  expect(report.summary.score).toBe(1)
}, 60_000)

test('--fail-on critical lets a run with only major findings pass', async () => {
  const { code } = await cli(['run', '--providers', 'antom', '--fault', 'wrong_ack', '--scenarios', 'first-save-consent', '--fail-on', 'critical', '--out', join(dir, 'major')])
  expect(code).toBe(0)
}, 60_000)

test.each([
  [['run', '--bogus'], /unknown option --bogus; run tokenproof run --help/],
  [['run', '--out'], /--out needs a value/],
  [['run', '--fail-on', 'severe'], /--fail-on must be one of/],
  [['run', '--driver', 'http://127.0.0.1:1/x'], /--driver and --mock go together/],
  [['run', '--scenarios', 'nope'], /unknown scenario/],
  [['run', '--driver-file', 'app.driver.json'], /--driver-file needs the app's command after --/],
  [['run', '--driver-file', 'app.driver.json', '--driver', 'http://127.0.0.1:1/x', '--', 'node', 'app.js'], /--driver and --driver-file exclude each other/],
  [['run', '--', 'node', 'app.js'], /a command after -- goes with --driver-file/],
  [['run', '--driver-file', 'missing.driver.json', '--', 'node', 'app.js'], /--driver-file missing\.driver\.json: cannot read the driver file/],
  [['run', '--driver-file', 'app.driver.json', '--mock', 'localhost:4010', '--', 'node', 'app.js'], /--mock must be an http\(s\) URL/],
  [['nope'], /unknown command/],
])('usage error %j exits 2 with a one-line reason', async (args, reason) => {
  const { code, stderr } = await cli(args)
  expect(code).toBe(2)
  expect(stderr.trim().split('\n')).toHaveLength(1)
  expect(stderr).toMatch(reason)
}, 30_000)

test('an integration that cannot be reached is a setup error: exit 2', async () => {
  const { code, stderr } = await cli(['run', '--driver', 'http://127.0.0.1:9/tokenproof', '--mock', 'http://127.0.0.1:9', '--out', join(dir, 'unreachable')])
  expect(code).toBe(2)
  expect(stderr.trim().split('\n')).toHaveLength(1)
}, 30_000)
