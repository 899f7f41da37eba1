import { antomContract } from '../../../contracts/antom/index.ts'
import { startMockServer, type MockServer } from '../../server.ts'
import { DEFAULT_CLIENT_ID } from '../merchants.ts'
import { antomTestKeys } from '../test-keys.ts'
import { AntomDocClient, startMerchantEndpoint, type DocResponse, type MerchantEndpoint } from './doc-client.ts'

export interface AntomFixture {
  readonly server: MockServer
  readonly client: AntomDocClient
  readonly merchant: MerchantEndpoint
  close(): Promise<void>
}

/** A standalone Antom mock on 127.0.0.1 with a manual clock, a doc-written client and a merchant endpoint. */
export async function startAntomFixture(): Promise<AntomFixture> {
  const server = await startMockServer({ port: 0, providers: ['antom'], clockOptions: { mode: 'manual' } })
  const merchant = await startMerchantEndpoint(antomTestKeys.providerPublicKey)
  const client = new AntomDocClient({
    baseUrl: server.url,
    clientId: DEFAULT_CLIENT_ID,
    merchantPrivateKeyPem: antomTestKeys.merchantPrivateKey,
    antomPublicKeyPem: antomTestKeys.providerPublicKey,
  })
  return {
    server,
    client,
    merchant,
    close: async () => {
      await server.close()
      await merchant.close()
    },
  }
}

const ENDPOINT_OPERATION: Record<string, keyof typeof antomContract.operations> = {
  'payments/pay': 'pay',
  'payments/createPaymentSession': 'createPaymentSession',
  'payments/inquiryPayment': 'inquiryPayment',
  'vaults/createVaultingSession': 'createVaultingSession',
  'vaults/vaultPaymentMethod': 'vaultPaymentMethod',
  'vaults/inquireVaulting': 'inquireVaulting',
}

/** Calls an endpoint and holds the answer to the contract: signed, and valid against the response schema. */
export async function callChecked(client: AntomDocClient, endpoint: string, body: unknown): Promise<DocResponse> {
  const response = await client.call(endpoint, body)
  const operation = ENDPOINT_OPERATION[endpoint]
  if (!operation) throw new Error(`unknown endpoint ${endpoint}`)
  const parsed = antomContract.operations[operation].response.safeParse(response.body)
  if (!parsed.success) throw new Error(`${endpoint} answered outside its contract: ${parsed.error.message}\n${response.raw}`)
  if (response.signatureValid !== true) throw new Error(`${endpoint} answer is not signed by Antom's key: ${response.raw}`)
  return response
}

let counter = 0
export const uniqueId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

export const amount = (value = '1000', currency = 'HKD') => ({ currency, value })

export const card = (cardNo: string) => ({ cardNo, expiryMonth: '12', expiryYear: '30', cvv: '123', cardholderName: { firstName: 'Test', lastName: 'Buyer' } })

/** A server-to-server pay with card data. */
export const s2sPay = (cardNo: string, options: { tokenizeMode?: string; notifyUrl?: string; buyer?: string; requestId?: string } = {}) => ({
  productCode: 'CASHIER_PAYMENT',
  paymentRequestId: options.requestId ?? uniqueId('pay'),
  paymentAmount: amount(),
  order: { referenceOrderId: uniqueId('order'), orderDescription: 'Tokenproof test order', orderAmount: amount(), buyer: { referenceBuyerId: options.buyer ?? 'buyer-001' } },
  paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { ...card(cardNo), ...(options.tokenizeMode ? { tokenizeMode: options.tokenizeMode } : {}) } },
  ...(options.notifyUrl ? { paymentNotifyUrl: options.notifyUrl } : {}),
  settlementStrategy: { settlementCurrency: 'USD' },
})

/** A pay with a saved card token. */
export const tokenPay = (token: string, options: { notifyUrl?: string; isCardOnFile?: boolean; requestId?: string } = {}) => ({
  productCode: 'CASHIER_PAYMENT',
  paymentRequestId: options.requestId ?? uniqueId('reuse'),
  paymentAmount: amount('2500'),
  order: { referenceOrderId: uniqueId('order'), orderDescription: 'Reuse', orderAmount: amount('2500'), buyer: { referenceBuyerId: 'buyer-001' } },
  paymentMethod: { paymentMethodType: 'CARD', paymentMethodId: token, paymentMethodMetaData: { isCardOnFile: options.isCardOnFile ?? true } },
  ...(options.notifyUrl ? { paymentNotifyUrl: options.notifyUrl } : {}),
})

/** Drives a buyer step through the control API. */
export async function buyer(server: MockServer, action: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/__tokenproof/providers/antom/buyer/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

export async function control(server: MockServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/__tokenproof${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}
