/**
 * Processing time over audio length assumed before this machine has finished a job with the
 * model: 1.0 (as long as the recording). Conservative on purpose: whisper.cpp's base model runs
 * several times faster than realtime on a current laptop, so a first estimate errs long, and a
 * time that comes in early reads better than one that slips.
 */
export const DEFAULT_REALTIME_FACTOR = 1

/**
 * The factor to expect from the recent measures (newest first): their median, so one job slowed
 * by a busy machine does not swing the next estimate; the default without any.
 */
export function expectedRealtimeFactor(recent: readonly number[]): number {
  const usable = recent.filter((factor) => Number.isFinite(factor) && factor > 0)
  if (usable.length === 0) return DEFAULT_REALTIME_FACTOR
  const sorted = [...usable].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? DEFAULT_REALTIME_FACTOR)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** After this much of the audio, the job's own pace alone predicts the rest. */
const TRUST_OBSERVED_AT_PERCENT = 25

export interface TimeLeftInput {
  /** Audio length; null when the container did not say (then only the job's pace counts). */
  durationMs: number | null
  percent: number
  elapsedMs: number
  realtimeFactor: number
}

/**
 * Seconds left for a running job. At the start it is the expected factor times the audio length;
 * as percent comes in, the job's own pace (elapsed / fraction done) takes over, fully from 25 %
 * (model load and the first window make the first percents slow). Null when neither is known.
 */
export function estimateSecondsLeft(input: TimeLeftInput): number | null {
  const fraction = Math.min(1, Math.max(0, input.percent / 100))
  const prior = input.durationMs === null ? null : input.durationMs * input.realtimeFactor
  const observed = fraction > 0 ? input.elapsedMs / fraction : null
  let totalMs: number
  if (observed === null) {
    // Past the expected end with no percent yet: nothing honest to say.
    if (prior === null || input.elapsedMs >= prior) return null
    totalMs = prior
  } else if (prior === null) {
    totalMs = observed
  } else {
    const weight = Math.min(1, input.percent / TRUST_OBSERVED_AT_PERCENT)
    totalMs = (1 - weight) * prior + weight * observed
  }
  return Math.max(0, (totalMs - input.elapsedMs) / 1000)
}
