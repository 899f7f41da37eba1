import type { Engine } from '../engine/engine.ts'
import type { AntomMerchants } from './merchants.ts'

/** What every part of the Antom mock shares. */
export interface AntomContext {
  readonly engine: Engine
  readonly merchants: AntomMerchants
  readonly baseUrl: () => string
  /** 3DS challenges waiting for the buyer, by payment or vaulting id: the outcome once passed. */
  readonly challenges: Map<string, 'success' | { declineCode: string }>
  /** Codes forced by a scenario on a call whose card arrives later, on the buyer's page. */
  readonly forcedOnPage: Map<string, string>
  /** The merchant's `paymentRedirectUrl` by payment id: where the hosted pages send the buyer back. */
  readonly returnUrls: Map<string, string>
}

export const PROVIDER_ID = 'antom'
