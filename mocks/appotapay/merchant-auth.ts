import { SignJWT } from 'jose'
import type { MerchantAuth } from '../engine/merchant-auth.ts'

/** AppotaPay: a short-lived HS256 JWT in `X-APPOTAPAY-AUTH`, issued by the partner, on the mock's clock. */
export const appotapayMerchantAuth: MerchantAuth = {
  async headers(_request, session) {
    const { partnerCode = '', apiKey = '', secretKey = '' } = session.credentials
    const nowSeconds = Math.floor((await session.now()) / 1000)
    const jwt = await new SignJWT({ api_key: apiKey })
      .setProtectedHeader({ typ: 'JWT', alg: 'HS256', cty: 'appotapay-api;v=1' })
      .setIssuer(partnerCode)
      .setJti(`${apiKey}-${nowSeconds}`)
      .setExpirationTime(nowSeconds + 300)
      .sign(new TextEncoder().encode(secretKey))
    return { 'x-appotapay-auth': jwt }
  },
}
