import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { hostMatches } from '../../contracts/core/hosts.ts'
import { adyenAppSettings } from '../adyen/app-settings.ts'
import { DEFAULT_MERCHANT_ACCOUNT } from '../adyen/merchants.ts'
import { mockRegistry } from '../registry.ts'
import { startMockServer, type MockServer } from '../server.ts'
import { providerHosts, providerOfHost } from './hosts.ts'
import { preloadFile, type Preload } from './preload.ts'

const APP = join(import.meta.dirname, 'test-support', 'client-app.mjs')
const ADYEN_LIBRARY_APP = join(import.meta.dirname, 'test-support', 'adyen-library-app.cjs')

let mock: MockServer
let preload: Preload
let bystander: Server
let bystanderHits: string[]

beforeAll(async () => {
  mock = await startMockServer({ port: 0, clockOptions: { mode: 'system' } })
  preload = await preloadFile()
  bystanderHits = []
  bystander = createServer((req, res) => {
    bystanderHits.push(`${req.method} ${req.url}`)
    res.end('{"bystander":true}')
  })
  await new Promise<void>((resolve) => bystander.listen(0, '127.0.0.1', resolve))
})

afterAll(async () => {
  await mock.close()
  await preload.dispose()
  await new Promise((resolve) => bystander.close(resolve))
})

interface AppRun {
  readonly client: string
  readonly status: number
  readonly body: string
  readonly responseUrl: string
}

/** Runs the fixture app in a plain `node` child with the preload, as `tokenproof wrap` does. */
function runApp(client: string, url: string, body?: string): Promise<AppRun> {
  return runNode([APP, client, url, ...(body === undefined ? [] : [body])]) as Promise<AppRun>
}

function runNode(args: readonly string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TOKENPROOF_MOCK_URL: mock.url, ...adyenAppSettings.credentials }
    execFile('node', ['--import', preload.url, ...args], { env, timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`))
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as unknown)
    })
  })
}

const paymentMethods = JSON.stringify({ merchantAccount: DEFAULT_MERCHANT_ACCOUNT })

test.each([
  ['http.request', 'http://checkout-test.adyen.com/v72/paymentMethods'],
  ['https.request', 'https://checkout-test.adyen.com/v72/paymentMethods'],
  ['fetch', 'https://checkout-test.adyen.com/v72/paymentMethods'],
  ['axios', 'https://checkout-test.adyen.com/v72/paymentMethods'],
  ['node-fetch', 'https://checkout-test.adyen.com/v72/paymentMethods'],
  ['fetch', 'https://tp1a2b-checkout-live.adyenpayments.com/checkout/v72/paymentMethods'],
])('%s to %s reaches the mock, which records the exchange', async (client, url) => {
  const since = mock.mock.engine.recorder.list().at(-1)?.id ?? 0
  const run = await runApp(client, url, paymentMethods)
  expect(run.status).toBe(200)
  expect(JSON.parse(run.body)).toHaveProperty('paymentMethods')
  const recorded = mock.mock.engine.recorder.list({ sinceId: since })
  expect(recorded.map((e) => [e.provider, e.operation, e.request.url])).toEqual([['adyen', 'paymentMethods', `${mock.url}${new URL(url).pathname}`]])
})

test('@adyen/api-library, unmodified (https.request with its own https.Agent), reaches the mock', async () => {
  const since = mock.mock.engine.recorder.list().at(-1)?.id ?? 0
  const run = await runNode([ADYEN_LIBRARY_APP])
  expect(run).toMatchObject({ client: 'adyen-library', methods: expect.arrayContaining(['scheme']) })
  expect(mock.mock.engine.recorder.list({ sinceId: since }).map((e) => e.operation)).toEqual(['paymentMethods'])
})

test('https.get is redirected too (Node\'s get does not go through the exported request)', async () => {
  const run = await runApp('https.get', 'https://checkout-test.adyen.com/v72/paymentMethods')
  // The mock's own answer to a GET on a POST route: Adyen's 405 service error.
  expect(run.status).toBe(405)
  expect(JSON.parse(run.body)).toMatchObject({ errorCode: '00_405' })
})

test('fetch keeps the real URL in response.url: the app sees the host it called', async () => {
  const run = await runApp('fetch', 'https://checkout-test.adyen.com/v72/paymentMethods', paymentMethods)
  expect(run.responseUrl).toBe('https://checkout-test.adyen.com/v72/paymentMethods')
})

test.each([
  ['antom', 'https://open-na-global.alipay.com/ams/sandbox/api/v1/payments/pay'],
  ['pivot', 'https://api-stg.pivot-payment.com/v1/access-token'],
  ['appotapay', 'https://gateway.dev.appotapay.com/credit-card/token'],
])('%s: a call to its real host is answered by its mock', async (provider, url) => {
  const since = mock.mock.engine.recorder.list().at(-1)?.id ?? 0
  await runApp('fetch', url)
  expect(mock.mock.engine.recorder.list({ sinceId: since }).map((e) => e.provider)).toEqual([provider])
})

test('calls to any other host are not touched', async () => {
  const { port } = bystander.address() as AddressInfo
  const before = mock.mock.engine.recorder.list().length
  for (const client of ['fetch', 'http.request', 'axios']) {
    const run = await runApp(client, `http://127.0.0.1:${port}/orders`)
    expect(run.body).toBe('{"bystander":true}')
  }
  expect(bystanderHits).toEqual(['POST /orders', 'POST /orders', 'POST /orders'])
  expect(mock.mock.engine.recorder.list()).toHaveLength(before)
})

test('host patterns: a live prefix is one label\'s leading part, nothing more', () => {
  expect(hostMatches('*-checkout-live.adyenpayments.com', '1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com')).toBe(true)
  expect(hostMatches('*-checkout-live.adyenpayments.com', 'evil.com.x-checkout-live.adyenpayments.com')).toBe(false)
  expect(hostMatches('checkout-test.adyen.com', 'CHECKOUT-TEST.adyen.com.')).toBe(true)
  expect(hostMatches('checkout-test.adyen.com', 'checkout-test.adyen.com.evil.com')).toBe(false)
  expect(providerOfHost('open-sea-global.alipay.com')).toBe('antom')
  expect(providerOfHost('open-sea-global.alipay.com', ['adyen'])).toBeUndefined()
  expect(providerOfHost('example.com')).toBeUndefined()
})

test('every mock has its real hosts and base URLs, and only mocks do', () => {
  expect(Object.keys(providerHosts).sort()).toEqual(Object.keys(mockRegistry).sort())
  for (const hosts of Object.values(providerHosts)) {
    expect(hosts.hosts.length).toBeGreaterThan(0)
    expect(hosts.baseUrls.every((b) => /^TOKENPROOF_[A-Z_]+_URL$/.test(b.env))).toBe(true)
  }
})

test('docs/existing-app.md names every variable wrap exports and every host the preload redirects', async () => {
  const { readFile } = await import('node:fs/promises')
  const { appEnvironment } = await import('./app-env.ts')
  const guide = await readFile(join(import.meta.dirname, '..', '..', 'docs', 'existing-app.md'), 'utf8')
  const names = Object.keys(appEnvironment('http://127.0.0.1:4010', Object.keys(mockRegistry) as (keyof typeof mockRegistry)[]))
  expect(names.filter((name) => !guide.includes(`\`${name}\``))).toEqual([])
  const hosts = Object.values(providerHosts).flatMap((p) => p.hosts.map((h) => h.pattern.replace('*', '<prefix>')))
  expect(hosts.filter((host) => !guide.includes(`\`${host}\``))).toEqual([])
})
