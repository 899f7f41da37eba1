import { defineProviderContract } from '../core/provider-contract.ts'
import { pivotConformance } from './conformance.ts'
import { pivotFlows } from './flows.ts'
import { pivotResultCodes } from './result-codes.ts'
import { pivotRetrySchedule } from './retry-schedule.ts'
import * as s from './schemas.ts'
import { pivotTestCards } from './test-cards.ts'

const API = 'https://docs.pivot-payment.com/api-references'

/** Pivot Payment (Indonesia): Payment Sessions, hosted (REDIRECT) or merchant card form (API), cards saved under a customer. */
export const pivotContract = defineProviderContract({
  id: 'pivot',
  displayName: 'Pivot Payment',
  docs: 'https://docs.pivot-payment.com/payments/accept-payment/build-saved-payment-flow-tokenization',
  operations: {
    accessToken: { method: 'POST', path: '/v1/access-token', request: s.AccessTokenRequest, response: s.AccessTokenResponse, docs: `${API}/api-information/authentication` },
    createPaymentSession: { method: 'POST', path: '/v2/payments', request: s.CreatePaymentSessionRequest, response: s.PaymentSessionResponse, docs: `${API}/api-lists/payments/payment-session/create-payment-session` },
    getPaymentSession: { method: 'GET', path: '/v2/payments/:id', request: s.EmptyRequest, response: s.PaymentSessionResponse, docs: 'NOTES.md (assumed)' },
    confirmPaymentSession: { method: 'POST', path: '/v2/payments/:id/confirm', request: s.ConfirmPaymentSessionRequest, response: s.PaymentSessionResponse, docs: 'seed 001 Confirm Payment Session; path in NOTES.md' },
    retrieveCustomer: { method: 'GET', path: '/v1/customers/:id', request: s.EmptyRequest, response: s.CustomerResponse, docs: `${API}/api-lists/core-resources/customers/retrieve-customer` },
  },
  notifications: { paymentCallback: s.PaymentCallback },
  schemas: s.pivotSchemas,
  resultCodes: pivotResultCodes,
  testCards: pivotTestCards,
  retrySchedule: pivotRetrySchedule,
  flows: pivotFlows,
  conformance: pivotConformance,
})
