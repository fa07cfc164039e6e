export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseMs: number
  /** No delay is longer than this. */
  capMs: number
}

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * a uniform delay in [0, min(cap, base·2^(n−1))) before retry n. The randomness spreads clients
 * that failed together so they do not retry together.
 */
export function backoffDelay(
  retry: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry - 1))
  return Math.floor(random() * ceiling)
}
