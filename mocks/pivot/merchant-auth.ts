import { z } from 'zod'
import { pivotContract } from '../../contracts/pivot/index.ts'
import type { MerchantAuth } from '../engine/merchant-auth.ts'

const AccessTokenAnswer = z.object({ data: z.object({ accessToken: z.string() }) })

/**
 * Pivot: the access-token call carries the merchant id and secret; every other call the Bearer token
 * it returned. A fresh token per request: a replay moves the mock's clock past a token's expiry.
 */
export const pivotMerchantAuth: MerchantAuth = {
  async headers(request, session) {
    const { merchantId = '', merchantSecret = '' } = session.credentials
    const credentials = { 'x-merchant-id': merchantId, 'x-merchant-secret': merchantSecret }
    const accessTokenPath = pivotContract.operations.accessToken.path
    if (request.path.split('?')[0] === accessTokenPath) return credentials
    const response = await fetch(`${session.mockUrl}${accessTokenPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...credentials },
      body: JSON.stringify({ grantType: 'client_credentials' }),
    })
    const answer = AccessTokenAnswer.safeParse(await response.json().catch(() => undefined))
    if (!answer.success) throw new Error(`pivot: the access-token call answered HTTP ${response.status} without a token`)
    return { authorization: `Bearer ${answer.data.data.accessToken}` }
  },
}
