import type Database from 'better-sqlite3-multiple-ciphers'
import type {
  CapacityCharge,
  CapacityLedger,
  RecordingLedger,
} from '../egress/capacity/CapacityLedger'
import type { RecordingFacts } from '../egress/capacity/measureUpload'
import { readInstallId } from '../sync/readInstallId'
import type { Db } from './openDatabase'

/**
 * The capacity ledger in the local store (issue 10): per recording, every payload charged and
 * every part first sent, and the bits charged. Its own tables, created on first use rather than
 * in a numbered migration, so it can land beside other migrations without renumbering; rows go
 * with the recording (ON DELETE CASCADE), since a deleted recording uploads nothing more.
 * Statements are prepared once: the gate asks on every upload.
 */
export class CapacityLedgerStore implements CapacityLedger {
  private readonly statements: Record<
    'facts' | 'totals' | 'parts' | 'hasUpload' | 'hasPart' | 'charge' | 'part' | 'wasUploaded',
    Database.Statement
  >
  private installId: string | undefined

  constructor(private readonly db: Db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS capacity_charges (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        payload_sha256 TEXT NOT NULL,
        bits REAL NOT NULL,
        PRIMARY KEY (recording_id, payload_sha256)
      );
      CREATE TABLE IF NOT EXISTS capacity_parts (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        PRIMARY KEY (recording_id, fingerprint)
      ) WITHOUT ROWID;`)
    this.statements = {
      // The probed duration; without one, where the transcript ends (what buildUpload sends).
      facts: db.prepare(
        `SELECT COALESCE(duration_ms,
           (SELECT MAX(end_ms) FROM segments WHERE recording_id = recordings.id), 0) AS ms,
           imported_at AS importedAt, language, title,
           (SELECT email FROM recording_contacts WHERE recording_id = recordings.id) AS contactEmail
         FROM recordings WHERE id = ?`,
      ),
      totals: db.prepare(
        `SELECT COALESCE(SUM(bits), 0) AS bits, COUNT(*) AS uploads FROM capacity_charges
         WHERE recording_id = ?`,
      ),
      parts: db.prepare(`SELECT COUNT(*) FROM capacity_parts WHERE recording_id = ?`).pluck(),
      hasUpload: db.prepare(
        `SELECT 1 FROM capacity_charges WHERE recording_id = ? AND payload_sha256 = ?`,
      ),
      hasPart: db.prepare(
        `SELECT 1 FROM capacity_parts WHERE recording_id = ? AND fingerprint = ?`,
      ),
      // A repeat of a charged payload adds its (small) charge to the same row.
      charge: db.prepare(
        `INSERT INTO capacity_charges (recording_id, payload_sha256, bits) VALUES (?, ?, ?)
         ON CONFLICT (recording_id, payload_sha256) DO UPDATE SET bits = bits + excluded.bits`,
      ),
      part: db.prepare(
        `INSERT OR IGNORE INTO capacity_parts (recording_id, fingerprint) VALUES (?, ?)`,
      ),
      // Uploads sent before the ledger existed count too (the queue's rows that were ever tried).
      wasUploaded: db.prepare(
        `SELECT 1 FROM capacity_charges WHERE recording_id = ?
         UNION ALL SELECT 1 FROM uploads WHERE recording_id = ? AND attempts > 0 LIMIT 1`,
      ),
    }
  }

  recording(recordingId: string): RecordingFacts | undefined {
    const row = this.statements.facts.get(recordingId) as
      | {
          ms: number
          importedAt: string
          language: string | null
          title: string
          contactEmail: string | null
        }
      | undefined
    if (row === undefined) return undefined
    this.installId ??= readInstallId(this.db)
    return {
      durationMs: Math.max(0, Math.round(row.ms)),
      createdAt: new Date(row.importedAt).toISOString(),
      language: row.language !== null && /^[a-z]{2,3}$/.test(row.language) ? row.language : null,
      title: row.title,
      installId: this.installId,
      ...(row.contactEmail !== null && { contactEmail: row.contactEmail }),
    }
  }

  history(recordingId: string): RecordingLedger {
    const s = this.statements
    const totals = s.totals.get(recordingId) as { bits: number; uploads: number }
    return {
      bitsCharged: totals.bits,
      uploadCount: totals.uploads,
      partCount: s.parts.get(recordingId) as number,
      hasUpload: (sha) => s.hasUpload.get(recordingId, sha) !== undefined,
      hasPart: (fp) => s.hasPart.get(recordingId, fp) !== undefined,
    }
  }

  charge(recordingId: string, charge: CapacityCharge): void {
    this.db.transaction(() => {
      this.statements.charge.run(recordingId, charge.payloadSha256, charge.bits)
      for (const fingerprint of charge.newParts) this.statements.part.run(recordingId, fingerprint)
    })()
  }

  wasUploaded(recordingId: string): boolean {
    return this.statements.wasUploaded.get(recordingId, recordingId) !== undefined
  }
}
