/**
 * What a recorded answer meant for the merchant that got it, read from the provider's tables: the
 * result-code table of its contract and the codes of its audit profile (contracts/<id>/audit.ts).
 */
import type { AuditCode, AuditProfile } from '../../contracts/core/audit.ts'
import type { ProviderContract } from '../../contracts/core/provider-contract.ts'
import type { Exchange } from '../mock-control.ts'

/**
 * - `succeeded`, `pending`: the provider took the call (a pending result comes later, by notification);
 * - `final`: refused for good — sending the same call again cannot succeed;
 * - `finalNewKey`: refused, and the provider asks for a new request id to try again;
 * - `unknown`: the outcome is unknown (a U status, a 5xx): retry under the same key or inquire;
 * - `noAnswer`: no answer reached the client (it gave up, or the connection failed): unknown too;
 * - `other`: nothing the retry rules read (a rate limit, a conflict).
 */
export type AnswerKind = 'succeeded' | 'pending' | 'final' | 'finalNewKey' | 'unknown' | 'noAnswer' | 'other'

/** The status the mock records for a call whose client went away before it answered. */
export const CLIENT_GAVE_UP = 499

const RETRY_ACTIONS = new Set(['retry_same_request', 'inquire'])

function kindOfCode(entry: AuditCode): AnswerKind {
  if (entry.status === 'S') return 'succeeded'
  if (entry.status === 'U') return entry.effect === 'pending' ? 'pending' : RETRY_ACTIONS.has(entry.action) || entry.effect === 'not_processed' ? 'unknown' : 'pending'
  if (entry.action === 'use_new_request_id') return 'finalNewKey'
  return RETRY_ACTIONS.has(entry.action) ? 'unknown' : 'final'
}

export function classifyAnswer(exchange: Exchange, contract: ProviderContract, audit: AuditProfile): { readonly kind: AnswerKind; readonly code?: string } {
  const response = exchange.response
  if ('error' in response || response.status === CLIENT_GAVE_UP) return { kind: 'noAnswer' }
  const code = audit.resultCodeOf({ status: response.status, body: response.body })
  const table: Readonly<Record<string, AuditCode>> = contract.resultCodes
  const entry = code === undefined ? undefined : Object.hasOwn(table, code) ? table[code] : audit.extraCodes?.[code]
  if (entry) return { kind: kindOfCode(entry), code: code! }
  if (response.status >= 500) return { kind: 'unknown', ...(code !== undefined ? { code } : {}) }
  if (response.status === 408 || response.status === 409 || response.status === 429) return { kind: 'other' }
  if (response.status >= 400) return { kind: 'final', ...(code !== undefined ? { code } : {}) }
  return { kind: 'succeeded' }
}
