import { mkdirSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { adyenThreeDsTestCards } from '../contracts/adyen/test-cards.ts'
import { DEFAULT_API_KEY, DEFAULT_HMAC_KEY, DEFAULT_MERCHANT_ACCOUNT } from './adyen/merchants.ts'
import { startMerchantEndpoint, type MerchantEndpoint } from './adyen/test-support/merchant-endpoint.ts'
import { startMockServer, type MockServer } from './server.ts'
import { launchChromium } from './test-support/browser.ts'
import { dashboardShows, noSeriousViolations, SHOTS, watchErrors } from './test-support/frontend.ts'

/**
 * Adyen's redirect flow in a real browser: a shop on another origin asks its server for /payments
 * with a 3D Secure test card, follows the answer's `action.url` as Drop-in does, the shopper answers
 * the mock's 3D Secure page, the browser comes back to the shop's `returnUrl` with `redirectResult`,
 * the shop's server completes the payment with /payments/details, and the dashboard shows the token.
 * Run alone with `npx vitest run mocks/frontend-adyen.browser.test.ts` (docs/frontend.md).
 */
let mock: MockServer
let shop: Server
let shopUrl: string
let webhooks: MerchantEndpoint
let browser: Browser

/** The shop's server side: it alone holds the API key, as Adyen requires. */
async function adyen(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${mock.url}/v72${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': DEFAULT_API_KEY }, body: JSON.stringify(body) })
  return (await response.json()) as Record<string, unknown>
}

const CHECKOUT_PAGE = `<!doctype html><html lang="en"><title>Shop checkout</title><main><h1>Shop</h1><p>Order total EUR 25.00</p>
<button id="pay" type="button">Pay with the 3D Secure test card</button><p id="status" role="status"></p></main>
<script>
document.getElementById('pay').addEventListener('click', async () => {
  const answer = await (await fetch('/adyen/payments', { method: 'POST' })).json();
  // What Drop-in's handleAction does with a redirect action sent by GET.
  if (answer.action && answer.action.type === 'redirect') location.assign(answer.action.url);
  else document.getElementById('status').textContent = answer.resultCode;
});
</script></html>`

async function shopRoute(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', shopUrl)
  if (req.method === 'POST' && url.pathname === '/adyen/payments') {
    const answer = await adyen('/payments', {
      merchantAccount: DEFAULT_MERCHANT_ACCOUNT,
      reference: `web-${Date.now()}`,
      amount: { currency: 'EUR', value: 2500 },
      paymentMethod: { type: 'scheme', encryptedCardNumber: `test_${adyenThreeDsTestCards[0].number}`, encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' },
      returnUrl: `${shopUrl}/adyen/return?order=web-1`,
      shopperReference: 'shopper-web-3ds',
      storePaymentMethod: true,
      shopperInteraction: 'Ecommerce',
      recurringProcessingModel: 'CardOnFile',
    })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(answer))
    return
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  if (url.pathname === '/adyen/return') {
    const answer = await adyen('/payments/details', { details: { redirectResult: url.searchParams.get('redirectResult') ?? '' } })
    res.end(`<!doctype html><html lang="en"><title>Shop: back from Adyen</title><main><h1 id="landed">Back at the shop: order ${url.searchParams.get('order') ?? ''}</h1><p>Payment <span id="result">${String(answer.resultCode)}</span></p></main></html>`)
    return
  }
  res.end(CHECKOUT_PAGE)
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  mock = await startMockServer({ port: 0, providers: ['adyen'], clockOptions: { mode: 'manual' } })
  webhooks = await startMerchantEndpoint(DEFAULT_HMAC_KEY)
  shop = createServer((req, res) => {
    shopRoute(req, res).catch((error: unknown) => {
      res.writeHead(500)
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve))
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`
  const registered = await fetch(`${mock.url}/__tokenproof/providers/adyen/merchants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ merchantAccount: DEFAULT_MERCHANT_ACCOUNT, apiKey: DEFAULT_API_KEY, hmacKey: DEFAULT_HMAC_KEY, webhookUrl: webhooks.url }),
  })
  expect(registered.status).toBe(201)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => shop?.close(resolve))
  await webhooks?.close()
  await mock?.close()
})

test('Adyen 3D Secure redirect from a shop on another origin: action.url, the challenge, back to returnUrl with redirectResult, /payments/details; the dashboard shows the token', async () => {
  const page = await browser.newPage()
  const errors = watchErrors(page)
  await page.goto(`${shopUrl}/adyen/checkout`)
  await page.click('#pay')
  await page.waitForURL(/\/__tokenproof\/pages\/adyen\/3ds\//)
  expect(await page.textContent('.banner')).toContain('test page')
  expect(await page.textContent('main')).toContain('EUR 25.00')
  await noSeriousViolations(page)
  await page.screenshot({ path: `${SHOTS}/adyen-3ds-redirect.png`, fullPage: true })

  // With the keyboard: "Complete the authentication" is chosen; Enter on the button sends it.
  expect(await page.isChecked('#passed-yes')).toBe(true)
  await page.focus('#submit')
  await page.keyboard.press('Enter')
  await page.waitForURL(new RegExp(`^${shopUrl}/adyen/return\\?order=web-1&redirectResult=[\\w-]+$`))
  expect(await page.textContent('#result')).toBe('Authorised')
  await page.screenshot({ path: `${SHOTS}/adyen-return.png`, fullPage: true })
  expect(errors).toEqual([])
  await page.close()

  await mock.mock.engine.outbox.idle()
  const contract = webhooks.byEvent('RECURRING_CONTRACT')[0]
  expect(webhooks.byEvent('AUTHORISATION')[0]?.item.success).toBe('true')
  const token = contract?.item.additionalData['recurring.recurringDetailReference']
  expect(token).toMatch(/^[A-Z0-9]{16}$/)
  await dashboardShows(browser, mock.url, String(token), 'adyen')
})

test('Adyen 3D Secure redirect: the shopper fails the challenge, the shop learns Refused from /payments/details', async () => {
  const page = await browser.newPage()
  const errors = watchErrors(page)
  await page.goto(`${shopUrl}/adyen/checkout`)
  await page.click('#pay')
  await page.waitForURL(/\/__tokenproof\/pages\/adyen\/3ds\//)
  await page.check('#passed-no')
  await page.click('#submit')
  await page.waitForURL(new RegExp(`^${shopUrl}/adyen/return\\?`))
  expect(await page.textContent('#result')).toBe('Refused')
  // Back on the page's URL: the challenge was answered, the page says so.
  await page.goBack()
  await expect.poll(() => page.textContent('main')).toContain('not valid')
  expect(errors.filter((e) => !e.includes('404'))).toEqual([])
  await page.close()
})
