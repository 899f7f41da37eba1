import { z } from 'zod'

/** The partner the mock knows from the start: test credentials, printed by describe(). */
export const DEFAULT_PARTNER = {
  partnerCode: 'TOKENPROOF',
  apiKey: 'tp_test_apikey_0000000000000000',
  secretKey: 'tp_test_secret_0000000000000000000000000000',
} as const

export const AppotapayPartnerInput = z.object({
  partnerCode: z.string().min(1).max(64),
  apiKey: z.string().min(8).max(128),
  /** The HS256 key of the partner's JWTs. */
  secretKey: z.string().min(16).max(256),
})
export type AppotapayPartner = z.infer<typeof AppotapayPartnerInput>

/** Partners by partner code (the JWT's `iss`). */
export class AppotapayPartners {
  readonly #byCode = new Map<string, AppotapayPartner>()

  constructor() {
    this.register(DEFAULT_PARTNER)
  }

  register(input: AppotapayPartner): AppotapayPartner {
    const partner = AppotapayPartnerInput.parse(input)
    this.#byCode.set(partner.partnerCode, partner)
    return partner
  }

  get(code: string): AppotapayPartner | undefined {
    return this.#byCode.get(code)
  }

  list(): AppotapayPartner[] {
    return [...this.#byCode.values()]
  }
}
