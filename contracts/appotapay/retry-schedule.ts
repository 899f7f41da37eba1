import type { RetrySchedule } from '../core/types.ts'

/**
 * The merchant-hosted credit-card API sends no notification: every result is in the synchronous
 * answer or in the 3DS return redirect (see NOTES.md). No attempt, so no schedule.
 */
export const appotapayRetrySchedule = {
  delaysMs: [],
  attemptTimeoutMs: 0,
  source: 'research adyen-appota.md 2.6: no IPN on cc-merchant-host',
} as const satisfies RetrySchedule
