/**
 * The index of the line playing at `ms`: the last one starting at or before it (lines are sorted
 * by start). Between lines the previous one stays current; before the first, none is (-1).
 */
export function findCurrentLine(lines: readonly { startMs: number }[], ms: number): number {
  let low = 0
  let high = lines.length - 1
  let found = -1
  while (low <= high) {
    const mid = (low + high) >> 1
    if ((lines[mid]?.startMs ?? Infinity) <= ms) {
      found = mid
      low = mid + 1
    } else {
      high = mid - 1
    }
  }
  return found
}
