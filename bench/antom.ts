/**
 * The merchant side of the Antom bench: pay bodies, RSA256 request signing and response checks,
 * written against the documented wire format (not the mock's own helpers) so the bench also
 * cross-checks the mock's signing.
 */
import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto'
import { DEFAULT_CLIENT_ID } from '../mocks/antom/merchants.ts'
import { antomTestKeys } from '../mocks/antom/test-keys.ts'

export const PAY_PATH = '/ams/api/v1/payments/pay'
/** Global Visa, success (contracts/antom/test-cards.ts). */
export const BENCH_CARD = '4054695723100768'
export const CLIENT_ID = DEFAULT_CLIENT_ID

export const merchantKey: KeyObject = createPrivateKey(antomTestKeys.merchantPrivateKey)
export const antomPublicKey: KeyObject = createPublicKey(antomTestKeys.providerPublicKey)

/** A request ready to put on the wire: its exact body bytes and its signed headers. */
export interface SignedRequest {
  readonly body: string
  readonly headers: Record<string, string>
}

export type PayMethod = { readonly kind: 'card' } | { readonly kind: 'token'; readonly token: string }

/**
 * A realistic pay body (no paymentNotifyUrl: with the default merchant, which has no notify URL
 * either, notifications are kept as `no_url` and the bench makes no outbound HTTP).
 */
export function payBody(paymentRequestId: string, method: PayMethod): string {
  const amount = { currency: 'USD', value: '1999' }
  const paymentMethod =
    method.kind === 'card'
      ? {
          paymentMethodType: 'CARD',
          paymentMethodMetaData: {
            cardNo: BENCH_CARD,
            expiryMonth: '12',
            expiryYear: '30',
            cvv: '123',
            cardholderName: { firstName: 'Ada', lastName: 'Lovelace' },
            billingAddress: { region: 'US', city: 'New York', address1: '1 Main St', zipCode: '10001' },
            tokenizeMode: 'ENABLED',
          },
        }
      : { paymentMethodType: 'CARD', paymentMethodId: method.token, paymentMethodMetaData: { isCardOnFile: true } }
  return JSON.stringify({
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId,
    paymentAmount: amount,
    paymentMethod,
    order: {
      referenceOrderId: `order-${paymentRequestId}`,
      orderDescription: 'Tokenproof bench order',
      orderAmount: amount,
      buyer: { referenceBuyerId: 'bench-buyer-1', buyerEmail: 'ada@example.com' },
    },
    paymentRedirectUrl: 'https://merchant.example/return',
    settlementStrategy: { settlementCurrency: 'USD' },
    env: { terminalType: 'WEB', clientIp: '203.0.113.7' },
  })
}

/** `POST <path>\n<clientId>.<time>.<body>`: what Antom signs, requests and responses alike. */
export const signedContent = (path: string, clientId: string, time: string, body: string): string => `POST ${path}\n${clientId}.${time}.${body}`

/** Signs a request as a merchant does: RSA-SHA256, base64, URL-encoded into the Signature header. */
export function signRequest(path: string, body: string, options: { clientId?: string; key?: KeyObject; requestTime?: string } = {}): SignedRequest {
  const clientId = options.clientId ?? CLIENT_ID
  const requestTime = options.requestTime ?? String(Date.now())
  const signature = createSign('RSA-SHA256').update(signedContent(path, clientId, requestTime, body)).sign(options.key ?? merchantKey, 'base64')
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=UTF-8',
      'Client-Id': clientId,
      'Request-Time': requestTime,
      Signature: `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signature)}`,
    },
  }
}

/** Signs `size` pay requests, each with its own paymentRequestId, Request-Time and signature. */
export function signPayPool(size: number, prefix: string, method: PayMethod): SignedRequest[] {
  const pool: SignedRequest[] = []
  for (let i = 0; i < size; i++) pool.push(signRequest(PAY_PATH, payBody(`${prefix}-${i}`, method)))
  return pool
}

/** One response as the load generator saw it. */
export interface ResponseSample {
  readonly status: number
  readonly headers: Record<string, string | string[]>
  readonly body: string
}

const header = (headers: ResponseSample['headers'], name: string): string | undefined => {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]
  return Array.isArray(found) ? found[0] : found
}

/** Verifies an Antom response signature (`Client-Id`, `Response-Time`, `Signature`) with Antom's public key. */
export function verifyResponseSignature(path: string, sample: ResponseSample, key: KeyObject = antomPublicKey): boolean {
  const clientId = header(sample.headers, 'client-id')
  const time = header(sample.headers, 'response-time')
  const signatureHeader = header(sample.headers, 'signature')
  const at = signatureHeader?.indexOf('signature=') ?? -1
  if (!clientId || !time || !signatureHeader || at < 0) return false
  const signature = Buffer.from(decodeURIComponent(signatureHeader.slice(at + 'signature='.length)), 'base64')
  return createVerify('RSA-SHA256').update(signedContent(path, clientId, time, sample.body)).verify(key, signature)
}

/** What is wrong with a pay response (empty when it is a signed S result as expected). */
export function payProblems(sample: ResponseSample, expect: { readonly cardToken: boolean }): string[] {
  const problems: string[] = []
  if (sample.status !== 200) problems.push(`HTTP ${sample.status}`)
  let json: { result?: { resultStatus?: string; resultCode?: string }; paymentId?: string; paymentResultInfo?: { cardToken?: string; cardNo?: string } }
  try {
    json = JSON.parse(sample.body) as typeof json
  } catch {
    return [...problems, 'body is not JSON']
  }
  if (json.result?.resultStatus !== 'S') problems.push(`resultStatus ${json.result?.resultStatus} (${json.result?.resultCode})`)
  if (!json.paymentId) problems.push('no paymentId')
  if (expect.cardToken && !json.paymentResultInfo?.cardToken) problems.push('no paymentResultInfo.cardToken')
  if (json.paymentResultInfo?.cardNo?.includes(BENCH_CARD)) problems.push('full card number in the response')
  if (!verifyResponseSignature(PAY_PATH, sample)) problems.push('response signature does not verify with the Antom public key')
  return problems
}

/** The token of a successful ENABLED pay response. */
export function cardTokenOf(body: string): string {
  const token = (JSON.parse(body) as { paymentResultInfo?: { cardToken?: string } }).paymentResultInfo?.cardToken
  if (!token) throw new Error(`the pay response carries no cardToken: ${body}`)
  return token
}
