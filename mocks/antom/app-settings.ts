import type { AppSettings } from '../redirect/app-settings.ts'
import { DEFAULT_CLIENT_ID } from './merchants.ts'
import { antomTestKeys } from './test-keys.ts'

export const antomAppSettings: AppSettings = {
  credentials: {
    TOKENPROOF_ANTOM_CLIENT_ID: DEFAULT_CLIENT_ID,
    TOKENPROOF_ANTOM_MERCHANT_PRIVATE_KEY: antomTestKeys.merchantPrivateKey,
    TOKENPROOF_ANTOM_MERCHANT_PUBLIC_KEY: antomTestKeys.merchantPublicKey,
    TOKENPROOF_ANTOM_PUBLIC_KEY: antomTestKeys.providerPublicKey,
  },
  notifyRegistration: (url) => ({ clientId: DEFAULT_CLIENT_ID, publicKey: antomTestKeys.merchantPublicKey, notifyUrl: url }),
}
