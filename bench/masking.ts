/**
 * What masking by value costs per recorded exchange: `redactBody` + `redactHeaders` (mocks/engine/
 * masking.ts) against the key-only masking they replaced (kept below, as it was, for the comparison),
 * over typical provider bodies: an Antom pay with card, an Adyen payment with a token, a notification.
 *
 *   npx tsx bench/masking.ts            (BENCH_MASKING_ROUNDS=<n>, default 20000 per body)
 */
import { maskText, redactBody, redactHeaders } from '../mocks/engine/masking.ts'

const ROUNDS = Number(process.env.BENCH_MASKING_ROUNDS ?? 20_000)

// The key-only path before issue 19: strings through maskText, CVVs and card-number numbers by key.
const OLD_CVV_KEY = /^(cvv|cvc|cvv2|cvc2|cvn|securityCode|cardSecurityCode|encryptedSecurityCode)$/i
const OLD_SECRET_KEY = /(private[_-]?key|secret|secret[_-]?key|password|passphrase|api[_-]?key|authorization)$/i
function keyOnly(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value)
  if (Array.isArray(value)) return value.map(keyOnly)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) out[key] = OLD_CVV_KEY.test(key) ? '[removed]' : OLD_SECRET_KEY.test(key) ? '[redacted]' : keyOnly(inner)
    return out
  }
  return value
}
const keyOnlyBody = (raw: string): unknown => keyOnly(JSON.parse(raw) as unknown)
const keyOnlyHeaders = (headers: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(headers).map(([n, v]) => [n.toLowerCase(), maskText(v)]))

const HEADERS = { 'content-type': 'application/json; charset=UTF-8', 'client-id': 'SANDBOX_5X00000000000000', 'request-time': '2026-01-15T08:00:00+08:00', signature: 'algorithm=RSA256,keyVersion=1,signature=abc%2Bdef' }
const BODIES: Record<string, string> = {
  antomPay: JSON.stringify({
    productCode: 'ONLINE_PAYMENT',
    paymentRequestId: 'pay-20260115-000001',
    order: { referenceOrderId: 'order-1', orderDescription: 'Two shirts', orderAmount: { currency: 'HKD', value: '1000' }, buyer: { referenceBuyerId: 'buyer-42' } },
    paymentAmount: { currency: 'HKD', value: '1000' },
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { cardNo: '4054695723100768', cvv: '123', expiryMonth: '12', expiryYear: '30', cardholderName: { firstName: 'A', lastName: 'B' }, tokenizeMode: 'ENABLED' } },
    paymentNotifyUrl: 'http://127.0.0.1:8080/notify',
    settlementStrategy: { settlementCurrency: 'USD' },
  }),
  adyenTokenPay: JSON.stringify({
    merchantAccount: 'TokenproofTestMerchant',
    amount: { currency: 'EUR', value: 1000 },
    reference: 'order-2',
    paymentMethod: { type: 'scheme', storedPaymentMethodId: 'M5N7TQ4TG5PFWR50', encryptedSecurityCode: '737' },
    shopperReference: 'shopper-42',
    shopperInteraction: 'ContAuth',
    recurringProcessingModel: 'CardOnFile',
    additionalData: { cvcCopy: '737', note: 'retry 2' },
  }),
  notification: JSON.stringify({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' }, paymentRequestId: 'pay-1', paymentId: '20260115114500000002', paymentAmount: { currency: 'HKD', value: '1000' }, paymentCreateTime: '2026-01-15T08:00:00+08:00', paymentResultInfo: { cardNo: '405469******0768', cardToken: 'ALIPAYxyz', funding: 'CREDIT' } }),
}

function perCall(run: () => unknown): number {
  for (let i = 0; i < 2_000; i++) run()
  const start = process.hrtime.bigint()
  for (let i = 0; i < ROUNDS; i++) run()
  return Number(process.hrtime.bigint() - start) / ROUNDS / 1_000
}

const rows = Object.entries(BODIES).map(([name, raw]) => {
  const before = perCall(() => [keyOnlyBody(raw), keyOnlyHeaders(HEADERS)])
  const after = perCall(() => [redactBody(raw), redactHeaders(HEADERS)])
  return { body: name, bytes: raw.length, keyOnlyUs: before.toFixed(2), byValueUs: after.toFixed(2), ratio: (after / before).toFixed(2) }
})
console.table(rows)
