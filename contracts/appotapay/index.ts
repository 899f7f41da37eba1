import { defineProviderContract } from '../core/provider-contract.ts'
import { appotapayConformance } from './conformance.ts'
import { appotapayFlows } from './flows.ts'
import { appotapayResultCodes } from './result-codes.ts'
import { appotapayRetrySchedule } from './retry-schedule.ts'
import * as s from './schemas.ts'
import { appotapayTestCards } from './test-cards.ts'

const DOCS = 'https://docs.appotapay.com/en/cc-merchant-host'

/** AppotaPay (Vietnam): cards tokenised from the merchant's own form, charged by tokenId after 3DS. */
export const appotapayContract = defineProviderContract({
  id: 'appotapay',
  displayName: 'AppotaPay',
  docs: `${DOCS}/token-create`,
  operations: {
    tokenCreate: { method: 'POST', path: '/credit-card/token', request: s.TokenCreateRequest, response: s.TokenCreateResponse, docs: 'seed 004' },
    tokenDelete: { method: 'DELETE', path: '/credit-card/token/:tokenId', request: s.TokenDeleteRequest, response: s.TokenDeleteResponse, docs: `${DOCS}/token-delete` },
    enrollment: { method: 'POST', path: '/credit-card/enrollment', request: s.EnrollmentRequest, response: s.EnrollmentResponse, docs: `${DOCS}/enrollment` },
    enrollmentValidate: { method: 'POST', path: '/credit-card/enrollment/validate/:authenticationId', request: s.EnrollmentValidateRequest, response: s.EnrollmentValidateResponse, docs: `${DOCS}/enrollment-validate` },
    charge: { method: 'POST', path: '/credit-card/charge', request: s.ChargeRequest, response: s.ChargeResponse, docs: `${DOCS}/charge-create` },
    capture: { method: 'POST', path: '/credit-card/:authorizationId/capture', request: s.CaptureRequest, response: s.ChargeResponse, docs: `${DOCS}/charge-capture` },
    getCharge: { method: 'GET', path: '/credit-card/charge/:creditCardRefId', request: s.GetChargeRequest, response: s.ChargeResponse, docs: `${DOCS}/charge-get` },
  },
  notifications: {},
  schemas: s.appotapaySchemas,
  resultCodes: appotapayResultCodes,
  testCards: appotapayTestCards,
  retrySchedule: appotapayRetrySchedule,
  flows: appotapayFlows,
  conformance: appotapayConformance,
})
