/**
 * What a good answer of each benchmarked call looks like, by name: the load worker gets the name
 * (functions do not cross into a worker thread) and counts every other answer as a mismatch.
 */
const json = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}
const field = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value)

export const CHECKS = {
  /** An Antom result with resultStatus S. */
  antomPay: (body: string) => field(json(body), 'result', 'resultStatus') === 'S',
  /** An Adyen /sessions answer: a session id and the sessionData Drop-in needs. */
  adyenSession: (body: string) => typeof field(json(body), 'id') === 'string' && typeof field(json(body), 'sessionData') === 'string',
  /** An AppotaPay token: a tokenId and no errorCode. */
  appotapayToken: (body: string) => field(json(body), 'tokenId') !== undefined && field(json(body), 'errorCode') === undefined,
  /** A Pivot success envelope (code 00) around a payment session. */
  pivotSession: (body: string) => field(json(body), 'code') === '00' && typeof field(json(body), 'data', 'id') === 'string',
} as const

export type CheckName = keyof typeof CHECKS
