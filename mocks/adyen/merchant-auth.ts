import type { MerchantAuth } from '../engine/merchant-auth.ts'

/** Adyen: the API key of the merchant account's web-service user in `X-API-Key`. */
export const adyenMerchantAuth: MerchantAuth = {
  headers: async (_request, session) => ({ 'x-api-key': session.credentials.apiKey ?? '' }),
}
