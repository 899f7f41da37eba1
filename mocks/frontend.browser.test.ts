import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { AntomDocClient, startMerchantEndpoint, type MerchantEndpoint } from './antom/test-support/doc-client.ts'
import { DEFAULT_CLIENT_ID } from './antom/merchants.ts'
import { antomTestKeys } from './antom/test-keys.ts'
import { AppotapayClient, ref, testCard } from './appotapay/test-support/client.ts'
import { DEFAULT_MERCHANT } from './pivot/merchants.ts'
import { PivotClient, startCallbackEndpoint, type CallbackEndpoint } from './pivot/test-support/client.ts'
import { startMockServer, type MockServer } from './server.ts'
import { launchChromium } from './test-support/browser.ts'
import { dashboardShows as dashboardOf, noSeriousViolations, SHOTS, watchErrors } from './test-support/frontend.ts'

/**
 * The local provider for frontend development, in a real browser: a merchant's page on another
 * origin sends the buyer to the provider's hosted page, the buyer pays with a test card, the
 * browser comes back to the merchant's return URL, and the dashboard shows the saved token.
 * Screenshots of every page go to reports/out/frontend/ (git-ignored); axe-core checks each page.
 * Run alone with `npx vitest run mocks/frontend.browser.test.ts` (docs/frontend.md); Adyen's
 * redirect is in frontend-adyen.browser.test.ts.
 */
const dashboardShows = (token: string, provider: string): Promise<void> => dashboardOf(browser, mock.url, token, provider)

let mock: MockServer
let shop: Server
let shopUrl: string
let antomNotify: MerchantEndpoint
let pivotCallbacks: CallbackEndpoint
let browser: Browser
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  mock = await startMockServer({ port: 0, providers: ['antom', 'pivot', 'appotapay'], clockOptions: { mode: 'manual' } })
  antomNotify = await startMerchantEndpoint(antomTestKeys.providerPublicKey)
  pivotCallbacks = await startCallbackEndpoint()
  // The merchant's frontend: its checkout page links to the provider's page; its return pages say where the buyer landed.
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    const to = url.searchParams.get('to') ?? ''
    res.end(
      url.pathname === '/checkout'
        ? `<!doctype html><html lang="en"><title>Shop checkout</title><main><h1>Shop</h1><a id="pay" href="${to.replace(/"/g, '&quot;')}">Pay with card</a></main></html>`
        : `<!doctype html><html lang="en"><title>Shop: back from the provider</title><main><h1 id="landed">Back at the shop: ${url.pathname}</h1></main></html>`,
    )
  })
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve))
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`
  await fetch(`${mock.url}/__tokenproof/providers/pivot/merchants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ merchantId: DEFAULT_MERCHANT.merchantId, callbackUrl: pivotCallbacks.url }) })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => shop?.close(resolve))
  await antomNotify?.close()
  await pivotCallbacks?.close()
  await mock?.close()
})

