import { z } from 'zod'
import { YOU_SPEAKER_NAME } from '../../shared/derivedViews'
import type { SignalParty } from '../../shared/signals'
import { UploadMetrics, UploadSignal } from '../../shared/upload'
import type { Db } from './openDatabase'
import { cachedStatement } from './cachedStatement'

type Signal = z.infer<typeof UploadSignal>
type Metrics = z.infer<typeof UploadMetrics>

/** A moment the summary points to, linked to its segment and time. */
export const KeyMoment = z.object({
  startMs: z.number().int().nonnegative(),
  segmentIdx: z.number().int().nonnegative(),
  sentence: z.string(),
  reason: z.string(),
})
export type KeyMoment = z.infer<typeof KeyMoment>

export const StoredSummary = z.object({ text: z.string(), keyMoments: z.array(KeyMoment) })
export type StoredSummary = z.infer<typeof StoredSummary>

/** Everything derivation produces for one recording; saved and replaced as a whole. */
export interface DerivedData {
  signals: Signal[]
  metrics: Metrics | null
  summary: StoredSummary | null
}

export interface DateRange {
  /** Calls that happened at or after this instant (ISO 8601). */
  from?: string
  /** Calls that happened before this instant (ISO 8601). */
  to?: string
}

/**
 * Which signals to count across recordings: by default only those of "them" (every speaker but
 * the one named "You"), so the user's own pitch does not count as their customers' demand.
 */
export interface SignalFilter extends DateRange {
  party?: SignalParty
}

/**
 * When a recording's call happened, in SQL: its call date, or its import time where none is known
 * (recordings imported before call dates were kept). Insights group and filter by it, so a backlog
 * imported in one afternoon spreads over the weeks its calls took place (issue 14).
 */
export const CALL_TIME_SQL = 'COALESCE(r.call_date, r.imported_at)'

export interface WeeklySignalCount {
  tracker: string
  /** ISO 8601 week of the call (CALL_TIME_SQL), e.g. '2025-W07'. */
  week: string
  count: number
}

export interface PhraseCount {
  phrase: string
  /** Hits across all recordings. */
  count: number
  /** Recordings with at least one hit. */
  recordings: number
}

/** The tracker whose phrases are competitor names (resources/signals). */
export const COMPETITOR_TRACKER = 'competitor'

interface SignalRow {
  tracker: string
  phrase: string
  quote: string
  speaker: string | null
  startMs: number
  segmentIdx: number
}

/**
 * Derived data (migration 3): demand signals, call metrics, summaries, plus the user's own choices
 * about a recording (speaker names, redactions sent unredacted). Rows go with their recording.
 * What comes back out of JSON columns is parsed with the same schemas that checked it going in.
 */
export class DerivedStore {
  constructor(private readonly db: Db) {}

