/**
 * `tokenproof audit --chaos`: the mock's fault switches turned on for a whole session, so that the
 * user's own tests meet them. Each kind becomes scenario rules on the provider's payment calls or
 * chaos rules on its notifications (the engine's existing switches), applied to a share of the
 * matching calls (`rate`), drawn from a seed. What each kind means per provider comes from its
 * conformance profile: its payment operations, its unknown-outcome fault, the notification that may
 * arrive late, the impostors it can send.
 */
import type { AuditedProvider } from './judge.ts'

export const CHAOS_KINDS = ['duplicate', 'forged', 'reorder', '5xx', 'timeout', 'unknown', 'foreign'] as const
export type ChaosKind = (typeof CHAOS_KINDS)[number]

/** What each kind does, for the help text and the docs. */
export const CHAOS_MEANING: Readonly<Record<ChaosKind, string>> = {
  duplicate: 'a notification is delivered again after the app acknowledged it',
  forged: "a notification's deliveries carry a signature that is not the provider's",
  reorder: 'the notification the provider documents may arrive late is held until a later one went out',
  '5xx': 'a payment call is processed, then answered HTTP 500',
  timeout: 'a payment call is processed and never answered: the app must give up',
  unknown: "a payment call is answered with the provider's unknown-outcome code",
  foreign: "a notification is replaced by one the provider signs as validly for another merchant's account",
}

export interface ChaosPlan {
  /** Bodies for POST /__tokenproof/scenarios. */
  readonly scenarios: readonly Record<string, unknown>[]
  /** Bodies for POST /__tokenproof/notifications/chaos. */
  readonly notifications: readonly Record<string, unknown>[]
}

/** As good as unlimited: the rule lasts the session. */
const SESSION = 1_000_000_000

export function chaosPlan(kinds: readonly ChaosKind[], providers: Readonly<Record<string, AuditedProvider>>, rate: number, seed: string | undefined): ChaosPlan {
  const scenarios: Record<string, unknown>[] = []
  const notifications: Record<string, unknown>[] = []
  for (const [id, { profile }] of Object.entries(providers)) {
    const drawn = (kind: string, operation?: string): Record<string, unknown> => ({ rate, ...(seed !== undefined ? { seed: `${seed}:${id}:${kind}${operation ? `:${operation}` : ''}` } : {}) })
    for (const kind of kinds) {
      const calls = (effect: Record<string, unknown>, afterProcessing: boolean): void => {
        for (const operation of profile.operations.payment) scenarios.push({ provider: id, operation, effect, afterProcessing, ...drawn(kind, operation) })
      }
      const notify = (chaos: Record<string, unknown>, kindOf?: string): void => {
        notifications.push({ provider: id, ...(kindOf !== undefined ? { kind: kindOf } : {}), times: SESSION, chaos, ...drawn(kind) })
      }
      if (kind === '5xx') calls({ type: 'httpStatus', status: 500 }, true)
      else if (kind === 'timeout') calls({ type: 'noAnswer' }, true)
      else if (kind === 'unknown') calls({ ...profile.faults.unknownOutcome }, false)
      else if (kind === 'duplicate') notify({ mode: 'duplicate' })
      else if (kind === 'forged') notify({ mode: 'forgedSignature' })
      else if (kind === 'reorder' && profile.notifications?.mayArriveLate) notify({ mode: 'outOfOrder' }, profile.notifications.mayArriveLate.kind)
      else if (kind === 'foreign' && profile.notifications?.impostors?.includes('otherMerchant')) notify({ mode: 'impostor', as: 'otherMerchant' })
    }
  }
  return { scenarios, notifications }
}
