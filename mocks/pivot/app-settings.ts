import type { AppSettings } from '../redirect/app-settings.ts'
import { DEFAULT_MERCHANT } from './merchants.ts'

export const pivotAppSettings: AppSettings = {
  credentials: {
    TOKENPROOF_PIVOT_MERCHANT_ID: DEFAULT_MERCHANT.merchantId,
    TOKENPROOF_PIVOT_MERCHANT_SECRET: DEFAULT_MERCHANT.merchantSecret,
    TOKENPROOF_PIVOT_CALLBACK_API_KEY: DEFAULT_MERCHANT.callbackApiKey,
  },
  notifyRegistration: (url) => ({ ...DEFAULT_MERCHANT, callbackUrl: url }),
}
