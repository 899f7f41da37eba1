import { defineProviderContract } from '../core/provider-contract.ts'
import { adyenConformance } from './conformance.ts'
import { adyenFlows } from './flows.ts'
import { adyenResultCodes } from './result-codes.ts'
import { adyenRetrySchedule } from './retry-schedule.ts'
import * as s from './schemas.ts'
import { adyenTestCards } from './test-cards.ts'

const API = 'https://docs.adyen.com/api-explorer/Checkout/72'
const RECURRING_API = 'https://docs.adyen.com/api-explorer/Recurring/68'
/** The Recurring API's path on the pal host (the mock also serves v25–v67 and the paltokenization host). */
const RECURRING = '/pal/servlet/Recurring/v68'

/** Adyen Checkout and Recurring: tokens created with the Sessions flow (RECURRING_CONTRACT) and reused by storedPaymentMethodId. */
export const adyenContract = defineProviderContract({
  id: 'adyen',
  displayName: 'Adyen',
  docs: 'https://docs.adyen.com/online-payments/tokenization/sessions-flow',
  operations: {
    sessions: { method: 'POST', path: '/v72/sessions', request: s.CreateCheckoutSessionRequest, response: s.CreateCheckoutSessionResponse, docs: `${API}/post/sessions` },
    getSessionResult: { method: 'GET', path: '/v72/sessions/:sessionId', request: s.SessionResultQuery, response: s.SessionResultResponse, docs: `${API}/get/sessions/(sessionId)` },
    payments: { method: 'POST', path: '/v72/payments', request: s.PaymentRequest, response: s.PaymentResponse, docs: `${API}/post/payments` },
    paymentsDetails: { method: 'POST', path: '/v72/payments/details', request: s.PaymentDetailsRequest, response: s.PaymentDetailsResponse, docs: `${API}/post/payments/details` },
    paymentMethods: { method: 'POST', path: '/v72/paymentMethods', request: s.PaymentMethodsRequest, response: s.PaymentMethodsResponse, docs: `${API}/post/paymentMethods` },
    listStoredPaymentMethods: { method: 'GET', path: '/v72/storedPaymentMethods', request: s.ListStoredPaymentMethodsQuery, response: s.ListStoredPaymentMethodsResponse, docs: `${API}/get/storedPaymentMethods` },
    deleteStoredPaymentMethod: { method: 'DELETE', path: '/v72/storedPaymentMethods/:storedPaymentMethodId', request: s.DeleteStoredPaymentMethodQuery, response: s.NoContent, docs: `${API}/delete/storedPaymentMethods/(storedPaymentMethodId)` },
    listRecurringDetails: { method: 'POST', path: `${RECURRING}/listRecurringDetails`, request: s.RecurringDetailsRequest, response: s.RecurringDetailsResult, docs: `${RECURRING_API}/post/listRecurringDetails` },
    disable: { method: 'POST', path: `${RECURRING}/disable`, request: s.DisableRequest, response: s.DisableResult, docs: `${RECURRING_API}/post/disable` },
    notifyShopper: { method: 'POST', path: `${RECURRING}/notifyShopper`, request: s.NotifyShopperRequest, response: s.NotifyShopperResult, docs: `${RECURRING_API}/post/notifyShopper` },
    scheduleAccountUpdater: { method: 'POST', path: `${RECURRING}/scheduleAccountUpdater`, request: s.ScheduleAccountUpdaterRequest, response: s.ScheduleAccountUpdaterResult, docs: `${RECURRING_API}/post/scheduleAccountUpdater` },
  },
  notifications: { AUTHORISATION: s.AuthorisationNotification, RECURRING_CONTRACT: s.RecurringContractNotification },
  schemas: s.adyenSchemas,
  resultCodes: adyenResultCodes,
  testCards: adyenTestCards,
  retrySchedule: adyenRetrySchedule,
  flows: adyenFlows,
  conformance: adyenConformance,
})
