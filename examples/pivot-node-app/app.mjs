/* global process, console, fetch, URL, setTimeout, AbortSignal, Buffer */
// A small shop on Pivot's Payment Session API ("Pay and Save Card"), written from Pivot's docs with
// Node's own http and fetch: no SDK.
//
//   POST   /checkout                    a REDIRECT session with saveForFuture: Pivot's page offers
//                                       "Save for future use"; answers the page's URL
//   GET    /return?session=…            where the buyer lands back: the session's status, and the
//                                       saved card read from the customer
//   POST   /pivot/callback              PAYMENT.* callbacks: X-API-Key compared with ours, acknowledged
//   GET    /customers/:id/cards         the saved card (masked)
//   POST   /customers/:id/pay           one-click: an API session with the saved token and the CVC
//                                       the buyer types; answers the 3DS page to send the buyer to
//   DELETE /customers/:id/cards         forgets the saved card
//
// Settings: PIVOT_MERCHANT_ID, PIVOT_MERCHANT_SECRET, PIVOT_CALLBACK_API_KEY (Dashboard →
// Developer Settings), PORT, PUBLIC_URL. The shop gives Pivot a pseudonymous e-mail
// (<customer>@customers.invalid): Pivot needs one to create a customer, and the buyer's own address
// is not Pivot's business.
// QUICK_INTEGRATION=1 is the shop's first version, with two mistakes its code review found: the
// buyer's real e-mail goes to Pivot as the customer, and every failed call is sent again, a refused
// one (a 4xx) included.
import { randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'

const PIVOT = 'https://api-stg.pivot-payment.com'
const MERCHANT_ID = process.env.PIVOT_MERCHANT_ID
const MERCHANT_SECRET = process.env.PIVOT_MERCHANT_SECRET
const CALLBACK_API_KEY = process.env.PIVOT_CALLBACK_API_KEY
const QUICK = process.env.QUICK_INTEGRATION === '1'
if (!MERCHANT_ID || !MERCHANT_SECRET || !CALLBACK_API_KEY) {
  console.error('set PIVOT_MERCHANT_ID, PIVOT_MERCHANT_SECRET and PIVOT_CALLBACK_API_KEY')
  process.exit(1)
}
let publicUrl = process.env.PUBLIC_URL

/** our customer id → { pivotCustomerId, card?: { token, first6, last4 } } */
const customers = new Map()
/** Pivot session id → our customer id */
const sessions = new Map()

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

let accessToken
async function bearer() {
  if (accessToken && accessToken.until > Date.now()) return accessToken.value
  const response = await fetch(`${PIVOT}/v1/access-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-merchant-id': MERCHANT_ID, 'x-merchant-secret': MERCHANT_SECRET },
    body: JSON.stringify({ grantType: 'client_credentials' }),
    signal: AbortSignal.timeout(60_000),
  })
  const answer = await response.json()
  if (answer.code !== '00') throw new Error(`access token refused: ${answer.code}`)
  accessToken = { value: answer.data.accessToken, until: Date.now() + (Number(answer.data.expiresIn) - 60) * 1000 }
  return accessToken.value
}

/**
 * One Pivot call. A POST carries an Idempotency-Key; an unknown outcome (5xx, 408, no answer) is
 * sent again under the same key; a refusal (4xx) is final and goes back to the caller.
 */
async function pivot(method, path, body) {
  const key = randomUUID()
  for (let attempt = 1; ; attempt++) {
    let status = 0
    let answer
    try {
      const response = await fetch(`${PIVOT}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await bearer()}`, ...(method === 'POST' ? { 'idempotency-key': key } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // Pivot answers 408 to a request still running after 60 s: wait that long, not less.
        signal: AbortSignal.timeout(65_000),
      })
      status = response.status
      answer = await response.json().catch(() => undefined)
    } catch (error) {
      console.error(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (status === 401) accessToken = undefined
    const unknown = status === 0 || status === 408 || status >= 500
    const retry = QUICK ? status < 200 || status >= 300 : unknown
    if (!retry || attempt === 8) return { status, answer: answer ?? {} }
    await sleep(100 * attempt)
  }
}

const maskedCard = (stored) => ({ token: stored.token, first6: stored.card?.first6, last4: stored.card?.last4 })

async function refreshCard(customerId) {
  const customer = customers.get(customerId)
  if (!customer) return
  const found = await pivot('GET', `/v1/customers/${customer.pivotCustomerId}`)
  const stored = (found.answer.data?.storedPaymentMethods ?? []).filter((m) => m.status === 'ACTIVE')
  customer.card = stored.length > 0 ? maskedCard(stored[stored.length - 1]) : undefined
}

async function checkout(input) {
  const known = customers.get(input.customerId)
  const amount = { value: Number(input.value ?? 150000), currency: 'IDR' }
  const created = await pivot('POST', '/v2/payments', {
    clientReferenceId: `order-${randomUUID()}`,
    amount,
    mode: 'REDIRECT',
    autoConfirm: true,
    paymentMethod: { type: 'CARD' },
    saveForFuture: true,
    redirectUrl: { successReturnUrl: `${publicUrl}/return`, failureReturnUrl: `${publicUrl}/return`, expirationReturnUrl: `${publicUrl}/return` },
    customer: known ? { id: known.pivotCustomerId } : { givenName: input.givenName ?? 'Customer', email: QUICK ? input.email : `${input.customerId}@customers.invalid` },
    orderInformation: { productDetails: [{ name: 'Order', quantity: 1, price: amount.value }] },
  })
  if (created.answer.code !== '00') return [502, { error: created.answer.code ?? created.status }]
  const session = created.answer.data
  if (!known) customers.set(input.customerId, { pivotCustomerId: session.customerId })
  sessions.set(session.id, input.customerId)
  return [200, { session: session.id, paymentUrl: session.paymentUrl }]
}

async function returned(sessionId) {
  const found = await pivot('GET', `/v2/payments/${sessionId}`)
  const status = found.answer.data?.status
  if (status === 'PAID') await refreshCard(sessions.get(sessionId))
  return [200, { status, cardSaved: customers.get(sessions.get(sessionId))?.card !== undefined }]
}

async function payWithSavedCard(customerId, input) {
  const customer = customers.get(customerId)
  if (!customer?.card) return [404, { error: 'no saved card' }]
  const amount = { value: Number(input.value ?? 150000), currency: 'IDR' }
  const created = await pivot('POST', '/v2/payments', {
    clientReferenceId: `order-${randomUUID()}`,
    amount,
    mode: 'API',
    autoConfirm: true,
    customer: { id: customer.pivotCustomerId },
    paymentMethod: { type: 'CARD', card: { token: customer.card.token, cvc: input.cvc } },
    redirectUrl: { successReturnUrl: `${publicUrl}/return`, failureReturnUrl: `${publicUrl}/return`, expirationReturnUrl: `${publicUrl}/return` },
    orderInformation: { productDetails: [{ name: 'Order', quantity: 1, price: amount.value }] },
  })
  if (created.answer.code === '404100002') {
    // The card is gone at Pivot (removed, expired): forget it and ask for a new one.
    customer.card = undefined
    return [410, { error: 'saved card no longer available' }]
  }
  if (created.answer.code !== '00') return [502, { error: created.answer.code ?? created.status }]
  sessions.set(created.answer.data.id, customerId)
  return [200, { session: created.answer.data.id, status: created.answer.data.status, nextActionUrl: created.answer.data.nextAction?.url }]
}

function sameKey(given) {
  const a = Buffer.from(String(given ?? ''))
  const b = Buffer.from(CALLBACK_API_KEY)
  return a.length === b.length && timingSafeEqual(a, b)
}

const paid = new Set()
function callback(req, raw) {
  if (!sameKey(req.headers['x-api-key'])) return [401, { error: 'unknown sender' }]
  const { event, data } = JSON.parse(raw)
  // Pivot may send a callback more than once: the first one books the order.
  if (event === 'PAYMENT.PAID' && !paid.has(data.id)) {
    paid.add(data.id)
    const customerId = sessions.get(data.id)
    if (customerId && data.saveForFutureUse !== false) return refreshCard(customerId).then(() => [200, { received: true }])
  }
  return [200, { received: true }]
}

async function route(req, raw) {
  const url = new URL(req.url, 'http://localhost')
  const input = raw === '' ? {} : JSON.parse(raw)
  const customer = /^\/customers\/([^/]+)\/(pay|cards)$/.exec(url.pathname)
  if (req.method === 'POST' && url.pathname === '/checkout') return checkout(input)
  if (req.method === 'GET' && url.pathname === '/return') return returned(url.searchParams.get('session'))
  if (req.method === 'POST' && url.pathname === '/pivot/callback') return callback(req, raw)
  if (customer && req.method === 'POST' && customer[2] === 'pay') return payWithSavedCard(customer[1], input)
  if (customer && req.method === 'GET' && customer[2] === 'cards') {
    const card = customers.get(customer[1])?.card
    return [200, { cards: card ? [{ first6: card.first6, last4: card.last4 }] : [] }]
  }
  if (customer && req.method === 'DELETE' && customer[2] === 'cards') {
    const known = customers.get(customer[1])
    const had = known?.card !== undefined
    if (known) known.card = undefined
    return [200, { deleted: had }]
  }
  return [404, { error: 'not found' }]
}

const server = createServer((req, res) => {
  let raw = ''
  req.setEncoding('utf8')
  req.on('data', (chunk) => (raw += chunk))
  req.on('end', () => {
    Promise.resolve()
      .then(() => route(req, raw))
      .catch((error) => [500, { error: error instanceof Error ? error.message : 'failed' }])
      .then(([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      })
  })
})

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address()
  publicUrl ??= `http://127.0.0.1:${port}`
  console.log(`shop listening on http://127.0.0.1:${port}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
