import { execFile, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startMockServer, type MockServer } from '../mocks/server.ts'
import { UsageError } from './usage.ts'
import { parseWrapArgs, wrap } from './wrap.ts'

const CLI = join(import.meta.dirname, 'tokenproof.ts')
const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx')
const APP = join(import.meta.dirname, 'test-support', 'wrap-app.mjs')

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** `tokenproof wrap <args>` as a user runs it, to its end. */
function runWrap(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, 'wrap', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr })
    })
  })
}

let mock: MockServer
let work: string

beforeAll(async () => {
  mock = await startMockServer({ port: 0, clockOptions: { mode: 'system' } })
  work = await mkdtemp(join(tmpdir(), 'tokenproof-wrap-'))
})

afterAll(async () => {
  await mock.close()
  await rm(work, { recursive: true, force: true })
})

test('wrap -- node app.mjs: the unmodified app reaches wrap\'s own mock, which records the exchange; card data in its output is reported masked', async () => {
  const findings = join(work, 'findings.json')
  const record = join(work, 'record.json')
  const run = await runWrap(['--port', '0', '--providers', 'adyen', '--findings', findings, '--record', record, '--', 'node', APP, 'adyen'])
  expect(run.code, run.stderr).toBe(0)
  expect(run.stdout).toContain('paymentMethods answered 200')
  expect(run.stdout).toContain('mock recorded: paymentMethods 200')
  // wrap's report, after the app's own lines: masked evidence, never the number itself.
  const report = run.stderr.slice(run.stderr.indexOf('tokenproof wrap: card data'))
  expect(report).toContain('stderr line 1: card number 411111******1111')
  expect(report).toContain('CVV cvc=[removed]')
  expect(report).not.toContain('4111111111111111')
  const written = JSON.parse(await readFile(findings, 'utf8')) as { exitCode: number; findings: { kind: string; evidence: string }[] }
  expect(written.exitCode).toBe(0)
  expect(written.findings.map((f) => f.kind).sort()).toEqual(['card_number', 'cvv'])
  expect(JSON.stringify(written)).not.toMatch(/4111111111111111|737/)
  // --record: what the mock saw, kept after wrap's own mock is gone (the input of a later audit).
  const recorded = JSON.parse(await readFile(record, 'utf8')) as { exchanges: { provider: string; operation: string; request: { url: string } }[] }
  expect(recorded.exchanges.map((e) => [e.provider, e.operation])).toEqual([['adyen', 'paymentMethods']])
}, 40_000)

test('--mock uses a running mock, --notify registers the app\'s webhook URL on it', async () => {
  const since = mock.mock.engine.recorder.list().at(-1)?.id ?? 0
  const run = await runWrap(['--mock', mock.url, '--notify', 'adyen=http://127.0.0.1:9/webhooks/adyen', '--quiet', '--', 'node', APP, 'adyen'])
  expect(run.code, run.stderr).toBe(0)
  expect(mock.mock.engine.recorder.list({ sinceId: since, provider: 'adyen', direction: 'inbound' }).map((e) => e.operation)).toEqual(['paymentMethods'])
  expect(JSON.stringify(mock.mock.provider('adyen').describe(mock.url).merchants)).toContain('http://127.0.0.1:9/webhooks/adyen')
  // --quiet: wrap says nothing of its own but the findings.
  expect(run.stderr).not.toContain('tokenproof wrap: mock')
}, 40_000)

test('an app that crashes: wrap exits with its code and the mock it started is closed', async () => {
  const run = await runWrap(['--port', '0', '--', 'node', APP, 'crash'])
  expect(run.code).toBe(1)
  expect(run.stderr).toContain('the app crashed')
  const url = /mock at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout)?.[1]
  expect(url).toBeDefined()
  await expect(fetch(`${url}/__tokenproof/providers`)).rejects.toThrow()
}, 40_000)

test('an app killed by a signal: wrap exits 128 + the signal\'s number', async () => {
  const run = await runWrap(['--port', '0', '--quiet', '--', 'node', APP, 'signal'])
  expect(run.code).toBe(143)
}, 40_000)

const python = spawnSync('python3', ['--version']).status === 0
const curl = spawnSync('curl', ['--version']).status === 0

