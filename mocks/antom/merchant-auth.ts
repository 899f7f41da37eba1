import type { MerchantAuth } from '../engine/merchant-auth.ts'
import { contentToSign, formatSignatureHeader, privateKeyFrom, signContent } from './signing.ts'

/** Antom: every request signed with the merchant's RSA key over method, path, Client-Id, Request-Time and body. */
export const antomMerchantAuth: MerchantAuth = {
  async headers(request, session) {
    const clientId = session.credentials.clientId ?? ''
    const requestTime = String(await session.now())
    const key = privateKeyFrom(session.credentials.merchantPrivateKey ?? '')
    const signature = signContent(contentToSign(request.method, request.path.split('?')[0] ?? request.path, clientId, requestTime, request.body), key)
    return { 'client-id': clientId, 'request-time': requestTime, signature: formatSignatureHeader(signature) }
  },
}
