import type { RecordingStatus } from '../../shared/domain'
import { CoreError } from '../CoreError'
import type { Db } from './openDatabase'
import { cachedStatement } from './cachedStatement'

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
  /**
   * When the call happened (ISO 8601): the container's creation_time, else the file's
   * modification time, or what the user set; null for recordings imported before it was kept.
   */
  callDate: string | null
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
  /** The segment's speaker label ('Speaker 1'), null when unknown. */
  speaker: string | null
}

export interface SearchFilters {
  /** Recordings imported at or after this instant (ISO 8601). */
  from?: string
  /** Recordings imported before this instant (ISO 8601). */
  to?: string
  /** A speaker label ('Speaker 1') or the name the user gave it, case-insensitive. */
  speaker?: string
  /** Only segments carrying a demand signal of this tracker. */
  tracker?: string
}

export interface SearchOptions extends SearchFilters {
  limit?: number
}

export interface SearchPage {
  hits: SearchHit[]
  /** False when the query was too common to rank: the hits are the newest matches instead. */
  ranked: boolean
}

/** Above this many matches a query is not ranked (bm25 ≈ 1 µs a match on this class of machine). */
export const RANK_LIMIT = 2_000
/** The same with filters, each match then also costs a segment and a recording lookup. */
export const FILTERED_RANK_LIMIT = 500

const hitColumns = `s.recording_id AS recordingId, r.title, s.idx AS segmentIdx,
  s.start_ms AS startMs, s.end_ms AS endMs, s.speaker`

const matchCountUpTo = `SELECT count(*) FROM
  (SELECT rowid FROM segments_fts WHERE segments_fts MATCH ? LIMIT ?)`

