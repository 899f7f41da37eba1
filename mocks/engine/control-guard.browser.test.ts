import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { startMockServer, type MockServer } from '../server.ts'
import { launchChromium } from '../test-support/browser.ts'

/**
 * The attacks of issue 19 in a real browser: a page on another origin posting `text/plain` (no
 * preflight) to reset the mock, and a page whose name is rebound to 127.0.0.1 reading and resetting
 * the mock as its own origin. Chromium resolves the attacker's name to 127.0.0.1 by a resolver rule.
 */
const REBOUND = 'rebind.attacker.example'

let mock: MockServer
let attacker: Server
let attackerUrl: string
let browser: Browser
beforeAll(async () => {
  mock = await startMockServer({ port: 0, providers: ['antom'], clockOptions: { mode: 'manual' } })
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>a page the developer opened</title>')
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}`
  browser = await launchChromium([`--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`])
})
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => attacker?.close(resolve))
  await mock?.close()
})
beforeEach(async () => {
  await mock.mock.reset()
  mock.mock.engine.scenarios.add({ provider: 'antom', effect: { type: 'httpStatus', status: 503 } })
})

test('a cross-origin page cannot reset the mock with a text/plain POST or a form', async () => {
  const page = await browser.newPage()
  await page.goto(attackerUrl)
  const statusSeen = await page.evaluate(async (target) => {
    // The simple request a page may send anywhere without a preflight; its answer is opaque.
    await fetch(`${target}/__tokenproof/reset`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' })
    // With CORS the page would see a status only if the mock allowed its origin.
    return fetch(`${target}/__tokenproof/state`).then((r) => r.status, () => 'blocked')
  }, mock.url)
  expect(statusSeen).toBe('blocked')
  // A form posting text/plain: the oldest cross-site write there is, no script needed.
  await page.evaluate((html) => {
    ;(globalThis as unknown as { document: { body: { innerHTML: string } } }).document.body.innerHTML = html
  }, `<form method="POST" enctype="text/plain" action="${mock.url}/__tokenproof/reset"><input name="x" value="1"><button>go</button></form>`)
  const navigated = page.waitForNavigation()
  await page.click('button')
  const answer = await navigated
  expect(answer?.status()).toBe(403)
  await page.close()
  expect(mock.mock.engine.scenarios.list()).toHaveLength(1)
})

test('a page rebound to 127.0.0.1 can neither read the state nor reset the mock', async () => {
  const page = await browser.newPage()
  const opened = await page.goto(`http://${REBOUND}:${mock.port}/__tokenproof/state`)
  expect(opened?.status()).toBe(403)
  expect(await page.textContent('body')).not.toContain('payments')
  // Now same-origin with the mock as far as the browser knows: only the Host tells them apart.
  const answers = await page.evaluate(async () => {
    const state = await fetch('/__tokenproof/state')
    const reset = await fetch('/__tokenproof/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    return { state: state.status, stateBody: await state.text(), reset: reset.status }
  })
  await page.close()
  expect(answers).toMatchObject({ state: 403, reset: 403 })
  expect(answers.stateBody).not.toContain('clock')
  expect(mock.mock.engine.scenarios.list()).toHaveLength(1)
})

test('the mock\'s own buyer page still posts its step (same origin, JSON)', async () => {
  const page = await browser.newPage()
  await page.goto(`${mock.url}/__tokenproof/pages/antom/checkout/nothing-here`)
  const status = await page.evaluate(async () => (await fetch('/__tokenproof/providers/antom/buyer/pay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status)
  await page.close()
  // Through the guard to the control API, which judges the input itself.
  expect([400, 404, 409]).toContain(status)
})
