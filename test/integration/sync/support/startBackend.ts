import { join } from 'node:path'
import Database from 'better-sqlite3'
import { ReferenceBackend } from '../../../../src/backend/ReferenceBackend'

export const BACKEND_TOKEN = 'sync-test-token-0123456789'

/** The reference backend on 127.0.0.1 with its own database in `dir`, plus a reader for its tables. */
export async function startBackend(dir: string) {
  const dbPath = join(dir, 'backend.db')
  const backend = new ReferenceBackend({ token: BACKEND_TOKEN, dbPath })
  const url = await backend.listen()
  // A second, read-only connection: counts the test needs that the store has no method for.
  const reader = new Database(dbPath, { readonly: true })
  const count = (sql: string): number => reader.prepare(sql).pluck().get() as number
  return {
    backend,
    url,
    /** Transcripts stored under distinct idempotency keys: more than one per id means stored twice. */
    keyCount: () => count('SELECT COUNT(*) FROM idempotency_keys'),
    postCount: () => count(`SELECT COUNT(*) FROM request_log WHERE method = 'POST'`),
    maxKeysPerTranscript: () =>
      count(
        'SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM idempotency_keys GROUP BY transcript_id)',
      ),
    async close() {
      reader.close()
      await backend.close()
    },
  }
}
