import { z } from 'zod'

/** The merchant account and API key the mock knows from the start (test values only). */
export const DEFAULT_MERCHANT_ACCOUNT = 'TokenproofTestMerchant'
export const DEFAULT_API_KEY = 'AQE_tokenproof_test_api_key_000000000000000000'
/** A test HMAC key (64 hex characters), as the Customer Area shows one. */
export const DEFAULT_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056'

/** Customer Area settings of one merchant account. */
export const AdyenMerchantInput = z.object({
  merchantAccount: z.string().min(1).max(80),
  apiKey: z.string().min(16).max(256),
  hmacKey: z.string().regex(/^([0-9A-Fa-f]{2})+$/).default(DEFAULT_HMAC_KEY),
  /** The standard webhook URL (Developers > Webhooks). */
  webhookUrl: z.url().optional(),
  /** Basic auth the webhook is sent with, when configured. */
  webhookBasicAuth: z.object({ username: z.string().min(1), password: z.string().min(1) }).optional(),
  /** Support-enabled setting: one-click payments with a stored card without a CVC. */
  skipCvcForOneClick: z.boolean().default(false),
  /** Developers > Additional data > Recurring details: the token in the Authorised /payments answer. */
  recurringDetailsInResponse: z.boolean().default(false),
  /** Legacy acknowledgement: require "[accepted]" in the body besides a 2xx status. */
  requireAcceptedBody: z.boolean().default(false),
})
export type AdyenMerchantInput = z.input<typeof AdyenMerchantInput>
export type AdyenMerchant = z.infer<typeof AdyenMerchantInput>

/** Merchant accounts by API key (a key belongs to one merchant account here; see NOTES.md). */
export class AdyenMerchants {
  readonly #byKey = new Map<string, AdyenMerchant>()

  constructor() {
    this.register({ merchantAccount: DEFAULT_MERCHANT_ACCOUNT, apiKey: DEFAULT_API_KEY })
  }

  register(input: AdyenMerchantInput): AdyenMerchant {
    const merchant = AdyenMerchantInput.parse(input)
    for (const [key, known] of this.#byKey) if (known.merchantAccount === merchant.merchantAccount) this.#byKey.delete(key)
    this.#byKey.set(merchant.apiKey, merchant)
    return merchant
  }

  byKey(apiKey: string): AdyenMerchant | undefined {
    return this.#byKey.get(apiKey)
  }

  byAccount(merchantAccount: string): AdyenMerchant | undefined {
    for (const merchant of this.#byKey.values()) if (merchant.merchantAccount === merchantAccount) return merchant
    return undefined
  }

  list(): AdyenMerchant[] {
    return [...this.#byKey.values()]
  }
}
