import type { FlowDeclaration } from '../core/types.ts'

const SEED_001 = 'seed 001 "Pay and Save Card"'

/** The tokenization flows the Pivot mock implements. */
export const pivotFlows = [
  { id: 'hosted_ask_consent', description: 'Payment Session mode REDIRECT with saveForFuture; the buyer ticks "Save for future use" on the payment page', source: `${SEED_001}, Redirection Mode, Initiation` },
  { id: 'token_reuse_session', description: 'Payment Session mode REDIRECT with showSavedPayment and customer.id; the buyer picks the saved card and types the CVC', source: `${SEED_001}, Redirection Mode, Use Saved Payment` },
  { id: 'server_to_server_enabled', description: 'Payment Session mode API with saveForFuture; confirm with paymentMethod.card.encryptedCard; the buyer passes 3DS', source: `${SEED_001}, API Mode, Initiation` },
  { id: 'token_reuse_pay', description: 'GET /v1/customers/{id} for storedPaymentMethods, then a mode API session with autoConfirm, the token and the CVC; the buyer passes 3DS', source: `${SEED_001}, API Mode, Use Saved Payment` },
] as const satisfies readonly FlowDeclaration[]