function filterClause(filters: SearchFilters): {
  where: string
  params: Record<string, string>
} {
  const where: string[] = []
  const params: Record<string, string> = {}
  if (filters.from !== undefined) {
    where.push('r.imported_at >= @from')
    params.from = filters.from
  }
  if (filters.to !== undefined) {
    where.push('r.imported_at < @to')
    params.to = filters.to
  }
  if (filters.speaker !== undefined) {
    // Part of a name is enough ("jane" finds "Jane Doe (Acme)"), ignoring case; % and _ typed by
    // the user are literal characters, not LIKE wildcards.
    where.push(`(s.speaker LIKE @speaker ESCAPE '\\' OR EXISTS (SELECT 1 FROM speaker_names n
      WHERE n.recording_id = s.recording_id AND n.label = s.speaker
        AND n.name LIKE @speaker ESCAPE '\\'))`)
    params.speaker = `%${filters.speaker.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  }
  if (filters.tracker !== undefined) {
    where.push(`EXISTS (SELECT 1 FROM signals g WHERE g.recording_id = s.recording_id
      AND g.segment_idx = s.idx AND g.tracker = @tracker)`)
    params.tracker = filters.tracker
  }
  return { where: where.map((clause) => `AND ${clause}`).join(' '), params }
}

const recordingColumns = `id, title, source_path AS sourcePath, source_sha256 AS sourceSha256, bytes,
  container, duration_ms AS durationMs, channels, imported_at AS importedAt, status, progress,
  error_code AS errorCode, error_message AS errorMessage, language, call_date AS callDate`

/** Recordings and their transcript segments. */
export class RecordingStore {
  constructor(private readonly db: Db) {}

  insert(
    row: Omit<RecordingRow, 'progress' | 'errorCode' | 'errorMessage' | 'language' | 'callDate'> & {
      callDate?: string | null
    },
  ): void {
    this.db
      .prepare(
        `INSERT INTO recordings (id, title, source_path, source_sha256, bytes, container, duration_ms,
           channels, imported_at, status, call_date)
         VALUES (@id, @title, @sourcePath, @sourceSha256, @bytes, @container, @durationMs, @channels,
           @importedAt, @status, @callDate)`,
      )
      .run({ callDate: null, ...row })
  }

  /** Sets when the call happened (ISO 8601); false when there is no such recording. */
  setCallDate(id: string, callDate: string): boolean {
    return (
      this.db.prepare('UPDATE recordings SET call_date = ? WHERE id = ?').run(callDate, id)
        .changes > 0
    )
  }

  get(id: string): RecordingRow | undefined {
    return cachedStatement(this.db, `SELECT ${recordingColumns} FROM recordings WHERE id = ?`).get(
      id,
    ) as RecordingRow | undefined
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

  /** Recordings imported before `instant` (ISO 8601), oldest first (retention). */
  importedBefore(instant: string): RecordingRow[] {
    return this.db
      .prepare(
        `SELECT ${recordingColumns} FROM recordings WHERE imported_at < ? ORDER BY imported_at, id`,
      )
      .all(instant) as RecordingRow[]
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

  /**
   * The one writer of segments. Within a recording, ids ascend with idx (each insert gets the next
   * rowid and the next idx); dateRangeRowids relies on it.
   */
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

  /**
   * Puts a failed or cancelled recording back in the queue's state, reading its media from
   * `sourcePath` (a re-import may hand over the same content from a new place). The status test
   * sits in the UPDATE, so a recording that is running or done is never reopened. True if reopened.
   */
  reopenForRetry(id: string, sourcePath: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE recordings SET status = 'queued', progress = 0, error_code = NULL,
             error_message = NULL, source_path = ?
           WHERE id = ? AND status IN ('failed', 'cancelled')`,
        )
        .run(sourcePath, id).changes === 1
    )
  }

  /** Drops a partial transcript before a job is run again, so a resumed job never duplicates segments. */
  clearSegments(recordingId: string): void {
    this.db.prepare('DELETE FROM segments WHERE recording_id = ?').run(recordingId)
  }

  segments(recordingId: string): StoredSegment[] {
    return cachedStatement(
      this.db,
      `SELECT idx, start_ms AS startMs, end_ms AS endMs, text, speaker, confidence
         FROM segments WHERE recording_id = ? ORDER BY idx`,
    ).all(recordingId) as StoredSegment[]
  }

  /**
   * A person's correction of one line's text; the segments_au trigger carries it into the search
   * index. Only a finished transcript can be edited: a job that runs clears and rewrites its
   * recording's segments, so the status test sits in the UPDATE itself and a job claiming the
   * recording in between cannot interleave. The text is stored as given (callers validate it).
   */
  editSegmentText(recordingId: string, idx: number, text: string): StoredSegment {
    const edited = this.db
      .prepare(
        `UPDATE segments SET text = @text
         WHERE recording_id = @recordingId AND idx = @idx
           AND (SELECT status FROM recordings WHERE id = @recordingId) = 'done'
         RETURNING idx, start_ms AS startMs, end_ms AS endMs, text, speaker, confidence`,
      )
      .get({ recordingId, idx, text }) as StoredSegment | undefined
    if (edited) return edited
    return this.refuseLineEdit(recordingId, idx)
  }

  /** Why a line of this recording could not be changed: no recording, not finished, or no such line. */
  private refuseLineEdit(recordingId: string, idx: number): never {
    const recording = this.get(recordingId)
    if (!recording) throw new CoreError('not-found', `No recording has the id '${recordingId}'.`)
    if (recording.status !== 'done') {
      throw new CoreError(
        'not-editable',
        recording.status === 'failed' || recording.status === 'cancelled'
          ? 'This transcript did not finish; only a finished transcript can be edited.'
          : 'This recording is still being transcribed; its lines can be edited once it is done.',
      )
    }
    throw new CoreError(
      'segment-not-found',
      `This transcript has no line ${idx}; open the recording again.`,
    )
  }

  /**
   * A person's correction of who said one line: the line moves to `speaker` (an existing label or
   * a new one). Only a finished transcript, as for text edits (the status test sits in the UPDATE).
   */
  setSegmentSpeaker(recordingId: string, idx: number, speaker: string): StoredSegment {
    const moved = this.db
      .prepare(
        `UPDATE segments SET speaker = @speaker
         WHERE recording_id = @recordingId AND idx = @idx
           AND (SELECT status FROM recordings WHERE id = @recordingId) = 'done'
         RETURNING idx, start_ms AS startMs, end_ms AS endMs, text, speaker, confidence`,
      )
      .get({ recordingId, idx, speaker }) as StoredSegment | undefined
    if (moved) return moved
    return this.refuseLineEdit(recordingId, idx)
  }

  /**
   * Two labels that are one person (the diarizer split them): every line of `from` becomes `into`.
   * Answers how many lines moved. Only a finished transcript.
   */
  mergeSpeakers(recordingId: string, from: string, into: string): number {
    const recording = this.get(recordingId)
    if (!recording) throw new CoreError('not-found', `No recording has the id '${recordingId}'.`)
    if (recording.status !== 'done') {
      throw new CoreError(
        'not-editable',
        'Speakers can be merged once the recording is transcribed.',
      )
    }
    return this.db
      .prepare(
        `UPDATE segments SET speaker = @into
         WHERE recording_id = @recordingId AND speaker = @from
           AND (SELECT status FROM recordings WHERE id = @recordingId) = 'done'`,
      )
      .run({ recordingId, from, into }).changes
  }

  /** Speaker labels for a finished transcript, all or none (one transaction). */
  setSpeakers(
    recordingId: string,
    speakers: readonly { idx: number; speaker: string | null }[],
  ): void {
    const update = this.db.prepare(
      'UPDATE segments SET speaker = ? WHERE recording_id = ? AND idx = ?',
    )
    this.db.transaction(() => {
      for (const { idx, speaker } of speakers) update.run(speaker, recordingId, idx)
    })()
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

  /** Hits only, best first (or newest first for very common terms: see searchPage). */
  search(ftsQuery: string, limit = 50, filters: SearchFilters = {}): SearchHit[] {
    return this.searchPage(ftsQuery, { ...filters, limit }).hits
  }

  /**
   * Full-text search with filters (bench/insights.bench.ts measures it on 1M segments).
   * Ranking by bm25 costs about 1 µs per matching segment, and checking a filter a few µs more, so
   * a query matching more than RANK_LIMIT segments (FILTERED_RANK_LIMIT with filters) is not
   * ranked: its newest matches come first, read straight off the index in rowid order, and
   * `ranked` is false. Whether a query is that common is found by counting its matches up to the
   * limit (bounded: ~0.5 ms), exact for the whole query; fts5vocab's document count for "the"
   * alone took 20 ms. A very common last word is searched whole, not as a prefix: expanding
   * "that"* merges every "that…" doclist (17 ms) to add nothing anyone would read.
   */
  searchPage(ftsQuery: string, options: SearchOptions = {}): SearchPage {
    const limit = options.limit ?? 50
    const { where, params } = filterClause(options)
    const rankLimit = where === '' ? RANK_LIMIT : FILTERED_RANK_LIMIT
    const countUpTo = this.db.prepare(matchCountUpTo).pluck()
    const isCommon = (query: string) => (countUpTo.get(query, rankLimit + 1) as number) > rankLimit
    const wholeWords = ftsQuery.endsWith('"*') ? ftsQuery.slice(0, -1) : null
    const query = wholeWords !== null && isCommon(wholeWords) ? wholeWords : ftsQuery
    const ranked = query !== wholeWords && !isCommon(query)
    const bounds = this.dateRangeRowids(options)
    if (bounds === null) return { hits: [], ranked }
    const bind = { ...params, ...bounds, q: query, limit }
    if (!ranked) {
      // Straight off the index in rowid order: CROSS JOIN keeps it the outer loop, so the order
      // needs no sort and snippets are built for the page only. Newest first, unless a date range
      // lies nearer the oldest end: FTS5 reaches a rowid bound by walking a big doclist from its
      // nearer end (the in Jan 2024 newest-first: 155 ms; oldest-first: 1 ms), so the walk
      // starts from whichever end of the index is closer to the range.
      const newest = this.db.prepare('SELECT MAX(id) FROM segments').pluck().get() as number
      const direction = bounds.lo - 1 >= newest - bounds.hi ? 'DESC' : 'ASC'
      const hits = this.db
        .prepare(
          `SELECT ${hitColumns}, snippet(segments_fts, 0, '[', ']', '…', 16) AS snippet
           FROM segments_fts CROSS JOIN segments s ON s.id = segments_fts.rowid
             CROSS JOIN recordings r ON r.id = s.recording_id
           WHERE segments_fts MATCH @q AND segments_fts.rowid BETWEEN @lo AND @hi ${where}
           ORDER BY segments_fts.rowid ${direction} LIMIT @limit`,
        )
        .all(bind) as SearchHit[]
      return { hits, ranked }
    }
    // Ranked on ids alone (joined only when a filter needs it): a sorter would otherwise build a
    // snippet for every match before keeping 50 (41 ms instead of 10 ms for 11,000 matches).
    const joins =
      where === ''
        ? ''
        : `CROSS JOIN segments s ON s.id = segments_fts.rowid
           CROSS JOIN recordings r ON r.id = s.recording_id`
    const ids = this.db
      .prepare(
        `SELECT segments_fts.rowid FROM segments_fts ${joins}
         WHERE segments_fts MATCH @q AND segments_fts.rowid BETWEEN @lo AND @hi ${where}
         ORDER BY bm25(segments_fts) LIMIT @limit`,
      )
      .pluck()
      .all(bind) as number[]
    return { hits: this.rankedHits(query, ids), ranked }
  }

  /**
   * Snippets for the page only. snippet() needs the MATCH cursor, and asking FTS5 for one rowid at
   * a time re-reads the doclists per row (27 ms for 50 rows), so the matches (at most RANK_LIMIT
   * here) are scanned once and kept when on the page (+0 keeps the id test out of FTS5's hands).
   */
  private rankedHits(ftsQuery: string, ids: number[]): SearchHit[] {
    if (ids.length === 0) return []
    const rows = this.db
      .prepare(
        `SELECT f.id, ${hitColumns}, f.snippet
         FROM (SELECT rowid AS id, snippet(segments_fts, 0, '[', ']', '…', 16) AS snippet
               FROM segments_fts
               WHERE segments_fts MATCH @q AND rowid BETWEEN @lo AND @hi
                 AND (rowid + 0) IN (SELECT value FROM json_each(@ids))) f
         JOIN segments s ON s.id = f.id JOIN recordings r ON r.id = s.recording_id`,
      )
      .all({
        q: ftsQuery,
        lo: Math.min(...ids),
        hi: Math.max(...ids),
        ids: JSON.stringify(ids),
      }) as (SearchHit & { id: number })[]
    const byId = new Map(rows.map(({ id, ...hit }) => [id, hit]))
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  /**
   * The smallest and largest segment id of the recordings imported in [from, to), so an unranked
   * search for a common word reads only that stretch of the index: otherwise "the" in last June
   * first walks past every newer match (600 ms on 1M segments). Two index seeks per recording,
   * relying on appendSegment's invariant that ids ascend with idx within a recording. Null when
   * no recording has segments in the range.
   */
  private dateRangeRowids(filters: SearchFilters): { lo: number; hi: number } | null {
    if (filters.from === undefined && filters.to === undefined) {
      return { lo: 1, hi: Number.MAX_SAFE_INTEGER }
    }
    const row = this.db
      .prepare(
        `SELECT MIN(lo) AS lo, MAX(hi) AS hi FROM (SELECT
           (SELECT id FROM segments WHERE recording_id = r.id ORDER BY idx LIMIT 1) AS lo,
           (SELECT id FROM segments WHERE recording_id = r.id ORDER BY idx DESC LIMIT 1) AS hi
         FROM recordings r WHERE r.imported_at >= @from AND r.imported_at < @to)`,
      )
      .get({ from: filters.from ?? '', to: filters.to ?? '\uffff' }) as {
      lo: number | null
      hi: number | null
    }
    return row.lo === null || row.hi === null ? null : { lo: row.lo, hi: row.hi }
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM recordings WHERE id = ?').run(id).changes > 0
  }
}
