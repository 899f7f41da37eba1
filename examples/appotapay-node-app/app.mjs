/* global process, console, fetch, URL, setTimeout, AbortSignal, Buffer */
// A small shop on AppotaPay's merchant-hosted credit-card API, written from AppotaPay's docs with
// Node's own http and fetch: no SDK. The shop's own card form posts the card to it.
//
//   POST   /customers/:id/cards          the card form: Token Create (MULTIPLE), then 3DS enrollment;
//                                        answers the 3DS page to send the buyer to, if any
//   GET    /3ds/return?authenticationId  where the buyer lands back from 3DS: validate, then the
//                                        first payment; the card is kept once it paid
//   POST   /customers/:id/charge         a later payment with the saved token (3DS again when the
//                                        card asks for it)
//   GET    /customers/:id/cards          the saved card (masked)
//   DELETE /customers/:id/cards          Token Delete at AppotaPay, and the card forgotten
//
// Settings: APPOTAPAY_PARTNER_CODE, APPOTAPAY_API_KEY, APPOTAPAY_SECRET_KEY, PORT, PUBLIC_URL.
// QUICK_INTEGRATION=1 is the shop's first version, with two mistakes its code review found: the
// CVV from the card form is kept and sent again with every payment by token, and a failed charge is
// sent again whatever the error, a card refusal included.
import { createHmac, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'

const APPOTAPAY = 'https://gateway.dev.appotapay.com'
const PARTNER_CODE = process.env.APPOTAPAY_PARTNER_CODE
const API_KEY = process.env.APPOTAPAY_API_KEY
const SECRET_KEY = process.env.APPOTAPAY_SECRET_KEY
const QUICK = process.env.QUICK_INTEGRATION === '1'
if (!PARTNER_CODE || !API_KEY || !SECRET_KEY) {
  console.error('set APPOTAPAY_PARTNER_CODE, APPOTAPAY_API_KEY and APPOTAPAY_SECRET_KEY')
  process.exit(1)
}
let publicUrl = process.env.PUBLIC_URL

/** our customer id → { tokenId, card: { number, brand }, paid: boolean, cvv? } */
const cards = new Map()
/** authenticationId → { customerId, amount, purpose: 'first' | 'later' } */
const pending = new Map()

/** A merchantRefId: AppotaPay takes at most 40 characters. */
const ref = (prefix) => `${prefix}-${randomUUID().replaceAll('-', '')}`
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** AppotaPay's JWT: HS256 with the secret key, the partner code as issuer, the API key in the claims. */
function jwt() {
  const now = Math.floor(Date.now() / 1000)
  const head = `${b64url({ typ: 'JWT', alg: 'HS256', cty: 'appotapay-api;v=1' })}.${b64url({ iss: PARTNER_CODE, jti: `${API_KEY}-${now}`, api_key: API_KEY, exp: now + 600 })}`
  return `${head}.${createHmac('sha256', SECRET_KEY).update(head).digest('base64url')}`
}

async function appotapay(method, path, body) {
  try {
    const response = await fetch(`${APPOTAPAY}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-appotapay-auth': jwt(), language: 'en' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    })
    return { status: response.status, answer: await response.json().catch(() => ({})) }
  } catch (error) {
    console.error(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`)
    return { status: 0, answer: {} }
  }
}

const unknownOutcome = (status) => status === 0 || status >= 500

/**
 * A charge. Its merchantRefId makes it safe to settle: when the outcome is unknown (5xx, no
 * answer) the shop asks AppotaPay for the charge by that reference, and sends the same charge again
 * only if AppotaPay has none. A refusal (4xx) is final.
 */
async function charge(request) {
  for (let attempt = 1; ; attempt++) {
    const sent = await appotapay('POST', '/credit-card/charge', request)
    if (sent.status === 200) return sent
    if (QUICK) {
      if (attempt === 3) return sent
      await sleep(200)
      continue
    }
    if (!unknownOutcome(sent.status)) return sent
    await sleep(100 * attempt)
    const found = await appotapay('GET', `/credit-card/charge/${request.merchantRefId}?referenceType=MERCHANT_REFERENCE_ID`)
    if (found.status === 200) return found
    if (attempt === 8) return sent
  }
}

async function enroll(customerId, tokenId, amount, purpose) {
  const enrolled = await appotapay('POST', '/credit-card/enrollment', { tokenId, amount, currency: 'VND', merchantRefId: ref('auth'), returnUrl: `${publicUrl}/3ds/return` })
  if (enrolled.status !== 200) return [402, { error: enrolled.answer.errorCode ?? enrolled.status }]
  const { id: authenticationId, status, deviceDataCollectionUrl } = enrolled.answer
  pending.set(authenticationId, { customerId, amount, purpose })
  if (status === 'CARD_ENROLLED') return [200, { status: 'AUTHENTICATION_REQUIRED', authenticationId, redirectUrl: deviceDataCollectionUrl }]
  return pay(authenticationId, status === 'VERIFIED')
}

/** Pays once 3DS is settled (or not needed), and keeps the card after its first payment went through. */
async function pay(authenticationId, authenticated) {
  const order = pending.get(authenticationId)
  pending.delete(authenticationId)
  const card = cards.get(order.customerId)
  const charged = await charge({
    tokenId: card.tokenId,
    ...(authenticated ? { authenticationId } : {}),
    amount: order.amount,
    currency: 'VND',
    capture: true,
    merchantRefId: ref('order'),
    ...(QUICK && card.cvv ? { cvv: card.cvv } : {}),
  })
  if (charged.status !== 200) {
    // A card whose first payment failed is not kept, at AppotaPay either.
    if (!card.paid) await forget(order.customerId)
    return [402, { status: 'DECLINED', error: charged.answer.errorCode ?? charged.status }]
  }
  card.paid = true
  return [200, { status: charged.answer.status, chargeId: charged.answer.id }]
}

async function addCard(customerId, input) {
  const created = await appotapay('POST', '/credit-card/token', {
    merchantRefId: ref('card'),
    tokenType: 'MULTIPLE',
    card: { number: input.number, holderName: input.holderName, expirationMonth: input.expirationMonth, expirationYear: input.expirationYear, cvv: input.cvv },
  })
  if (created.status !== 200) return [400, { error: created.answer.errorCode ?? created.status }]
  cards.set(customerId, { tokenId: created.answer.tokenId, card: { number: created.answer.card.number, brand: created.answer.card.brand }, paid: false, ...(QUICK ? { cvv: input.cvv } : {}) })
  return enroll(customerId, created.answer.tokenId, Number(input.amount ?? 150000), 'first')
}

async function returned(authenticationId) {
  if (!pending.has(authenticationId)) return [404, { error: 'unknown authentication' }]
  // Only AppotaPay's own answer says whether 3DS passed, not the query string.
  const validated = await appotapay('POST', `/credit-card/enrollment/validate/${authenticationId}`)
  return pay(authenticationId, validated.status === 200 && validated.answer.status === 'VERIFIED')
}

async function forget(customerId) {
  const card = cards.get(customerId)
  if (!card) return false
  const deleted = await appotapay('DELETE', `/credit-card/token/${card.tokenId}?merchantRefId=${ref('del')}`)
  if (deleted.status !== 200 && deleted.answer.errorCode !== 3004) return false
  cards.delete(customerId)
  return true
}

async function route(req, raw) {
  const url = new URL(req.url, 'http://localhost')
  const input = raw === '' ? {} : JSON.parse(raw)
  const customer = /^\/customers\/([^/]+)\/(charge|cards)$/.exec(url.pathname)
  if (req.method === 'GET' && url.pathname === '/3ds/return') return returned(url.searchParams.get('authenticationId'))
  if (customer && req.method === 'POST' && customer[2] === 'cards') return addCard(customer[1], input)
  if (customer && req.method === 'POST' && customer[2] === 'charge') {
    const card = cards.get(customer[1])
    if (!card?.paid) return [404, { error: 'no saved card' }]
    return enroll(customer[1], card.tokenId, Number(input.amount ?? 150000), 'later')
  }
  if (customer && req.method === 'GET' && customer[2] === 'cards') {
    const card = cards.get(customer[1])
    return [200, { cards: card?.paid ? [card.card] : [] }]
  }
  if (customer && req.method === 'DELETE' && customer[2] === 'cards') return [200, { deleted: await forget(customer[1]) }]
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
