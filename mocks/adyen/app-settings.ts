import type { AppSettings } from '../redirect/app-settings.ts'
import { DEFAULT_API_KEY, DEFAULT_HMAC_KEY, DEFAULT_MERCHANT_ACCOUNT } from './merchants.ts'

export const adyenAppSettings: AppSettings = {
  credentials: {
    TOKENPROOF_ADYEN_API_KEY: DEFAULT_API_KEY,
    TOKENPROOF_ADYEN_MERCHANT_ACCOUNT: DEFAULT_MERCHANT_ACCOUNT,
    TOKENPROOF_ADYEN_HMAC_KEY: DEFAULT_HMAC_KEY,
  },
  notifyRegistration: (url) => ({ merchantAccount: DEFAULT_MERCHANT_ACCOUNT, apiKey: DEFAULT_API_KEY, webhookUrl: url }),
}
