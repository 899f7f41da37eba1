import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { parseServeArgs } from './serve.ts'
import { UsageError } from './usage.ts'

const CLI = join(import.meta.dirname, 'tokenproof.ts')
const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx')

test('serve options: defaults, a seed, merchants per served provider; bad ones are usage errors', () => {
  expect(parseServeArgs([])).toMatchObject({ host: '127.0.0.1', port: 4010, seed: undefined, merchants: [] })
  expect(parseServeArgs(['--seed', 's1', '--merchant', 'antom={"clientId":"X"}', '--merchant', 'adyen=@m.json'])).toMatchObject({
    seed: 's1',
    merchants: [
      { provider: 'antom', source: '{"clientId":"X"}' },
      { provider: 'adyen', source: '@m.json' },
    ],
  })
  expect(() => parseServeArgs(['--merchant', 'nobody={}'])).toThrow(UsageError)
  expect(() => parseServeArgs(['--providers', 'antom', '--merchant', 'adyen={}'])).toThrow(UsageError)
  expect(() => parseServeArgs(['--port', '70000'])).toThrow(UsageError)
})

test('serve options: --answer-timeout-ms takes a positive whole number of ms', () => {
  expect(parseServeArgs([]).answerTimeoutMs).toBeUndefined()
  expect(parseServeArgs(['--answer-timeout-ms', '1500']).answerTimeoutMs).toBe(1500)
  for (const bad of ['0', '-5', '1.5', 'soon', '600001']) expect(() => parseServeArgs(['--answer-timeout-ms', bad])).toThrow(UsageError)
})

/** Starts `tokenproof serve` on a free port and returns its URL once it listens. */
function startServe(args: readonly string[]): Promise<{ url: string; stop: () => void } | { code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [CLI, 'serve', '--port', '0', '--quiet', ...args])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0]
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') })
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code) => resolve({ code, stderr }))
  })
}

test('--merchant registers the merchant at start with the provider\'s own schema', async () => {
  const started = await startServe(['--providers', 'antom', '--merchant', 'antom={"clientId":"SANDBOX_CLI_SHOP","publicKey":"not a key"}'])
  // An invalid key is refused by the provider's schema: a usage error, exit 2, one line.
  expect(started).toMatchObject({ code: 2 })
  if ('code' in started) expect(started.stderr.trim().split('\n')).toHaveLength(1)

  const { antomTestKeys } = await import('../mocks/antom/test-keys.ts')
  const merchant = JSON.stringify({ clientId: 'SANDBOX_CLI_SHOP', publicKey: antomTestKeys.merchantPublicKey, notifyUrl: 'http://127.0.0.1:9/notify' })
  const ok = await startServe(['--providers', 'antom', '--seed', 'x', '--merchant', `antom=${merchant}`])
  if (!('url' in ok)) throw new Error(`serve did not start: ${ok.stderr}`)
  try {
    const settings = (await (await fetch(`${ok.url}/__tokenproof/providers/antom`)).json()) as { merchants: unknown }
    expect(JSON.stringify(settings.merchants)).toContain('SANDBOX_CLI_SHOP')
  } finally {
    ok.stop()
  }
}, 30_000)

test('serve security options: a host beyond loopback needs a control token; hosts for the control API and notifications', () => {
  expect(() => parseServeArgs(['--host', '0.0.0.0'], {})).toThrow(/control-token/)
  expect(() => parseServeArgs(['--host', '0.0.0.0', '--control-token', 'short'], {})).toThrow(UsageError)
  expect(parseServeArgs(['--host', '0.0.0.0'], { TOKENPROOF_CONTROL_TOKEN: 'a-token-from-the-env-0001' })).toMatchObject({ controlToken: 'a-token-from-the-env-0001' })
  expect(parseServeArgs(['--allow-host', 'ci-runner', '--notify-host', 'merchant.test', '--notify-host', '10.0.0.5'], {})).toMatchObject({
    controlToken: undefined,
    allowHosts: ['ci-runner'],
    notifyHosts: ['merchant.test', '10.0.0.5'],
    notifyAnyHost: false,
  })
  expect(parseServeArgs(['--notify-any-host'], {})).toMatchObject({ notifyAnyHost: true })
  expect(() => parseServeArgs(['--allow-host', 'a b'], {})).toThrow(UsageError)
  expect(() => parseServeArgs(['--notify-host', 'merchant.test:8080'], {})).toThrow(UsageError)
})

test('serve keeps notifications on loopback by default: a --merchant notifying elsewhere is a usage error', async () => {
  const { antomTestKeys } = await import('../mocks/antom/test-keys.ts')
  const merchant = JSON.stringify({ clientId: 'SANDBOX_CLI_SHOP', publicKey: antomTestKeys.merchantPublicKey, notifyUrl: 'http://169.254.169.254/latest' })
  const refused = await startServe(['--providers', 'antom', '--merchant', `antom=${merchant}`])
  expect(refused).toMatchObject({ code: 2 })
  if ('code' in refused) expect(refused.stderr).toMatch(/loopback hosts only/)
}, 30_000)

test('serve prints the dashboard URL; with a control token it says where the token goes, never the token', async () => {
  const { startMockServer } = await import('../mocks/server.ts')
  const { describeServer } = await import('./serve.ts')
  const server = await startMockServer({ port: 0, providers: ['antom'], controlToken: 'a-secret-control-token-01' })
  try {
    expect(describeServer(server)).toContain(`Dashboard: ${server.url}/__tokenproof/ui (docs/frontend.md)`)
    const guarded = describeServer(server, { controlToken: true })
    expect(guarded).toContain(`${server.url}/__tokenproof/ui?token=<your control token>`)
    expect(guarded).not.toContain('a-secret-control-token-01')
    // The page itself opens without the token (it holds no state); its calls carry it.
    const page = await fetch(`${server.url}/__tokenproof/ui`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('x-tokenproof-token')
    expect((await fetch(`${server.url}/__tokenproof/state`)).status).toBe(401)
  } finally {
    await server.close()
  }
})
