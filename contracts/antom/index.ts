import { defineProviderContract } from '../core/provider-contract.ts'
import { antomFlows } from './flows.ts'
import { antomResultCodes } from './result-codes.ts'
import { antomRetrySchedule } from './retry-schedule.ts'
import { antomConformance } from './conformance.ts'
import * as s from './schemas.ts'
import { antomTestCards } from './test-cards.ts'

const API = 'https://docs.antom.com/ac/ams'

/** Antom (Alipay global): cards saved on the first payment or by vaulting, reused by cardToken. */
export const antomContract = defineProviderContract({
  id: 'antom',
  displayName: 'Antom',
  docs: 'https://docs.antom.com/ac/pm/tokenization.md',
  operations: {
    pay: { method: 'POST', path: '/ams/api/v1/payments/pay', request: s.PayRequest, response: s.PayResponse, docs: `${API}/payment_cashier.md` },
    createPaymentSession: { method: 'POST', path: '/ams/api/v1/payments/createPaymentSession', request: s.CreatePaymentSessionRequest, response: s.CreatePaymentSessionResponse, docs: `${API}/session_cashier.md` },
    inquiryPayment: { method: 'POST', path: '/ams/api/v1/payments/inquiryPayment', request: s.InquiryPaymentRequest, response: s.InquiryPaymentResponse, docs: `${API}/paymentri_online.md` },
    createVaultingSession: { method: 'POST', path: '/ams/api/v1/vaults/createVaultingSession', request: s.CreateVaultingSessionRequest, response: s.CreateVaultingSessionResponse, docs: 'seed 002' },
    vaultPaymentMethod: { method: 'POST', path: '/ams/api/v1/vaults/vaultPaymentMethod', request: s.VaultPaymentMethodRequest, response: s.VaultPaymentMethodResponse, docs: `${API}/vault_method.md` },
    inquireVaulting: { method: 'POST', path: '/ams/api/v1/vaults/inquireVaulting', request: s.InquireVaultingRequest, response: s.InquireVaultingResponse, docs: `${API}/inquire_vaulting.md` },
  },
  notifications: { notifyPayment: s.NotifyPayment, notifyVaulting: s.NotifyVaulting },
  schemas: s.antomSchemas,
  resultCodes: antomResultCodes,
  testCards: antomTestCards,
  retrySchedule: antomRetrySchedule,
  flows: antomFlows,
  conformance: antomConformance,
})
