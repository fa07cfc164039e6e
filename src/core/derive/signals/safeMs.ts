/** A time as the upload schema takes it: a whole, non-negative, finite number of milliseconds. */
export function safeMs(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0
}
