/**
 * `tokenproof pact` the way a user runs it (issue #20): `pact write` and `pact verify` as separate
 * processes, from a fresh folder, through the package's bin entry. Nothing the writing process held
 * in memory (the Pivot card-encryption key, its clock) may be needed by the verifier: every file
 * verifies in a process of its own, against its own fresh mock and against a separately started
 * `tokenproof serve`, twice in a row there (the state a first verification leaves must not matter).
 * Exit codes: 0 verified, 1 mismatches, 2 usage or setup errors, each error in one line.
 *
 * Wall time is the cost here (CI has 2 cores): one write for all four providers, then the
 * verifications that do not share a mock run side by side.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { contractRegistry } from '../contracts/registry.ts'

const BIN = join(import.meta.dirname, 'tokenproof.js')
const PROVIDERS = Object.keys(contractRegistry).sort()

interface Exit {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const children = new Set<ChildProcess>()

function start(args: readonly string[], cwd: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

function tokenproof(args: readonly string[], cwd: string): Promise<Exit> {
  const child = start(args, cwd)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** `tokenproof serve --port 0 --quiet` in its own process: its base URL, once it listens. */
function serve(cwd: string): Promise<{ url: string; child: ChildProcess }> {
  const child = start(['serve', '--port', '0', '--quiet'], cwd)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = /^(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(out)?.[1]
      if (url) resolve({ url, child })
    })
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`tokenproof serve ended (${code}) before it listened: ${out}`)))
  })
}

/** What a failed command said, for the assertion message. */
const said = (exit: Exit): string => `exit ${exit.code}\n${exit.stderr}\n${exit.stdout.split('\n').filter((l) => /^(ok|FAIL)\b|^\s{5}\S/.test(l)).join('\n')}`

let dir: string
let files: string[]
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokenproof-pact-processes-'))
  const written = await tokenproof(['pact', 'write', '--out', 'pacts'], dir)
  expect(written.code, said(written)).toBe(0)
  files = (await readdir(join(dir, 'pacts'))).sort().map((f) => join('pacts', f))
  await writeFile(join(dir, 'notes.txt'), 'not a pact')
}, 180_000)

afterAll(async () => {
  for (const child of children) child.kill()
  await rm(dir, { recursive: true, force: true })
})

test('pact write, then pact verify in other processes: every provider verifies against a fresh mock, and twice in a row against a separately started serve', async () => {
  expect(files).toEqual(PROVIDERS.map((p) => join('pacts', `tokenproof-reference-merchant-${p}.json`)))
  const { url, child } = await serve(dir)
  try {
    const againstServe = async (): Promise<Exit[]> => [await tokenproof(['pact', 'verify', ...files, '--mock', url], dir), await tokenproof(['pact', 'verify', ...files, '--mock', url], dir)]
    const [fresh, [first, second]] = await Promise.all([tokenproof(['pact', 'verify', ...files], dir), againstServe()])
    for (const exit of [fresh, first!, second!]) {
      expect(exit.code, said(exit)).toBe(0)
      for (const file of files) expect(exit.stdout).toMatch(new RegExp(`^ok +${file.replace(/[.]/g, '\\.')}: tokenproof-reference-merchant → \\w+, \\d+ interactions$`, 'm'))
    }
  } finally {
    child.kill()
  }
}, 600_000)

test('a pact that no longer holds exits 1 and names the interaction and the mismatch', async () => {
  const pivot = JSON.parse(await readFile(join(dir, files.find((f) => f.endsWith('-pivot.json'))!), 'utf8')) as { interactions: { type: string; response?: { status: number } }[] }
  const first = pivot.interactions.find((i) => i.type === 'Synchronous/HTTP' && i.response?.status === 200)!
  first.response!.status = 201
  await writeFile(join(dir, 'changed.json'), JSON.stringify({ ...pivot, interactions: [first] }))
  const exit = await tokenproof(['pact', 'verify', 'changed.json'], dir)
  expect(exit.code, said(exit)).toBe(1)
  expect(exit.stdout).toMatch(/^FAIL changed\.json: tokenproof-reference-merchant → pivot, 1 interactions$/m)
  expect(exit.stdout).toMatch(/StatusMismatch expected 201 but was 200/)
}, 120_000)

// Side by side: each is a process start, nothing more.
test.concurrent.each([
  [['pact', 'verify'], /^tokenproof: name the Pact files to verify: tokenproof pact verify pacts\/\*\.json$/],
  [['pact', 'verify', 'pacts/none.json'], /^tokenproof: pacts\/none\.json: no such file; write the Pact files first \(tokenproof pact write --out pacts\)/],
  [['pact', 'verify', 'pacts/x.json', '--mock'], /^tokenproof: --mock needs a value \(--mock <value>\); run tokenproof pact --help/],
  [['pact', 'verify', 'pacts/x.json', '--mock', '4010'], /^tokenproof: --mock must be a URL such as http:\/\/127\.0\.0\.1:4010, got "4010"$/],
  [['pact', 'write', '--driver', 'http://127.0.0.1:9'], /^tokenproof: --driver needs --mock too/],
  [['pact', 'write', '--bogus'], /^tokenproof: unknown option --bogus; run tokenproof pact --help/],
  [['pact', 'publish'], /^tokenproof: unknown pact command "publish"/],
  [['pact', 'verify', 'notes.txt'], /^tokenproof: notes\.txt is not JSON/],
])('usage and setup error %j: exit 2, one line naming the flag and the fix', async (args, message) => {
  const exit = await tokenproof(args, dir)
  expect(exit.code, said(exit)).toBe(2)
  expect(exit.stderr.trim().split('\n')).toHaveLength(1)
  expect(exit.stderr.trim()).toMatch(message)
}, 30_000)

test('a --mock that does not answer is a setup error (exit 2), not a list of mismatches', async () => {
  const exit = await tokenproof(['pact', 'verify', files[0]!, '--mock', 'http://127.0.0.1:9'], dir)
  expect(exit.code, said(exit)).toBe(2)
  expect(exit.stderr.trim().split('\n')).toHaveLength(1)
  expect(exit.stderr).toMatch(/the mock at http:\/\/127\.0\.0\.1:9 does not answer for \w+ .*start one with tokenproof serve/)
}, 30_000)
