import type { SpeakerTurn } from './speakerTurns'

/** An RTTM field may not contain whitespace (fields are whitespace-separated). */
function field(value: string): string {
  return value.trim().replace(/\s+/g, '_') || 'NA'
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3)

/**
 * NIST Rich Transcription Time Marked (RTTM) speaker lines, as md-eval and pyannote read them:
 * `SPEAKER <file> 1 <onset s> <duration s> <NA> <NA> <speaker> <NA> <NA>`
 * (NIST RT-09 evaluation plan, appendix A). Zero-length turns are left out.
 */
export function formatRttm(fileId: string, turns: readonly SpeakerTurn[]): string {
  return turns
    .filter((turn) => turn.endMs > turn.startMs)
    .map(
      (turn) =>
        `SPEAKER ${field(fileId)} 1 ${seconds(turn.startMs)} ${seconds(turn.endMs - turn.startMs)} <NA> <NA> ${field(turn.speaker)} <NA> <NA>\n`,
    )
    .join('')
}
