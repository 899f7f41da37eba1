import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { z } from 'zod'

/**
 * What a team gets from `npm install -D tokenproof`: the tarball `npm pack` makes (compiled
 * JavaScript, declarations, the `tokenproof` command) installed into an empty project, used
 * through its `bin` and its `exports` map only. A broken `files` list or export fails here.
 */
const ROOT = import.meta.dirname
const VITEST_VERSION = z.object({ version: z.string() }).parse(JSON.parse(await readFile(join(ROOT, 'node_modules', 'vitest', 'package.json'), 'utf8'))).version

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function sh(command: string, args: readonly string[], cwd: string, timeout = 300_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true', NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr })
    })
  })
}

let work: string
let app: string
let packed: string[]

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tokenproof-package-'))
  app = join(work, 'app')
  const pack = await sh('npm', ['pack', '--json', '--pack-destination', work], ROOT)
  expect(pack.code, pack.stderr).toBe(0)
  const [info] = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) })).parse(JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))))
  packed = info!.files.map((f) => f.path)
  await sh('mkdir', ['-p', app], work)
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'merchant-app', version: '1.0.0', type: 'module', private: true }))
  const install = await sh('npm', ['install', '--no-audit', '--no-fund', join(work, info!.filename), `vitest@${VITEST_VERSION}`], app)
  expect(install.code, install.stderr).toBe(0)
}, 600_000)

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

test('the tarball holds compiled JavaScript and declarations, no tests, benches, fixtures or TypeScript sources', () => {
  expect(packed).toContain('dist/index.js')
  expect(packed).toContain('dist/index.d.ts')
  expect(packed).toContain('bin/tokenproof.js')
  const unwanted = packed.filter((p) => /\.test\.|test-support|test-fixture|^bench\/|\/bench\/|(?<!\.d)\.ts$|^examples\/faulty|\.pem$/.test(p))
  expect(unwanted).toEqual([])
})

test('npx tokenproof serve answers on the port it prints, from the installed package', async () => {
  // Its own process group: npx does not pass SIGTERM on to the server it started, the group stops both.
  const child = spawn('npx', ['tokenproof', 'serve', '--port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (match) resolve(match[1]!)
      })
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
    })
    const state = await fetch(`${url}/__tokenproof/providers/adyen`)
    expect(state.status).toBe(200)
  } finally {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
    } catch {
      // The group is gone already.
    }
    await exited
  }
}, 60_000)

test('npx tokenproof run drives the bundled reference merchant and writes the report', async () => {
  const run = await sh('npx', ['tokenproof', 'run', '--providers', 'antom', '--out', 'out'], app)
  expect(run.code, run.stderr).toBe(0)
  expect((await readdir(join(app, 'out'))).sort()).toEqual(['index.html', 'junit.xml', 'report.json', 'summary.md'])
  const report = z.object({ summary: z.object({ scenarios: z.object({ passed: z.number() }) }) }).parse(JSON.parse(await readFile(join(app, 'out', 'report.json'), 'utf8')))
  expect(report.summary.scenarios.passed).toBeGreaterThan(5)
}, 300_000)

test('a vitest file imports the in-process mock, the driver client and the reporter through the exports map', async () => {
  await writeFile(
    join(app, 'checkout.test.js'),
    `import { afterAll, expect, test } from 'vitest'
import { startInProcessMock } from 'tokenproof'
import { createHttpDriver, DRIVER_PROTOCOL_VERSION } from 'tokenproof/driver'
import { TokenproofReporter } from 'tokenproof/vitest-reporter'
import { ConformanceReport } from 'tokenproof/report'
import { createMock } from 'tokenproof/msw'

const mock = startInProcessMock({ providers: ['adyen'] })
afterAll(() => mock.close())

test('the mock answers the provider host in-process', async () => {
  const answer = await fetch('https://checkout-test.adyen.com/v71/sessions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'not-a-key' }, body: '{}' })
  expect(answer.status).toBe(401)
  expect(await answer.json()).toMatchObject({ status: 401, errorType: 'security' })
  expect(typeof createHttpDriver).toBe('function')
  expect(DRIVER_PROTOCOL_VERSION).toBeGreaterThanOrEqual(1)
  expect(typeof TokenproofReporter).toBe('function')
  expect(typeof ConformanceReport.parse).toBe('function')
  expect(typeof createMock).toBe('function')
})
`,
  )
  const run = await sh('npx', ['vitest', 'run', 'checkout.test.js'], app)
  expect(run.code, run.stdout + run.stderr).toBe(0)
  expect(run.stdout).toMatch(/1 passed/)
}, 120_000)

test('the command needs no tsx: the installed package runs compiled JavaScript', async () => {
  const tsx = await sh('node', ['-e', "import('tsx').then(() => process.exit(3), () => process.exit(0))"], app)
  expect(tsx.code).toBe(0)
  const help = await sh('npx', ['tokenproof', '--help'], app)
  expect(help.code).toBe(0)
  expect(help.stdout).toContain('tokenproof serve')
})

test('npx tokenproof wrap runs an unmodified app against the mock, through the compiled preload (tokenproof/register)', async () => {
  await writeFile(
    join(app, 'pay.mjs'),
    `const answer = await fetch('https://checkout-test.adyen.com/v72/paymentMethods', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': process.env.TOKENPROOF_ADYEN_API_KEY },
  body: JSON.stringify({ merchantAccount: process.env.TOKENPROOF_ADYEN_MERCHANT_ACCOUNT }),
})
console.log('paymentMethods', answer.status)
`,
  )
  const run = await sh('npx', ['tokenproof', 'wrap', '--port', '0', '--', 'node', 'pay.mjs'], app)
  expect(run.code, run.stderr).toBe(0)
  expect(run.stdout).toContain('paymentMethods 200')
  expect(run.stderr).toMatch(/tokenproof wrap: mock http:\/\/127\.0\.0\.1:\d+/)
  // The preload alone, by its package name, as docs/existing-app.md shows it (port 1: nothing listens).
  const alone = await sh('env', ['TOKENPROOF_MOCK_URL=http://127.0.0.1:1', 'node', '--import', 'tokenproof/register', '-e', "fetch('https://checkout-test.adyen.com/v72/x').catch((e) => console.log(e.cause.code, e.cause.port))"], app)
  expect(alone.stdout.trim()).toBe('ECONNREFUSED 1')
}, 120_000)
