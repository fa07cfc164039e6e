import { formatBytes } from './formatBytes'

/** 16 → "about 16 s left", 200 → "about 3 min left", 4000 → "about 1 h 7 min left". */
export function formatTimeLeft(seconds: number): string {
  // Never "0 s left" while something is left: the last second rounds up.
  const s = Math.max(1, Math.round(seconds))
  if (s < 60) return `about ${s} s left`
  const minutes = Math.round(s / 60)
  if (minutes < 60) return `about ${minutes} min left`
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`
}

export interface TransferFigures {
  bytes: number
  total: number
  bytesPerSecond: number | null
  secondsLeft: number | null
}

/**
 * A download as one line, the same in the CLI and the app: "42% · 62.1 MB of 148.0 MB ·
 * 5.3 MB/s · about 16 s left". Speed and time left are left out until they are measured.
 */
export function describeTransfer(figures: TransferFigures): string {
  const percent = figures.total > 0 ? Math.floor((figures.bytes / figures.total) * 100) : 0
  const parts = [`${percent}%`, `${formatBytes(figures.bytes)} of ${formatBytes(figures.total)}`]
  if (figures.bytesPerSecond !== null)
    parts.push(`${formatBytes(Math.round(figures.bytesPerSecond))}/s`)
  if (figures.secondsLeft !== null && figures.bytes < figures.total) {
    parts.push(formatTimeLeft(figures.secondsLeft))
  }
  return parts.join(' · ')
}
