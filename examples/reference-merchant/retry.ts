/**
 * Bounded retries with a short backoff, for calls whose outcome is unknown (no answer, HTTP 5xx, a
 * provider's "try again" code). The caller decides what is retryable and must resend the very same
 * request (same idempotency key), so a retry can never become a second charge.
 */
export interface RetryPolicy {
  readonly attempts: number
  readonly backoffMs: number
}

export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T>, retryable: (outcome: T) => boolean): Promise<T> {
  let outcome = await attempt(1)
  for (let n = 2; n <= policy.attempts && retryable(outcome); n++) {
    await new Promise((resolve) => setTimeout(resolve, policy.backoffMs * 2 ** (n - 2)))
    outcome = await attempt(n)
  }
  return outcome
}
