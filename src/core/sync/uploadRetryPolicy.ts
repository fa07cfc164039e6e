import type { BackoffPolicy } from './backoffDelay'

export interface RetryPolicy extends BackoffPolicy {
  /** Sends of one payload, the first included, before it is marked failed. */
  maxAttempts: number
  /** A row left `sending` this long is taken back even if its owner's pid looks alive (pid reuse). */
  staleSendingMs: number
}

/**
 * Eight sends with at most ~64 s of waiting in all (0.5 s doubling, each capped at 5 min): long
 * enough to ride out a backend restart, short enough that `earshot upload` does not hang for hours.
 */
export const uploadRetryPolicy: RetryPolicy = {
  baseMs: 500,
  capMs: 5 * 60_000,
  maxAttempts: 8,
  staleSendingMs: 10 * 60_000,
}
