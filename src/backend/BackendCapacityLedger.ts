import Database from 'better-sqlite3'
import type { CapacityCharge, RecordingLedger } from '../core/egress/capacity/CapacityLedger'
import type { RecordingFacts } from '../core/egress/capacity/measureUpload'

/**
 * The reference backend's own capacity ledger (issue 10, defence in depth): the same budget the
 * client's gate applies, per recording over all of its uploads. The backend cannot probe the
 * recording, so the first upload's header fixes the facts later uploads are held to. Its own
 * connection and tables in the backend's database file (WAL), beside BackendStore's.
 */
export class BackendCapacityLedger {
  private readonly db: Database.Database

  constructor(path: string) {
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS capacity_recordings (
        recording_id TEXT PRIMARY KEY,
        facts TEXT NOT NULL,
        bits REAL NOT NULL
      );
      CREATE TABLE IF NOT EXISTS capacity_payloads (
        recording_id TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        PRIMARY KEY (recording_id, payload_sha256)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS capacity_parts (
        recording_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        PRIMARY KEY (recording_id, fingerprint)
      ) WITHOUT ROWID;`)
  }

  /** The facts the recording's first upload fixed; undefined before its first upload. */
  facts(recordingId: string): RecordingFacts | undefined {
    const row = this.db
      .prepare(`SELECT facts FROM capacity_recordings WHERE recording_id = ?`)
      .pluck()
      .get(recordingId) as string | undefined
    return row === undefined ? undefined : (JSON.parse(row) as RecordingFacts)
  }

  history(recordingId: string): RecordingLedger {
    const count = (table: string) =>
      this.db
        .prepare(`SELECT COUNT(*) FROM ${table} WHERE recording_id = ?`)
        .pluck()
        .get(recordingId) as number
    const bits = this.db
      .prepare(`SELECT bits FROM capacity_recordings WHERE recording_id = ?`)
      .pluck()
      .get(recordingId) as number | undefined
    const has = (table: string, column: string) => {
      const statement = this.db.prepare(
        `SELECT 1 FROM ${table} WHERE recording_id = ? AND ${column} = ?`,
      )
      return (value: string) => statement.get(recordingId, value) !== undefined
    }
    return {
      bitsCharged: bits ?? 0,
      uploadCount: count('capacity_payloads'),
      partCount: count('capacity_parts'),
      hasUpload: has('capacity_payloads', 'payload_sha256'),
      hasPart: has('capacity_parts', 'fingerprint'),
    }
  }

  charge(recordingId: string, facts: RecordingFacts, charge: CapacityCharge): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO capacity_recordings (recording_id, facts, bits) VALUES (?, ?, ?)
           ON CONFLICT (recording_id) DO UPDATE SET bits = bits + excluded.bits`,
        )
        .run(recordingId, JSON.stringify(facts), charge.bits)
      this.db
        .prepare(`INSERT OR IGNORE INTO capacity_payloads VALUES (?, ?)`)
        .run(recordingId, charge.payloadSha256)
      const part = this.db.prepare(`INSERT OR IGNORE INTO capacity_parts VALUES (?, ?)`)
      for (const fingerprint of charge.newParts) part.run(recordingId, fingerprint)
    })()
  }

  close(): void {
    this.db.close()
  }
}
