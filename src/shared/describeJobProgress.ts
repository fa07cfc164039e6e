import { formatDuration } from './formatDuration'
import { formatTimeLeft } from './formatTransfer'

export interface JobProgressFigures {
  status: string
  progress: number
  durationMs: number | null
  secondsLeft?: number | null | undefined
  queuePosition?: number | null | undefined
  processingMs?: number | null | undefined
}

/** 1 → "1st", 2 → "2nd", 13 → "13th", 22 → "22nd". */
function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  const last = n % 10
  return `${n}${last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th'}`
}

/**
 * A recording's job in one line, the same in the Library and the CLI: "next in the queue",
 * "42% · about 1 min left", "took 1:05 · 4.6× realtime". Empty when there is nothing to say
 * (a failed row shows its error instead).
 */
export function describeJobProgress(job: JobProgressFigures): string {
  if (job.status === 'queued') {
    if (job.queuePosition === null || job.queuePosition === undefined) return ''
    return job.queuePosition === 1
      ? 'next in the queue'
      : `${ordinal(job.queuePosition)} in the queue`
  }
  if (job.status === 'decoding' || job.status === 'transcribing') {
    const parts = [`${Math.floor(job.progress)}%`]
    if (job.secondsLeft !== null && job.secondsLeft !== undefined) {
      parts.push(formatTimeLeft(job.secondsLeft))
    }
    return parts.join(' · ')
  }
  if (job.status === 'done' && job.processingMs !== null && job.processingMs !== undefined) {
    const parts = [`took ${formatDuration(job.processingMs)}`]
    if (job.durationMs !== null && job.processingMs > 0) {
      parts.push(`${(job.durationMs / job.processingMs).toFixed(1)}× realtime`)
    }
    return parts.join(' · ')
  }
  return ''
}
