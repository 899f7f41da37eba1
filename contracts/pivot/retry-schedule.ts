import type { RetrySchedule } from '../core/types.ts'

const MIN = 60_000
const HOUR = 60 * MIN

/**
 * Callback retries: the first attempt at once, then +5 min, +15 min, +1 h, +3 h, +6 h and +12 h, each
 * counted from the previous attempt — only after a 5xx, 408 or 429 (`PIVOT_RETRYABLE_STATUS`). After
 * the last, or after any other status, the callback is left for a manual retry.
 */
export const pivotRetrySchedule = {
  delaysMs: [0, 5 * MIN, 15 * MIN, 1 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR],
  attemptTimeoutMs: 30_000,
  source: 'https://docs.pivot-payment.com/api-references/api-information/callback',
} as const satisfies RetrySchedule

/** Merchant answers Pivot retries: any 5xx, plus these. No answer at all (timeout, refused) is retried too. */
export const PIVOT_RETRYABLE_STATUS = { serverErrors: { from: 500, to: 599 }, others: [408, 429] } as const
