/**
 * Total length covered by spans, counting overlaps once. Spans must be sorted by start; with
 * `clipTo`, only the part inside `[0, clipTo]` counts.
 */
export function coveredLength(
  spans: readonly { startMs: number; endMs: number }[],
  clipTo = Number.POSITIVE_INFINITY,
): number {
  let total = 0
  let runStart = -1
  let runEnd = -1
  for (const span of spans) {
    const start = Math.min(span.startMs, clipTo)
    const end = Math.min(span.endMs, clipTo)
    if (start > runEnd) {
      total += runEnd - runStart
      runStart = start
      runEnd = end
    } else if (end > runEnd) {
      runEnd = end
    }
  }
  return total + (runEnd - runStart)
}
