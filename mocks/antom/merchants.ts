import type { KeyObject } from 'node:crypto'
import { z } from 'zod'
import { publicKeyFrom } from './signing.ts'
import { antomTestKeys } from './test-keys.ts'

/** The client id the mock knows from the start, paired with the bundled merchant test key. */
export const DEFAULT_CLIENT_ID = 'SANDBOX_5X00000000000000'

export const AntomMerchantInput = z.object({
  clientId: z.string().min(1).max(64),
  /** PEM, or base64 DER (SubjectPublicKeyInfo) as Antom's dashboard shows it. */
  publicKey: z.string().min(64),
  /** Where notifications go when a request names no URL of its own (the Dashboard setting). */
  notifyUrl: z.url().optional(),
})
export type AntomMerchantInput = z.infer<typeof AntomMerchantInput>

export interface AntomMerchant {
  readonly clientId: string
  readonly publicKey: KeyObject
  readonly notifyUrl: string | undefined
}

/** Merchants by client id: each with the public key its requests are verified with. */
export class AntomMerchants {
  readonly #byClientId = new Map<string, AntomMerchant>()

  constructor() {
    this.register({ clientId: DEFAULT_CLIENT_ID, publicKey: antomTestKeys.merchantPublicKey })
  }

  register(input: AntomMerchantInput): AntomMerchant {
    const merchant: AntomMerchant = { clientId: input.clientId, publicKey: publicKeyFrom(input.publicKey), notifyUrl: input.notifyUrl }
    this.#byClientId.set(input.clientId, merchant)
    return merchant
  }

  get(clientId: string): AntomMerchant | undefined {
    return this.#byClientId.get(clientId)
  }

  list(): AntomMerchant[] {
    return [...this.#byClientId.values()]
  }
}
