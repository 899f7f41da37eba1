import type { FlowDeclaration } from '../core/types.ts'

const SEED_004 = 'seed 004 "Token Create"'

/** The tokenization flows the AppotaPay mock implements. */
export const appotapayFlows = [
  { id: 'vaulting_direct', description: 'POST /credit-card/token with the card from the merchant-hosted form; tokenType SINGLE or MULTIPLE', source: SEED_004 },
  { id: 'token_reuse_pay', description: 'POST /credit-card/enrollment with tokenId (3DS), the buyer authenticates, then POST /credit-card/charge with tokenId and authenticationId; capture later', source: `${SEED_004}; https://docs.appotapay.com/en/cc-merchant-host/charge-create` },
] as const satisfies readonly FlowDeclaration[]
