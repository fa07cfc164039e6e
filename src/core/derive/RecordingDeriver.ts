import type { TrackerDefinition } from '../../shared/signals'
import { CoreError } from '../CoreError'
import type { DerivedData, DerivedStore } from '../store/DerivedStore'
import type { RecordingStore } from '../store/RecordingStore'
import { deriveRecording } from './deriveRecording'

export interface RecordingDeriverDeps {
  recordings: RecordingStore
  derived: DerivedStore
  /** Read at every derivation, so a change to the tracker settings applies to the next one. */
  trackers: () => TrackerDefinition[]
}

/**
 * Derives a stored transcript and stores the result (signals, metrics, summary), replacing what
 * was there in one transaction: running it again, after a crash or a settings change, leaves the
 * same rows as running it once.
 */
export class RecordingDeriver {
  constructor(private readonly deps: RecordingDeriverDeps) {}

  derive(recordingId: string): DerivedData {
    const recording = this.deps.recordings.get(recordingId)
    if (!recording) throw new CoreError('not-found', `No recording has the id '${recordingId}'.`)
    const { signals, metrics, summary } = deriveRecording(
      this.deps.recordings.segments(recordingId),
      recording.durationMs ?? 0,
      { trackers: this.deps.trackers() },
    )
    const derived: DerivedData = {
      signals,
      metrics,
      summary: {
        text: summary.text,
        keyMoments: summary.keyMoments.map(({ startMs, segmentIdx, sentence, reason }) => ({
          startMs,
          segmentIdx,
          sentence,
          reason,
        })),
      },
    }
    this.deps.derived.saveDerived(recordingId, derived)
    return derived
  }

  /**
   * Derives every finished transcript again (the trackers changed). Recordings still being
   * transcribed are left to their job, which derives them when it finishes. Returns their ids.
   */
  deriveAll(): string[] {
    const ids = this.deps.recordings
      .list()
      .filter((recording) => recording.status === 'done')
      .map((recording) => recording.id)
    for (const id of ids) this.derive(id)
    return ids
  }
}
