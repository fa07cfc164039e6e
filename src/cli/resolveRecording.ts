import { CoreError } from '../core/CoreError'
import type { RecordingRow, RecordingStore } from '../core/store/RecordingStore'

/** A full id or an unambiguous prefix of one. */
export function resolveRecording(recordings: RecordingStore, idOrPrefix: string): RecordingRow {
  const ids = recordings.resolveId(idOrPrefix)
  if (ids.length > 1) {
    throw new CoreError(
      'ambiguous-id',
      `'${idOrPrefix}' matches more than one recording; type more of the id.`,
    )
  }
  const recording = ids[0] === undefined ? undefined : recordings.get(ids[0])
  if (!recording) throw new CoreError('not-found', `No recording has the id '${idOrPrefix}'.`)
  return recording
}
