import type { FlowDeclaration } from '../core/types.ts'

const SEED = 'seed 003 "Create and use tokens with the Sessions flow"'

/** The tokenization flows the Adyen mock implements. */
export const adyenFlows = [
  { id: 'session_ask_consent', description: '/sessions with storePaymentMethodMode askForConsent, shopperReference, CardOnFile, Ecommerce; the shopper ticks "save" in Drop-in; RECURRING_CONTRACT carries the token', source: `${SEED}, Save payment details for one-off payments` },
  { id: 'sdk_session', description: '/sessions with storePaymentMethodMode enabled: stored without a checkbox', source: `${SEED}, storePaymentMethodMode enabled` },
  { id: 'server_to_server_enabled', description: '/payments with card data, storePaymentMethod true and shopperReference', source: 'https://docs.adyen.com/online-payments/tokenization/create-and-use-tokens' },
  { id: 'zero_amount_save', description: '/sessions with amount.value 0 (zero-auth) to validate and store the card', source: `${SEED}, amount` },
  { id: 'token_reuse_session', description: '/sessions with paymentMethod.storedPaymentMethodId, ContAuth + CardOnFile, CVC unless skipCvcForOneClick', source: `${SEED}, Pay with a token` },
  { id: 'token_reuse_pay', description: '/payments with paymentMethod.storedPaymentMethodId for Subscription and UnscheduledCardOnFile', source: `${SEED}, Create a token ("use the /payments endpoint to make subsequent Subscription and UnscheduledCardOnFile payments")` },
] as const satisfies readonly FlowDeclaration[]
