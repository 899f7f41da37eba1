/* global process, console, fetch, AbortSignal, Buffer */
// An end-to-end test of a small Adyen merchant, as a user's own e2e script would be: it runs the
// merchant's webhook endpoint, calls Adyen's real test host (sent to the mock by wrap's preload) and
// takes the shopper's step through the mock's control API. Written from Adyen's docs.
//   node audit-app.mjs clean    stores a card, pays with it flagged as seed 003 says, retries an
//                               unknown outcome under the same Idempotency-Key, checks every HMAC
//   node audit-app.mjs faulty   the same, with three mistakes: the CVC sent on the reuse, an e-mail
//                               as the shopperReference, no retry of an unknown outcome; and every
//                               webhook acknowledged unchecked
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'

const faulty = process.argv[2] === 'faulty'
const MOCK = process.env.TOKENPROOF_MOCK_URL
const API_KEY = process.env.TOKENPROOF_ADYEN_API_KEY
const MERCHANT = process.env.TOKENPROOF_ADYEN_MERCHANT_ACCOUNT
const HMAC_KEY = process.env.TOKENPROOF_ADYEN_HMAC_KEY
const CHECKOUT = 'https://checkout-test.adyen.com/v71'
const SHOPPER = faulty ? 'jane.doe@example.com' : 'shopper-e2e-0001'

const received = []
function validHmac(item) {
  const data = [item.pspReference, item.originalReference ?? '', item.merchantAccountCode, item.merchantReference, item.amount.value, item.amount.currency, item.eventCode, item.success].join(':')
  const expected = createHmac('sha256', Buffer.from(HMAC_KEY, 'hex')).update(data).digest()
  const given = Buffer.from(item.additionalData?.hmacSignature ?? '', 'base64')
  return expected.length === given.length && timingSafeEqual(expected, given)
}
const server = createServer((req, res) => {
  let raw = ''
  req.on('data', (c) => (raw += c))
  req.on('end', () => {
    const item = JSON.parse(raw).notificationItems[0].NotificationRequestItem
    if (!faulty && !validHmac(item)) {
      res.writeHead(401).end()
      return
    }
    received.push(item)
    res.writeHead(202).end()
  })
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const control = (path, body) => fetch(`${MOCK}/__tokenproof${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) })
await control('/providers/adyen/merchants', { merchantAccount: MERCHANT, apiKey: API_KEY, hmacKey: HMAC_KEY, webhookUrl: `http://127.0.0.1:${server.address().port}/webhooks` })

/** One call, retried under the same key while the outcome is unknown (5xx, no answer), unless faulty. */
async function call(path, body) {
  const key = randomUUID()
  for (let attempt = 1; ; attempt++) {
    let status = 0
    let answer = {}
    try {
      const response = await fetch(`${CHECKOUT}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(40_000),
      })
      status = response.status
      answer = await response.json().catch(() => ({}))
    } catch {
      status = 0
    }
    if ((status === 0 || status >= 500) && !faulty && attempt < 8) continue
    return { status, answer }
  }
}

const session = await call('/sessions', {
  merchantAccount: MERCHANT,
  reference: `order-${randomUUID()}`,
  amount: { currency: 'EUR', value: 1000 },
  returnUrl: 'https://merchant.example/return',
  countryCode: 'NL',
  shopperReference: SHOPPER,
  shopperInteraction: 'Ecommerce',
  recurringProcessingModel: 'CardOnFile',
  storePaymentMethodMode: 'enabled',
})
if (session.status !== 201) {
  console.log(`session answered ${session.status}`)
  process.exit(faulty ? 0 : 1)
}
await control('/providers/adyen/buyer/pay', {
  sessionId: session.answer.id,
  paymentMethod: { type: 'scheme', encryptedCardNumber: 'test_4111111111111111', encryptedExpiryMonth: 'test_03', encryptedExpiryYear: 'test_2030', encryptedSecurityCode: 'test_737' },
})
await control('/idle')
const token = received.find((item) => item.eventCode === 'RECURRING_CONTRACT' && item.success === 'true')?.pspReference
if (token === undefined) {
  console.log('no token arrived')
  server.close()
  process.exit(faulty ? 0 : 1)
}
const renewal = await call('/payments', {
  merchantAccount: MERCHANT,
  reference: `renewal-${randomUUID()}`,
  amount: { currency: 'EUR', value: 1299 },
  paymentMethod: { type: 'scheme', storedPaymentMethodId: token, ...(faulty ? { cvc: '737' } : {}) },
  shopperReference: SHOPPER,
  shopperInteraction: 'ContAuth',
  recurringProcessingModel: 'Subscription',
  returnUrl: 'https://merchant.example/return',
})
await control('/idle')
console.log(`renewal answered ${renewal.status} ${renewal.answer.resultCode ?? renewal.answer.errorCode ?? ''}`)
server.close()
