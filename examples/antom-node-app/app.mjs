/* global process, console, fetch, URL, setTimeout, AbortSignal */
// A small shop on Antom's Payment Element (One-time Payments with card binding), written from
// Antom's docs with Node's own http and fetch: no SDK.
//
//   POST   /checkout                      a checkout session for a customer; Antom's page asks the
//                                         buyer whether to save the card (tokenizeMode ASKFORCONSENT)
//   GET    /return?paymentRequestId=…     where the buyer lands back: inquiryPayment, keep the card token
//   POST   /antom/notify                  notifyPayment: signature verified, card token kept, acknowledged
//   POST   /customers/:id/charge          a merchant-initiated payment with the saved card
//   GET    /customers/:id/cards           the saved card (masked)
//   DELETE /customers/:id/cards           forgets the saved card
//
// Settings: ANTOM_CLIENT_ID, ANTOM_PRIVATE_KEY (PEM, the key requests are signed with),
// ANTOM_PUBLIC_KEY (PEM, Antom's key for answers and notifications), PORT, PUBLIC_URL.
// QUICK_INTEGRATION=1 is the first version of this shop, with two mistakes its code review found:
// the saved card is charged without isCardOnFile, and notifications are answered with a plain
// "success" instead of Antom's result object.
import { createSign, createVerify, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'

const GATEWAY = 'https://open-sea-global.alipay.com'
const CLIENT_ID = process.env.ANTOM_CLIENT_ID
const PRIVATE_KEY = process.env.ANTOM_PRIVATE_KEY
const ANTOM_PUBLIC_KEY = process.env.ANTOM_PUBLIC_KEY
const QUICK = process.env.QUICK_INTEGRATION === '1'
if (!CLIENT_ID || !PRIVATE_KEY || !ANTOM_PUBLIC_KEY) {
  console.error('set ANTOM_CLIENT_ID, ANTOM_PRIVATE_KEY and ANTOM_PUBLIC_KEY')
  process.exit(1)
}
const API = CLIENT_ID.startsWith('SANDBOX_') ? '/ams/sandbox/api/v1' : '/ams/api/v1'
let publicUrl = process.env.PUBLIC_URL

/** customerId → { cardToken, cardNo, cardBrand } */
const cards = new Map()
/** paymentRequestId → customerId */
const orders = new Map()

const sign = (path, time, body) => encodeURIComponent(createSign('RSA-SHA256').update(`POST ${path}\n${CLIENT_ID}.${time}.${body}`).sign(PRIVATE_KEY, 'base64'))

/** Antom's signature check, for answers (with Response-Time) and notifications (with Request-Time). */
function signedByAntom(path, clientId, time, body, header) {
  const signature = /signature=([^,]+)/.exec(header ?? '')?.[1]
  if (!signature || !clientId || !time) return false
  return createVerify('RSA-SHA256').update(`POST ${path}\n${clientId}.${time}.${body}`).verify(ANTOM_PUBLIC_KEY, decodeURIComponent(signature), 'base64')
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * One Antom call. An unknown outcome (UNKNOWN_EXCEPTION, HTTP 5xx, no answer, an answer that fails
 * the signature check) is sent again as it was, same paymentRequestId, as Antom's result handling
 * says; S, F and the other U codes go back to the caller.
 */
async function antom(operation, request) {
  const path = `${API}/${operation}`
  const body = JSON.stringify(request)
  for (let attempt = 1; ; attempt++) {
    let result
    try {
      const time = String(Date.now())
      const response = await fetch(`${GATEWAY}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': CLIENT_ID, 'request-time': time, signature: `algorithm=RSA256,keyVersion=1,signature=${sign(path, time, body)}` },
        body,
        signal: AbortSignal.timeout(30_000),
      })
      const text = await response.text()
      if (response.status === 200 && signedByAntom(path, response.headers.get('client-id'), response.headers.get('response-time'), text, response.headers.get('signature'))) {
        result = JSON.parse(text)
      }
    } catch (error) {
      console.error(`${operation}: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (result && result.result?.resultCode !== 'UNKNOWN_EXCEPTION') return result
    if (attempt === 8) return { result: { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: 'no answer from Antom' } }
    await sleep(100 * attempt)
  }
}

function keepCard(customerId, info) {
  if (customerId && info?.cardToken) cards.set(customerId, { cardToken: info.cardToken, cardNo: info.cardNo, cardBrand: info.cardBrand })
}

async function checkout(input) {
  const paymentRequestId = `pay-${randomUUID()}`
  const amount = { currency: input.currency ?? 'HKD', value: String(input.value ?? 1000) }
  orders.set(paymentRequestId, input.customerId)
  const answer = await antom('payments/createPaymentSession', {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId,
    paymentAmount: amount,
    order: { referenceOrderId: `order-${paymentRequestId}`, orderDescription: 'Online order', orderAmount: amount, buyer: { referenceBuyerId: input.customerId } },
    availablePaymentMethod: { paymentMethodMetaData: { tokenizeMode: 'ASKFORCONSENT' } },
    paymentRedirectUrl: `${publicUrl}/return?paymentRequestId=${paymentRequestId}`,
    paymentNotifyUrl: `${publicUrl}/antom/notify`,
  })
  if (answer.result.resultStatus !== 'S') return [502, { error: answer.result.resultCode }]
  return [200, { paymentRequestId, paymentSessionId: answer.paymentSessionId, paymentSessionData: answer.paymentSessionData, normalUrl: answer.normalUrl }]
}

async function returned(paymentRequestId) {
  const answer = await antom('payments/inquiryPayment', { paymentRequestId })
  if (answer.paymentStatus === 'SUCCESS') keepCard(orders.get(paymentRequestId), answer.paymentResultInfo)
  return [200, { paymentStatus: answer.paymentStatus ?? answer.result.resultCode, cardSaved: cards.has(orders.get(paymentRequestId)) }]
}

async function charge(customerId, input) {
  const card = cards.get(customerId)
  if (!card) return [404, { error: 'no saved card' }]
  const paymentRequestId = `charge-${randomUUID()}`
  const amount = { currency: input.currency ?? 'HKD', value: String(input.value ?? 1000) }
  const answer = await antom('payments/pay', {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId,
    paymentAmount: amount,
    order: { referenceOrderId: `order-${paymentRequestId}`, orderDescription: 'Subscription renewal', orderAmount: amount, buyer: { referenceBuyerId: customerId } },
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: card.cardToken, ...(QUICK ? {} : { paymentMethodMetaData: { isCardOnFile: true } }) },
    paymentRedirectUrl: `${publicUrl}/return?paymentRequestId=${paymentRequestId}`,
    paymentNotifyUrl: `${publicUrl}/antom/notify`,
  })
  orders.set(paymentRequestId, customerId)
  if (answer.result.resultCode === 'INVALID_PAYMENT_METHOD_META_DATA') cards.delete(customerId)
  return [200, { paymentRequestId, paymentId: answer.paymentId, resultStatus: answer.result.resultStatus, resultCode: answer.result.resultCode }]
}

const ACK = JSON.stringify({ result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } })

function notified(req, raw) {
  // Antom signs the path of the notification URL as it was given, query string included.
  if (!signedByAntom(req.url, req.headers['client-id'], req.headers['request-time'], raw, req.headers.signature)) return [401, { error: 'signature' }]
  const notification = JSON.parse(raw)
  if (notification.notifyType === 'PAYMENT_RESULT' && notification.result?.resultStatus === 'S') keepCard(orders.get(notification.paymentRequestId), notification.paymentResultInfo)
  return [200, QUICK ? 'success' : ACK]
}

async function route(req, raw) {
  const url = new URL(req.url, 'http://localhost')
  const input = raw === '' ? {} : JSON.parse(raw)
  const customer = /^\/customers\/([^/]+)\/(charge|cards)$/.exec(url.pathname)
  if (req.method === 'POST' && url.pathname === '/checkout') return checkout(input)
  if (req.method === 'GET' && url.pathname === '/return') return returned(url.searchParams.get('paymentRequestId'))
  if (req.method === 'POST' && url.pathname === '/antom/notify') return notified(req, raw)
  if (customer && req.method === 'POST' && customer[2] === 'charge') return charge(customer[1], input)
  if (customer && req.method === 'GET' && customer[2] === 'cards') {
    const card = cards.get(customer[1])
    return [200, { cards: card ? [{ cardNo: card.cardNo, cardBrand: card.cardBrand }] : [] }]
  }
  if (customer && req.method === 'DELETE' && customer[2] === 'cards') return [200, { deleted: cards.delete(customer[1]) }]
  return [404, { error: 'not found' }]
}

const server = createServer((req, res) => {
  let raw = ''
  req.setEncoding('utf8')
  req.on('data', (chunk) => (raw += chunk))
  req.on('end', () => {
    route(req, raw)
      .catch((error) => [500, { error: error instanceof Error ? error.message : 'failed' }])
      .then(([status, body]) => {
        res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' })
        res.end(typeof body === 'string' ? body : JSON.stringify(body))
      })
  })
})

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address()
  publicUrl ??= `http://127.0.0.1:${port}`
  console.log(`shop listening on http://127.0.0.1:${port}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
