import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchChromium } from '../test-support/browser.ts'
import { callChecked, startAntomFixture, uniqueId, type AntomFixture } from './test-support/fixture.ts'

let fx: AntomFixture
let browser: Browser
beforeAll(async () => {
  fx = await startAntomFixture()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await fx?.close()
})

test('a buyer on the Checkout Page link enters a test card, ticks "save", and the merchant is notified of the token', async () => {
  const created = await callChecked(fx.client, 'payments/createPaymentSession', {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: uniqueId('browser'),
    paymentAmount: { currency: 'HKD', value: '1000' },
    order: { referenceOrderId: uniqueId('order'), orderDescription: 'Browser order', orderAmount: { currency: 'HKD', value: '1000' }, buyer: { referenceBuyerId: 'buyer-web' } },
    paymentRedirectUrl: 'https://merchant.example/return',
    paymentNotifyUrl: fx.merchant.url,
    availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } },
  })
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(String(created.body.normalUrl))
  await page.fill('input[name=number]', '4054695723100768')
  await page.check('input[name=saveCard]')
  await page.click('button[type=submit]')
  await expect.poll(() => page.textContent('#result')).toContain('succeeded')
  await page.screenshot({ path: 'reports/out/antom-checkout-page.png' })
  await fx.server.mock.engine.outbox.idle()

  const notification = fx.merchant.received[0]
  expect(notification?.signatureValid).toBe(true)
  expect((notification?.body.paymentResultInfo as { cardToken?: string }).cardToken).toMatch(/^ALIPAY/)
  expect(errors).toEqual([])
})
