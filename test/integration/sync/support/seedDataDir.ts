import { RecordingStore } from '../../../../src/core/store/RecordingStore'
import { SettingsStore } from '../../../../src/core/store/SettingsStore'
import { seedRecording } from '../../../unit/sync/support/seedRecording'
import { openDataFolderDatabase } from '../../../support/openDataFolderDatabase'

/**
 * A data folder holding `count` finished recordings, inserted straight into the store (no
 * whisper: the transcript text is what sync cares about), with `backend.url` set.
 */
export function seedDataDir(dataDir: string, backendUrl: string | null, count: number): string[] {
  const db = openDataFolderDatabase(dataDir)
  try {
    const recordings = new RecordingStore(db)
    if (backendUrl !== null) new SettingsStore(db).set('backend.url', backendUrl)
    return db.transaction(() =>
      Array.from({ length: count }, (_, i) =>
        seedRecording(recordings, {
          texts: [
            `Call ${i}: thanks for calling support.`,
            `Call ${i}: I want to cancel my order.`,
          ],
        }),
      ),
    )()
  } finally {
    db.close()
  }
}
