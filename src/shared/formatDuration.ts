/** 3_725_000 → "1:02:05"; 65_000 → "1:05". A length: rounded to the nearest second. */
export function formatDuration(ms: number): string {
  return clock(Math.round(ms / 1000))
}

/**
 * A place in a recording, as `show` and the players print it: the second it falls in (floored),
 * so a line at 0.6 s reads 0:00 in `search` as in `show`'s `[00:00:00]`, not 0:01.
 */
export function formatPosition(ms: number): string {
  return clock(Math.max(0, Math.floor(ms / 1000)))
}

function clock(total: number): string {
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}