test('Antom Checkout Page from a shop on another origin: card, "save", 3DS, back to paymentRedirectUrl; the dashboard shows the token', async () => {
  const client = new AntomDocClient({ baseUrl: mock.url, clientId: DEFAULT_CLIENT_ID, merchantPrivateKeyPem: antomTestKeys.merchantPrivateKey, antomPublicKeyPem: antomTestKeys.providerPublicKey })
  const created = await client.call('payments/createPaymentSession', {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: `web-${Date.now()}`,
    paymentAmount: { currency: 'HKD', value: '1000' },
    order: { referenceOrderId: `order-${Date.now()}`, orderDescription: 'Browser order', orderAmount: { currency: 'HKD', value: '1000' }, buyer: { referenceBuyerId: 'buyer-web' } },
    paymentRedirectUrl: `${shopUrl}/antom/return`,
    paymentNotifyUrl: antomNotify.url,
    availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } },
  })
  const page = await browser.newPage()
  const errors = watchErrors(page)
  await page.goto(`${shopUrl}/checkout?to=${encodeURIComponent(String(created.body.normalUrl))}`)
  await page.click('#pay')
  await page.waitForURL(/\/__tokenproof\/pages\/antom\/checkout\//)
  expect(await page.textContent('.banner')).toContain('test page')
  await noSeriousViolations(page)

  // A real card number is refused with Antom's message, and nothing is paid.
  await page.fill('#number', '4111111111111111')
  await page.click('#submit')
  await expect.poll(() => page.textContent('#message')).toContain('invalid')
  expect(mock.mock.engine.store.payments.filter((p) => p.provider === 'antom')[0]?.status).toBe('awaiting_buyer')

  // The 3DS test card, typed with the keyboard, "save" ticked with the space bar.
  await page.fill('#number', '')
  await page.focus('#number')
  await page.keyboard.type('4000000000003220')
  await page.focus('#saveCard')
  await page.keyboard.press('Space')
  await page.screenshot({ path: `${SHOTS}/antom-checkout-page.png`, fullPage: true })
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/__tokenproof\/pages\/antom\/challenge\//)
  await noSeriousViolations(page)
  await page.screenshot({ path: `${SHOTS}/antom-3ds-challenge.png`, fullPage: true })
  await page.click('#submit')
  await page.waitForURL(`${shopUrl}/antom/return`)
  expect(await page.textContent('#landed')).toContain('/antom/return')
  expect(errors).toEqual([])

  await mock.mock.engine.outbox.idle()
  const notified = antomNotify.received.at(-1)?.body.paymentResultInfo as { cardToken?: string } | undefined
  expect(notified?.cardToken).toMatch(/^ALIPAY/)
  await dashboardShows(String(notified?.cardToken), 'antom')
})

