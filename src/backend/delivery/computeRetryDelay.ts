/** How retries back off (issue 12). */
export interface RetryPolicy {
  /** The first retry's ceiling; each attempt doubles it. */
  baseMs: number
  /** No retry waits longer than this, Retry-After aside. */
  capMs: number
  /** After this many attempts the job is dead-lettered. */
  maxAttempts: number
  /** A job older than this (from its event's creation) is dead-lettered instead of retried. */
  maxAgeMs: number
  /** The longest Retry-After honoured; a longer one is cut to it. */
  maxRetryAfterMs: number
}

/** About three days of retries, like Standard Webhooks' reference schedule. */
export const defaultRetryPolicy: RetryPolicy = {
  baseMs: 5_000,
  capMs: 10 * 60 * 60 * 1000,
  maxAttempts: 12,
  maxAgeMs: 3 * 24 * 60 * 60 * 1000,
  maxRetryAfterMs: 24 * 60 * 60 * 1000,
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform wait in [0, min(cap, base·2^(n−1))) after the n-th failed attempt, so retries from many
 * jobs against one recovering endpoint spread out instead of arriving together.
 */
export function computeRetryDelay(
  attemptsMade: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 40)
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
  return Math.floor(random() * ceiling)
}
