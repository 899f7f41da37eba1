import { z } from 'zod'

/** The merchant the mock knows from the start: test credentials, printed by describe(). */
export const DEFAULT_MERCHANT = {
  merchantId: 'TP-MERCHANT-001',
  merchantSecret: 'tp_test_merchant_secret_000000000000',
  callbackApiKey: 'tp_test_callback_api_key_0000000000',
} as const

export const PivotMerchantInput = z.object({
  merchantId: z.string().min(1).max(64),
  merchantSecret: z.string().min(8).max(256).optional(),
  /** Sent back in `X-API-Key` on every callback (the Dashboard's Callback API Key). */
  callbackApiKey: z.string().min(8).max(256).optional(),
  /** The Dashboard's payment callback URL. */
  callbackUrl: z.url().optional(),
})
export type PivotMerchantInput = z.infer<typeof PivotMerchantInput>

export interface PivotMerchant {
  readonly merchantId: string
  readonly merchantSecret: string
  readonly callbackApiKey: string
  readonly callbackUrl: string | undefined
}

/** Merchants by id. Registering an existing id updates the fields given. */
export class PivotMerchants {
  readonly #byId = new Map<string, PivotMerchant>()

  constructor() {
    this.register(DEFAULT_MERCHANT)
  }

  register(input: PivotMerchantInput): PivotMerchant {
    const v = PivotMerchantInput.parse(input)
    const old = this.#byId.get(v.merchantId)
    const merchant: PivotMerchant = {
      merchantId: v.merchantId,
      merchantSecret: v.merchantSecret ?? old?.merchantSecret ?? `${v.merchantId}-secret`,
      callbackApiKey: v.callbackApiKey ?? old?.callbackApiKey ?? `${v.merchantId}-callback-key`,
      callbackUrl: v.callbackUrl ?? old?.callbackUrl,
    }
    this.#byId.set(merchant.merchantId, merchant)
    return merchant
  }

  get(id: string): PivotMerchant | undefined {
    return this.#byId.get(id)
  }

  list(): PivotMerchant[] {
    return [...this.#byId.values()]
  }
}
