import type { RetrySchedule } from '../core/types.ts'

const MIN = 60_000
const HOUR = 60 * MIN

/**
 * notifyPayment / notifyVaulting resend schedule: up to 8 attempts within about 24 hours,
 * at 0s, 2min, 10min, 10min, 1h, 2h, 6h and 15h, each counted from the previous attempt.
 */
export const antomRetrySchedule = {
  delaysMs: [0, 2 * MIN, 10 * MIN, 10 * MIN, 1 * HOUR, 2 * HOUR, 6 * HOUR, 15 * HOUR],
  attemptTimeoutMs: 10_000,
  source: 'https://global.alipay.com/docs/ac/ams/notify_vaulting (notification resend policy)',
} as const satisfies RetrySchedule