test.skipIf(!python && !curl)('a non-Node app reads the exported base URL and credentials and reaches the mock', async () => {
  const since = mock.mock.engine.recorder.list().at(-1)?.id ?? 0
  const command = python
    ? [
        'python3',
        '-c',
        [
          'import json, os, urllib.request',
          "body = json.dumps({'merchantAccount': os.environ['TOKENPROOF_ADYEN_MERCHANT_ACCOUNT']}).encode()",
          "req = urllib.request.Request(os.environ['TOKENPROOF_ADYEN_CHECKOUT_URL'] + '/paymentMethods', data=body, headers={'content-type': 'application/json', 'x-api-key': os.environ['TOKENPROOF_ADYEN_API_KEY']})",
          "print('status', urllib.request.urlopen(req).status)",
        ].join('\n'),
      ]
    : ['sh', '-c', 'curl -s -o /dev/null -w "status %{http_code}\\n" -H "content-type: application/json" -H "x-api-key: $TOKENPROOF_ADYEN_API_KEY" -d "{\\"merchantAccount\\":\\"$TOKENPROOF_ADYEN_MERCHANT_ACCOUNT\\"}" "$TOKENPROOF_ADYEN_CHECKOUT_URL/paymentMethods"']
  const run = await runWrap(['--mock', mock.url, '--quiet', '--', ...command])
  expect(run.code, run.stderr).toBe(0)
  expect(run.stdout).toContain('status 200')
  expect(mock.mock.engine.recorder.list({ sinceId: since, provider: 'adyen' }).map((e) => e.operation)).toEqual(['paymentMethods'])
}, 40_000)

test('a command that does not exist: exit 127, the mock closed', async () => {
  const run = await runWrap(['--port', '0', '--quiet', '--', 'no-such-command-tokenproof'])
  expect(run.code).toBe(127)
  expect(run.stderr).toContain('command not found')
}, 40_000)

test('usage errors: no command, unknown provider, a provider without notifications, bad URLs', async () => {
  await expect(wrap([])).rejects.toThrow(/after --/)
  await expect(parseWrapArgs(['--providers', 'nobody', '--', 'node'])).rejects.toThrow(UsageError)
  await expect(parseWrapArgs(['--notify', 'appotapay=http://127.0.0.1:1/x', '--', 'node'])).rejects.toThrow(/appotapay sends no notifications/)
  await expect(parseWrapArgs(['--notify', 'adyen', '--', 'node'])).rejects.toThrow(/<provider>=<url>/)
  await expect(parseWrapArgs(['--notify', 'adyen=not a url', '--', 'node'])).rejects.toThrow(/not an http\(s\) URL/)
  await expect(parseWrapArgs(['--providers', 'antom', '--notify', 'adyen=http://127.0.0.1:1/x', '--', 'node'])).rejects.toThrow(/not among the providers served/)
  await expect(parseWrapArgs(['--verbose', 'node', 'app.js'])).rejects.toThrow(/after --/)
  await expect(parseWrapArgs(['--mock', 'ftp://x', '--', 'node'])).rejects.toThrow(/--mock must be an http/)
})

test('the config file is validated, each problem named by its field', async () => {
  const file = join(work, 'wrap.json')
  await writeFile(file, JSON.stringify({ notify: { adyen: 'nope' }, providers: ['adyen', 'paypal'], extra: 1 }))
  const error = await parseWrapArgs(['--config', file, '--', 'node']).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(UsageError)
  expect(String(error)).toMatch(/notify\.adyen/)
  expect(String(error)).toMatch(/providers\.1/)
  expect(String(error)).toMatch(/extra/)
  await writeFile(file, '{ not json')
  await expect(parseWrapArgs(['--config', file, '--', 'node'])).rejects.toThrow(/not JSON/)
  await expect(parseWrapArgs(['--config', join(work, 'missing.json'), '--', 'node'])).rejects.toThrow(/cannot read/)

  await writeFile(file, JSON.stringify({ providers: ['adyen', 'pivot'], seed: 's', notify: { pivot: 'http://127.0.0.1:8080/pivot/callback' }, merchants: { adyen: { merchantAccount: 'Shop', apiKey: 'AQE_0123456789abcdef' } } }))
  const options = await parseWrapArgs(['--config', file, '--notify', 'adyen=http://127.0.0.1:8080/adyen', '--', 'node', 'app.js'])
  expect(options).toMatchObject({ providers: ['adyen', 'pivot'], seed: 's', command: ['node', 'app.js'] })
  expect(options.registrations.map((r) => [r.provider, r.origin])).toEqual([
    ['adyen', '--config merchants.adyen'],
    ['pivot', '--notify pivot'],
    ['adyen', '--notify adyen'],
  ])
})

test('a merchant registration the provider refuses is a usage error naming the field', async () => {
  const file = join(work, 'bad-merchant.json')
  await writeFile(file, JSON.stringify({ merchants: { adyen: { merchantAccount: 'Shop', apiKey: 'short' } } }))
  const run = await runWrap(['--port', '0', '--config', file, '--', 'node', '-e', '0'])
  expect(run.code).toBe(2)
  expect(run.stderr).toMatch(/merchants\.adyen: apiKey/)
}, 40_000)
