import type { AppSettings } from '../redirect/app-settings.ts'
import { DEFAULT_PARTNER } from './partners.ts'

export const appotapayAppSettings: AppSettings = {
  credentials: {
    TOKENPROOF_APPOTAPAY_PARTNER_CODE: DEFAULT_PARTNER.partnerCode,
    TOKENPROOF_APPOTAPAY_API_KEY: DEFAULT_PARTNER.apiKey,
    TOKENPROOF_APPOTAPAY_SECRET_KEY: DEFAULT_PARTNER.secretKey,
  },
  // The merchant-hosted credit-card API documents no IPN (NOTES.md): results come in the answers.
  notifyRegistration: () => undefined,
}
