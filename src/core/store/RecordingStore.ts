import type { RecordingStatus } from '../../shared/domain'
import type { Db } from './openDatabase'

export interface RecordingRow {
  id: string
  title: string
  sourcePath: string
  sourceSha256: string
  bytes: number
  container: string | null
  durationMs: number | null
  channels: number | null
  importedAt: string
  status: RecordingStatus
  progress: number
  errorCode: string | null
  errorMessage: string | null
  language: string | null
}

export interface StoredSegment {
  idx: number
  startMs: number
  endMs: number
  text: string
  speaker: string | null
  confidence: number | null
}

export interface SearchHit {
  recordingId: string
  title: string
  segmentIdx: number
  startMs: number
  endMs: number
  /** The segment text with matches wrapped in [ and ]. */
  snippet: string
}

const recordingColumns = `id, title, source_path AS sourcePath, source_sha256 AS sourceSha256, bytes,
  container, duration_ms AS durationMs, channels, imported_at AS importedAt, status, progress,
  error_code AS errorCode, error_message AS errorMessage, language`

/** Recordings and their transcript segments. */
export class RecordingStore {
  constructor(private readonly db: Db) {}

  insert(row: Omit<RecordingRow, 'progress' | 'errorCode' | 'errorMessage' | 'language'>): void {
    this.db
      .prepare(
        `INSERT INTO recordings (id, title, source_path, source_sha256, bytes, container, duration_ms,
           channels, imported_at, status)
         VALUES (@id, @title, @sourcePath, @sourceSha256, @bytes, @container, @durationMs, @channels,
           @importedAt, @status)`,
      )
      .run(row)
  }

  get(id: string): RecordingRow | undefined {
    return this.db.prepare(`SELECT ${recordingColumns} FROM recordings WHERE id = ?`).get(id) as
      RecordingRow | undefined
  }

  /** Accepts a unique id prefix too, as `git` does, so people can type the first few characters. */
  resolveId(idOrPrefix: string): string[] {
    const rows = this.db
      .prepare(`SELECT id FROM recordings WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 2`)
      .all(idOrPrefix, idOrPrefix.replace(/[\\%_]/g, '\\$&') + '%') as { id: string }[]
    const exact = rows.find((row) => row.id === idOrPrefix)
    return exact ? [exact.id] : rows.map((row) => row.id)
  }

  findBySha256(sha256: string): RecordingRow | undefined {
    return this.db
      .prepare(`SELECT ${recordingColumns} FROM recordings WHERE source_sha256 = ?`)
      .get(sha256) as RecordingRow | undefined
  }

  list(): RecordingRow[] {
    return this.db
      .prepare(`SELECT ${recordingColumns} FROM recordings ORDER BY imported_at DESC, id`)
      .all() as RecordingRow[]
  }

  setStatus(
    id: string,
    status: RecordingStatus,
    error: { code: string; message: string } | null = null,
  ): void {
    this.db
      .prepare(
        `UPDATE recordings SET status = ?, error_code = ?, error_message = ?,
           progress = CASE WHEN ? = 'done' THEN 100 ELSE progress END
         WHERE id = ?`,
      )
      .run(status, error?.code ?? null, error?.message ?? null, status, id)
  }

  setProgress(id: string, percent: number): void {
    this.db.prepare('UPDATE recordings SET progress = ? WHERE id = ?').run(percent, id)
  }

  setLanguage(id: string, language: string): void {
    this.db.prepare('UPDATE recordings SET language = ? WHERE id = ?').run(language, id)
  }

  appendSegment(recordingId: string, segment: Omit<StoredSegment, 'idx'>): number {
    const { next } = this.db
      .prepare('SELECT COALESCE(MAX(idx) + 1, 0) AS next FROM segments WHERE recording_id = ?')
      .get(recordingId) as { next: number }
    this.db
      .prepare(
        `INSERT INTO segments (recording_id, idx, start_ms, end_ms, text, speaker, confidence)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        recordingId,
        next,
        segment.startMs,
        segment.endMs,
        segment.text,
        segment.speaker,
        segment.confidence,
      )
    return next
  }

  /** Drops a partial transcript before a job is run again, so a resumed job never duplicates segments. */
  clearSegments(recordingId: string): void {
    this.db.prepare('DELETE FROM segments WHERE recording_id = ?').run(recordingId)
  }

  segments(recordingId: string): StoredSegment[] {
    return this.db
      .prepare(
        `SELECT idx, start_ms AS startMs, end_ms AS endMs, text, speaker, confidence
         FROM segments WHERE recording_id = ? ORDER BY idx`,
      )
      .all(recordingId) as StoredSegment[]
  }

  saveChannelEnergy(
    recordingId: string,
    frameMs: number,
    channels: number,
    rms: Float32Array,
  ): void {
    this.db
      .prepare(
        `INSERT INTO channel_energy (recording_id, frame_ms, channels, rms) VALUES (?, ?, ?, ?)
         ON CONFLICT (recording_id) DO UPDATE SET frame_ms = excluded.frame_ms,
           channels = excluded.channels, rms = excluded.rms`,
      )
      .run(recordingId, frameMs, channels, Buffer.from(rms.buffer, rms.byteOffset, rms.byteLength))
  }

  channelEnergy(
    recordingId: string,
  ): { frameMs: number; channels: number; rms: Float32Array } | undefined {
    const row = this.db
      .prepare(
        'SELECT frame_ms AS frameMs, channels, rms FROM channel_energy WHERE recording_id = ?',
      )
      .get(recordingId) as { frameMs: number; channels: number; rms: Buffer } | undefined
    if (!row) return undefined
    const copy = new Uint8Array(row.rms)
    return { frameMs: row.frameMs, channels: row.channels, rms: new Float32Array(copy.buffer) }
  }

  search(ftsQuery: string, limit = 50): SearchHit[] {
    return this.db
      .prepare(
        `SELECT s.recording_id AS recordingId, r.title, s.idx AS segmentIdx, s.start_ms AS startMs,
           s.end_ms AS endMs, snippet(segments_fts, 0, '[', ']', '…', 16) AS snippet
         FROM segments_fts JOIN segments s ON s.id = segments_fts.rowid
         JOIN recordings r ON r.id = s.recording_id
         WHERE segments_fts MATCH ? ORDER BY bm25(segments_fts) LIMIT ?`,
      )
      .all(ftsQuery, limit) as SearchHit[]
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM recordings WHERE id = ?').run(id).changes > 0
  }
}
