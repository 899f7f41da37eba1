import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { parseServeArgs, UsageError } from './serve.ts'

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
