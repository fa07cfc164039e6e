import { join } from 'node:path'
import { AuditLog } from '../../../../src/core/audit/AuditLog'
import { dataDirPath } from '../../../../src/core/config/dataDirLayout'
import { openDatabase } from '../../../../src/core/store/openDatabase'
import { RecordingStore } from '../../../../src/core/store/RecordingStore'
import { seedRecording } from '../../../unit/sync/support/seedRecording'

/** Words only the seeded transcripts contain: what must never be readable in the folder's files. */
export const SECRET_WORDS = ['xylophonist', 'quokkaberry', 'zanzibarian']

/**
 * A data folder as a version before issue 13 left it: earshot.db and audit.db in plaintext, WAL
 * mode, `recordings` finished calls and one audit entry each; returns the recording ids.
 */
export function plaintextDataDir(dataDir: string, recordings: number): string[] {
  const db = openDatabase(dataDirPath(dataDir, 'database'), null)
  const audit = AuditLog.open(dataDirPath(dataDir, 'auditLog'), {})
  try {
    const store = new RecordingStore(db)
    const ids = db.transaction(() =>
      Array.from({ length: recordings }, (_, i) =>
        seedRecording(store, {
          texts: Array.from(
            { length: 20 },
            (_, line) =>
              `Call ${i} line ${line}: the ${SECRET_WORDS[line % 3]} asked about pricing.`,
          ),
        }),
      ),
    )()
    for (const id of ids.slice(0, 5)) {
      audit.append({
        kind: 'attempt',
        purpose: 'upload',
        destination: 'https://api.earshot.example/v1/transcripts',
        method: 'POST',
        payload: Buffer.from(`{"id":"${id}"}`),
        status: null,
        reason: null,
        recordingId: id,
      })
    }
    return ids
  } finally {
    audit.close()
    db.close()
  }
}

export const migrateChildScript = join(import.meta.dirname, 'migrateChild.ts')
