import type { RecordingView } from '../../../shared/api'
import { formatClock } from '../format/formatClock'

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

/**
 * What tells two rows apart when their titles match (the same talk as .wav and .mp3): format,
 * length, when the call happened (the import time where unknown), speakers and signals found.
 */
export function rowFacts(recording: RecordingView): string[] {
  const facts: string[] = []
  if (recording.format !== null) facts.push(recording.format)
  if (recording.durationMs !== null) facts.push(formatClock(recording.durationMs))
  facts.push(
    recording.callDate === null
      ? `imported ${new Date(recording.importedAt).toLocaleString()}`
      : new Date(recording.callDate).toLocaleString(),
  )
  if (recording.speakerCount !== null && recording.speakerCount > 0) {
    facts.push(plural(recording.speakerCount, 'speaker'))
  }
  if (recording.signalCount !== null) facts.push(plural(recording.signalCount, 'signal'))
  return facts
}
