import type { FlowDeclaration } from '../core/types.ts'

const SEED_000 = 'seed 000 "Antom Tokenization"'

/** The tokenization flows the Antom mock implements. */
export const antomFlows = [
  { id: 'session_ask_consent', description: 'createPaymentSession with availablePaymentMethod.paymentMethodMetaData.tokenizeMode = ASKFORCONSENT (Payment Element, Checkout Page); the buyer ticks "save"', source: `${SEED_000}, Payment Element / Checkout Page tabs, step 1` },
  { id: 'hosted_ask_consent', description: 'pay with paymentMethod.paymentMethodMetaData.tokenizeMode = ASKFORCONSENT; the buyer enters the card on the Antom page', source: `${SEED_000}, Hosted card tab, after-payment card binding` },
  { id: 'server_to_server_enabled', description: 'pay with card data and tokenizeMode = ENABLED', source: `${SEED_000}, Server-to-server tab, after-payment card binding` },
  { id: 'sdk_session', description: 'createPaymentSession for the client SDK, which collects the card and offers "save"', source: `${SEED_000}, SDK tab` },
  { id: 'vaulting_session', description: 'createVaultingSession, the buyer binds a card in the SDK, notifyVaulting carries the token', source: 'seed 002 createVaultingSession' },
  { id: 'vaulting_direct', description: 'vaultPaymentMethod with card data, independent card binding', source: `${SEED_000}, independent card binding; https://docs.antom.com/ac/ams/vault_method.md` },
  { id: 'token_reuse_pay', description: 'pay with paymentMethod.paymentMethodId = cardToken and paymentMethodMetaData.isCardOnFile = true', source: `${SEED_000}, payment flow after card binding` },
  { id: 'token_reuse_session', description: 'createPaymentSession with savedPaymentMethods[].paymentMethodId = cardToken and isCardOnFile = true', source: `${SEED_000}, Payment Element step 3` },
] as const satisfies readonly FlowDeclaration[]