test('Pivot payment page from a shop on another origin: card, "Save for future use", 3DS on the page, back to the success URL', async () => {
  const client = new PivotClient(mock.url)
  const answer = await client.call('POST', '/v2/payments', {
    clientReferenceId: `web-${Date.now()}`,
    amount: { value: 50000, currency: 'IDR' },
    paymentType: 'SINGLE',
    mode: 'REDIRECT',
    saveForFuture: true,
    customer: { givenName: 'Web', surname: 'Buyer', email: 'web.buyer@example.com' },
    redirectUrl: { successReturnUrl: `${shopUrl}/pivot/success`, failureReturnUrl: `${shopUrl}/pivot/failure`, expirationReturnUrl: `${shopUrl}/pivot/expired` },
  })
  expect(answer.status, answer.raw).toBe(200)
  const paymentUrl = String(answer.body.data?.paymentUrl)
  const page = await browser.newPage()
  const errors = watchErrors(page)
  await page.goto(`${shopUrl}/checkout?to=${encodeURIComponent(paymentUrl)}`)
  await page.click('#pay')
  await page.waitForURL(/\/__tokenproof\/pages\/pivot\/payment\//)
  expect(await page.textContent('main')).toContain('IDR 50000')
  expect(await page.isVisible('#saveCard')).toBe(true)
  await noSeriousViolations(page)
  await page.fill('#number', '5550000112220002')
  await page.fill('#expiryYear', '2030')
  await page.check('#saveCard')
  await page.screenshot({ path: `${SHOTS}/pivot-payment-page.png`, fullPage: true })
  await page.click('#submit')
  await page.waitForSelector('#challenge:not([hidden])')
  await noSeriousViolations(page)
  await page.screenshot({ path: `${SHOTS}/pivot-3ds-on-page.png`, fullPage: true })
  await page.click('#submit')
  await page.waitForURL(`${shopUrl}/pivot/success`)
  expect(errors).toEqual([])

  await mock.mock.engine.outbox.idle()
  const token = mock.mock.engine.store.tokens.filter((t) => t.provider === 'pivot')[0]?.id
  expect(token).toEqual(expect.any(String))
  await dashboardShows(String(token), 'pivot')
})

test('AppotaPay 3DS challenge from a shop on another origin: back to returnUrl with authenticationId and status', async () => {
  const client = new AppotapayClient(mock.url, () => mock.mock.engine.clock.now())
  const token = await client.call('POST', '/credit-card/token', { merchantRefId: ref('web-tok'), tokenType: 'MULTIPLE', card: testCard('4000000000001091') })
  expect(token.status, token.raw).toBe(200)
  const enrolled = await client.call('POST', '/credit-card/enrollment', { amount: 150000, currency: 'VND', merchantRefId: ref('web-auth'), returnUrl: `${shopUrl}/appotapay/return`, tokenId: token.body.tokenId })
  expect(enrolled.status, enrolled.raw).toBe(200)
  const page = await browser.newPage()
  const errors = watchErrors(page)
  await page.goto(`${shopUrl}/checkout?to=${encodeURIComponent(String(enrolled.body.deviceDataCollectionUrl))}`)
  await page.click('#pay')
  await page.waitForURL(/\/__tokenproof\/pages\/appotapay\/challenge\//)
  expect(await page.textContent('main')).toContain('VND 150000')
  await noSeriousViolations(page)
  await page.screenshot({ path: `${SHOTS}/appotapay-3ds-challenge.png`, fullPage: true })
  await page.focus('#submit')
  await page.keyboard.press('Enter')
  await page.waitForURL(new RegExp(`^${shopUrl}/appotapay/return\\?authenticationId=${String(enrolled.body.id)}&status=VERIFIED$`))
  expect(errors).toEqual([])
  await page.close()
})

test('the server-only provider APIs refuse a script on the shop\'s origin (no CORS grant)', async () => {
  const page = await browser.newPage()
  await page.goto(`${shopUrl}/checkout`)
  const outcome = await page.evaluate(async (target) => {
    const tryFetch = (path: string) =>
      fetch(`${target}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(
        (r) => r.status,
        () => 'blocked',
      )
    return { antom: await tryFetch('/ams/api/v1/payments/pay'), pivot: await tryFetch('/v2/payments') }
  }, mock.url)
  await page.close()
  expect(outcome).toEqual({ antom: 'blocked', pivot: 'blocked' })
})

test('the dashboard with a control token: its actions are the control API calls (rule, chaos, clock, buyer step, reset)', async () => {
  const token = 'dashboard-control-token-0001'
  const guarded = await startMockServer({ port: 0, providers: ['antom'], clockOptions: { mode: 'manual' }, controlToken: token })
  const page = await browser.newPage()
  const errors = watchErrors(page)
  page.on('dialog', (dialog) => void dialog.accept())
  try {
    await page.goto(`${guarded.url}/__tokenproof/ui?token=${token}`)
    await page.waitForSelector('body[data-loaded]')
    const before = guarded.mock.engine.clock.now()

    await page.fill('#sc-operation', 'pay')
    await page.fill('#sc-times', '2')
    await page.selectOption('#sc-type', 'httpStatus')
    await page.fill('#sc-value', '503')
    await page.click('#scenario-form button[type=submit]')
    await expect.poll(() => guarded.mock.engine.scenarios.list()).toMatchObject([{ operation: 'pay', times: 2, effect: { type: 'httpStatus', status: 503 } }])
    await expect.poll(() => page.textContent('#rules-list')).toContain('503')

    await page.selectOption('#ch-mode', 'forgedSignature')
    await page.click('#chaos-form button[type=submit]')
    await expect.poll(() => page.textContent('#notice')).toBe('Chaos rule added')

    await page.fill('#clock-ms', '600000')
    await page.click('#clock-form button[type=submit]')
    await expect.poll(() => guarded.mock.engine.clock.now() - before).toBe(600_000)

    // A buyer step on an unknown session: the control API's 409 comes back, shown to the user.
    await page.selectOption('#buyer-action', 'pay')
    await page.fill('#buyer-body', JSON.stringify({ paymentSessionId: 'ps_nothing', card: { number: '4054695723100768', expiryMonth: '12', expiryYear: '30' } }))
    await page.click('#buyer-form button[type=submit]')
    await expect.poll(() => page.textContent('#problem')).toContain('409')

    await page.click('#reset-form button[type=submit]')
    await expect.poll(() => guarded.mock.engine.scenarios.list()).toEqual([])
    await noSeriousViolations(page)
    expect(errors.filter((e) => !e.includes('409'))).toEqual([])
  } finally {
    await page.close()
    await guarded.close()
  }
})
