import type { RetrySchedule } from '../core/types.ts'

const SECOND = 1000
const MIN = 60 * SECOND
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** Three quick retries, then the retry queue's growing intervals. */
const FIRST = [0, 9 * SECOND, 9 * SECOND, 9 * SECOND, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, 1 * HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR]
const firstTotal = FIRST.reduce((a, b) => a + b, 0)
/** Then every 8 hours until 30 days after the first attempt. */
const EVERY_8H = Array.from({ length: Math.floor((30 * DAY - firstTotal) / (8 * HOUR)) }, () => 8 * HOUR)

/** Standard webhook retries (webhooks/troubleshoot); the every-8-hours tail is assumed (NOTES.md). */
export const adyenRetrySchedule = {
  delaysMs: [...FIRST, ...EVERY_8H],
  attemptTimeoutMs: 10 * SECOND,
  source: 'https://docs.adyen.com/development-resources/webhooks/troubleshoot (retry queue: 2m, 5m, 10m, 15m, 30m, 1h, 2h, 4h, 8h, up to 30 days)',
} as const satisfies RetrySchedule