  /**
   * Replaces the recording's signals, metrics and summary in one transaction, so a reader never
   * sees half of a derivation and running it twice leaves the same rows. Speaker names and
   * redaction reverts are the user's and stay.
   */
  saveDerived(recordingId: string, derived: DerivedData): void {
    const signals = z.array(UploadSignal).parse(derived.signals)
    const metrics = derived.metrics === null ? null : UploadMetrics.parse(derived.metrics)
    const summary = derived.summary === null ? null : StoredSummary.parse(derived.summary)
    const insertSignal = this.db.prepare(
      `INSERT INTO signals (recording_id, tracker, phrase, quote, speaker, start_ms, segment_idx)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    this.db.transaction(() => {
      for (const table of ['signals', 'metrics', 'summaries']) {
        this.db.prepare(`DELETE FROM ${table} WHERE recording_id = ?`).run(recordingId)
      }
      for (const s of signals) {
        insertSignal.run(
          recordingId,
          s.tracker,
          s.phrase,
          s.quote,
          s.speaker ?? null,
          s.startMs,
          s.segmentIdx,
        )
      }
      if (metrics !== null) {
        this.db
          .prepare('INSERT INTO metrics (recording_id, json) VALUES (?, ?)')
          .run(recordingId, JSON.stringify(metrics))
      }
      if (summary !== null) {
        this.db
          .prepare('INSERT INTO summaries (recording_id, text, key_moments) VALUES (?, ?, ?)')
          .run(recordingId, summary.text, JSON.stringify(summary.keyMoments))
      }
    })()
  }

  /** The recording's signals in transcript order. */
  signals(recordingId: string): Signal[] {
    const rows = cachedStatement(
      this.db,
      `SELECT tracker, phrase, quote, speaker, start_ms AS startMs, segment_idx AS segmentIdx
         FROM signals WHERE recording_id = ? ORDER BY segment_idx, start_ms, id`,
    ).all(recordingId) as SignalRow[]
    return rows.map(({ speaker, ...signal }) => ({
      ...signal,
      ...(speaker !== null && { speaker }),
    }))
  }

  metrics(recordingId: string): Metrics | null {
    const json = cachedStatement(this.db, 'SELECT json FROM metrics WHERE recording_id = ?')
      .pluck()
      .get(recordingId) as string | undefined
    return json === undefined ? null : UploadMetrics.parse(JSON.parse(json))
  }

  summary(recordingId: string): StoredSummary | null {
    const row = cachedStatement(
      this.db,
      'SELECT text, key_moments AS keyMoments FROM summaries WHERE recording_id = ?',
    ).get(recordingId) as { text: string; keyMoments: string } | undefined
    if (row === undefined) return null
    return StoredSummary.parse({
      text: row.text,
      keyMoments: JSON.parse(row.keyMoments) as unknown,
    })
  }

  derived(recordingId: string): DerivedData {
    return {
      signals: this.signals(recordingId),
      metrics: this.metrics(recordingId),
      summary: this.summary(recordingId),
    }
  }

  /** Names a speaker label ('Speaker 1' → 'Customer'); an empty name removes the name. */
  renameSpeaker(recordingId: string, label: string, name: string): void {
    const trimmed = name.trim()
    if (trimmed === '') {
      this.db
        .prepare('DELETE FROM speaker_names WHERE recording_id = ? AND label = ?')
        .run(recordingId, label)
      return
    }
    this.db
      .prepare(
        `INSERT INTO speaker_names (recording_id, label, name) VALUES (?, ?, ?)
         ON CONFLICT (recording_id, label) DO UPDATE SET name = excluded.name`,
      )
      .run(recordingId, label, trimmed)
  }

  /** Label → name, for the labels the user named. */
  speakerNames(recordingId: string): Record<string, string> {
    const rows = cachedStatement(
      this.db,
      'SELECT label, name FROM speaker_names WHERE recording_id = ? ORDER BY label',
    ).all(recordingId) as { label: string; name: string }[]
    return Object.fromEntries(rows.map((row) => [row.label, row.name]))
  }

  /** The user chose to send this redaction's original text. Idempotent. */
  revertRedaction(recordingId: string, redactionId: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO redaction_reverts (recording_id, redaction_id) VALUES (?, ?)')
      .run(recordingId, redactionId)
  }

  /** Redacts again what revertRedaction let through. Idempotent. */
  restoreRedaction(recordingId: string, redactionId: string): void {
    this.db
      .prepare('DELETE FROM redaction_reverts WHERE recording_id = ? AND redaction_id = ?')
      .run(recordingId, redactionId)
  }

  revertedRedactions(recordingId: string): Set<string> {
    const ids = cachedStatement(
      this.db,
      'SELECT redaction_id FROM redaction_reverts WHERE recording_id = ? ORDER BY redaction_id',
    )
      .pluck()
      .all(recordingId) as string[]
    return new Set(ids)
  }

  /**
   * Per recording, how many speakers its metrics name (the talk-ratio keys, "Unknown" aside) and
   * how many signals it has: what a Library row shows to tell two recordings apart. Read from the
   * stored metrics and the signals index, never from the segments, so 10,000 rows stay cheap.
   * A recording that was never derived has no entry.
   */
  rowCounts(recordingId?: string): Map<string, { speakers: number; signals: number }> {
    const where = recordingId === undefined ? '' : 'WHERE m.recording_id = @id'
    const rows = this.db
      .prepare(
        `SELECT m.recording_id AS id,
           (SELECT COUNT(*) FROM json_each(m.json, '$.talkRatio') WHERE key <> 'Unknown') AS speakers,
           (SELECT COUNT(*) FROM signals g WHERE g.recording_id = m.recording_id) AS signals
         FROM metrics m ${where}`,
      )
      .all(recordingId === undefined ? {} : { id: recordingId }) as {
      id: string
      speakers: number
      signals: number
    }[]
    return new Map(rows.map((row) => [row.id, { speakers: row.speakers, signals: row.signals }]))
  }

  /** Signal counts per tracker per ISO week of the call (CALL_TIME_SQL), oldest week first. */
  signalCountsByWeek(range: SignalFilter = {}): WeeklySignalCount[] {
    return this.db
      .prepare(
        `SELECT g.tracker, strftime('%G-W%V', ${CALL_TIME_SQL}) AS week, COUNT(*) AS count
         FROM signals g JOIN recordings r ON r.id = g.recording_id
         WHERE ${CALL_TIME_SQL} >= @from AND ${CALL_TIME_SQL} < @to AND ${PARTY_FILTER}
         GROUP BY week, g.tracker ORDER BY week, g.tracker`,
      )
      .all(bounds(range)) as WeeklySignalCount[]
  }

  /**
   * A tracker's most frequent phrases (top requested features, top objections…), case folded:
   * "Acme" and "acme" count together (shown as the spelling that sorts first).
   */
  topPhrases(tracker: string, options: SignalFilter & { limit?: number } = {}): PhraseCount[] {
    return this.db
      .prepare(
        `SELECT MIN(g.phrase) AS phrase, COUNT(*) AS count,
           COUNT(DISTINCT g.recording_id) AS recordings
         FROM signals g JOIN recordings r ON r.id = g.recording_id
         WHERE g.tracker = @tracker AND ${CALL_TIME_SQL} >= @from AND ${CALL_TIME_SQL} < @to
           AND ${PARTY_FILTER}
         GROUP BY lower(g.phrase) ORDER BY count DESC, recordings DESC, phrase LIMIT @limit`,
      )
      .all({ ...bounds(options), tracker, limit: options.limit ?? 10 }) as PhraseCount[]
  }

  topCompetitors(options: SignalFilter & { limit?: number } = {}): PhraseCount[] {
    return this.topPhrases(COMPETITOR_TRACKER, options)
  }
}

/**
 * A signal `g` is "you" when its speaker label is named "You" in its recording (a primary-key
 * lookup in speaker_names), else "them"; @party 'all' keeps both.
 */
const PARTY_FILTER = `(@party = 'all' OR @party = CASE WHEN EXISTS (
    SELECT 1 FROM speaker_names n
    WHERE n.recording_id = g.recording_id AND n.label = g.speaker AND n.name = @you
  ) THEN 'you' ELSE 'them' END)`

/**
 * Open ends as strings that sort before and after every ISO timestamp, and the party to count
 * ("them" unless asked).
 */
function bounds(range: SignalFilter): {
  from: string
  to: string
  party: SignalParty
  you: string
} {
  return {
    from: range.from ?? '',
    to: range.to ?? '\uffff',
    party: range.party ?? 'them',
    you: YOU_SPEAKER_NAME,
  }
}
