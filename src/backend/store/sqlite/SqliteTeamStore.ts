import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { RecordingFacts } from '../../../core/egress/capacity/measureUpload'
import { MIN_PREFIX_CHARS } from '../searchWords'
import type { Row } from '../../rowValues'
import {
  countOf,
  headOf,
  memberOf,
  phraseCountOf,
  receiptOf,
  requestLogOf,
  searchHitOf,
  signalCountOf,
  transcriptOf,
} from '../teamRows'
import type {
  IngestInput,
  IngestResult,
  Member,
  PhraseCountRow,
  RequestLogEntry,
  RequestLogRow,
  SignalCountRow,
  StoredHead,
  StoredReceipt,
  StoredTranscript,
  TeamSearchFilter,
  TeamSearchRow,
  TeamStore,
  TimeRange,
} from '../TeamStore'
import { MemberExistsError } from '../TeamStore'
import { sqliteMigrations } from './sqliteMigrations'

/** A row, or none: what `.get` returns, in the mappers' type. */
const one = (row: unknown): Row | undefined => row as Row | undefined
const all = (rows: unknown[]): Row[] => rows as Row[]

/** The embedded engine: one SQLite file (WAL), better-sqlite3's synchronous calls behind async. */
export class SqliteTeamStore implements TeamStore {
  readonly engine = 'sqlite'
  readonly location: string
  private readonly db: Database.Database

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.location = path
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('busy_timeout = 5000')
    // A deleted transcript's pages are overwritten with zeros, not just put on the free list
    // (SQLite docs, "PRAGMA secure_delete"): a DELETE must make the words unreadable in the file.
    this.db.pragma('secure_delete = ON')
    this.migrate()
  }

  private migrate(): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
    const current =
      (this.db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as
        number | null) ?? 0
    const newest = sqliteMigrations.at(-1)?.version ?? 0
    if (current > newest) {
      throw new Error(
        `This backend database was written by a newer Earshot (schema ${current}; this version knows ${newest}).`,
      )
    }
    for (const migration of sqliteMigrations) {
      if (migration.version <= current) continue
      this.db.transaction(() => {
        this.db.exec(migration.sql)
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, new Date().toISOString())
      })()
    }
  }

  addMember(member: Member & { tokenSha256: string }): Promise<void> {
    try {
      this.db
        .prepare(
          `INSERT INTO members (id, name, role, token_sha256, created_at, revoked_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          member.id,
          member.name,
          member.role,
          member.tokenSha256,
          member.createdAt,
          member.revokedAt,
        )
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        return Promise.reject(new MemberExistsError(`A member named ${member.name} exists.`))
      }
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    return Promise.resolve()
  }

  setMemberToken(memberId: string, tokenSha256: string): Promise<void> {
    this.db.prepare('UPDATE members SET token_sha256 = ? WHERE id = ?').run(tokenSha256, memberId)
    return Promise.resolve()
  }

  listMembers(): Promise<Member[]> {
    return Promise.resolve(
      all(this.db.prepare('SELECT * FROM members ORDER BY name').all()).map(memberOf),
    )
  }

  memberByName(name: string): Promise<Member | undefined> {
    const row = one(this.db.prepare('SELECT * FROM members WHERE name = ?').get(name))
    return Promise.resolve(row === undefined ? undefined : memberOf(row))
  }

  memberByToken(tokenSha256: string): Promise<Member | undefined> {
    const row = one(
      this.db
        .prepare('SELECT * FROM members WHERE token_sha256 = ? AND revoked_at IS NULL')
        .get(tokenSha256),
    )
    return Promise.resolve(row === undefined ? undefined : memberOf(row))
  }

  revokeMember(name: string, at: string): Promise<boolean> {
    // The hash goes too: a revoked token is not kept anywhere it could be matched again.
    const changes = this.db
      .prepare(
        `UPDATE members SET revoked_at = ?, token_sha256 = NULL WHERE name = ? AND revoked_at IS NULL`,
      )
      .run(at, name).changes
    return Promise.resolve(changes > 0)
  }

  witness(
    tokenSha256: string,
    installId: string,
    head: { seq: number; hash: string },
    at: string,
  ): Promise<void> {
    this.insertHead(tokenSha256, installId, head, at)
    return Promise.resolve()
  }

  private insertHead(
    tokenSha256: string,
    installId: string,
    head: { seq: number; hash: string },
    at: string,
  ): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO audit_heads (token_sha256, install_id, seq, hash, witnessed_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(tokenSha256, installId, head.seq, head.hash, at)
  }

  heads(
    tokenSha256: string,
    installId: string,
    afterSeq: number,
    maxSeqs: number,
  ): Promise<StoredHead[]> {
    return Promise.resolve(
      all(
        this.db
          .prepare(
            `SELECT seq, hash, witnessed_at FROM audit_heads
           WHERE token_sha256 = @token AND install_id = @installId AND seq IN (
             SELECT DISTINCT seq FROM audit_heads
             WHERE token_sha256 = @token AND install_id = @installId AND seq > @afterSeq
             ORDER BY seq LIMIT @maxSeqs)
           ORDER BY seq, hash`,
          )
          .all({ token: tokenSha256, installId, afterSeq, maxSeqs }),
      ).map(headOf),
    )
  }

  receiptForKey(
    memberId: string,
    key: string,
  ): Promise<(StoredReceipt & { keyPayloadSha256: string }) | undefined> {
    const row = one(
      this.db
        .prepare(
          `SELECT transcript_id, received_at, payload_sha256
           FROM idempotency_keys WHERE member_id = ? AND key = ?`,
        )
        .get(memberId, key),
    )
    return Promise.resolve(row === undefined ? undefined : receiptOf(row))
  }

  /** One synchronous transaction: nothing else runs in this process while it does. */
  ingest(input: IngestInput): Promise<IngestResult> {
    const { upload } = input
    const recordingId = upload.recordingId
    const createdAt = new Date(upload.createdAt).toISOString()
    const run = this.db.transaction((): IngestResult => {
      const taken = this.db
        .prepare('SELECT 1 FROM idempotency_keys WHERE member_id = ? AND key = ?')
        .get(input.memberId, input.key)
      if (taken !== undefined) return { kind: 'key-taken' }
      const owner = this.db
        .prepare('SELECT member_id FROM transcripts WHERE id = ?')
        .pluck()
        .get(recordingId) as string | undefined
      if (owner !== undefined && owner !== input.memberId) return { kind: 'not-yours' }
      const admission = input.admit(this.facts(recordingId), this.history(recordingId))
      if (!admission.ok) return { kind: 'refused', rule: admission.rule, reason: admission.reason }
      this.charge(recordingId, admission.facts, admission.charge)
      this.db
        .prepare(
          `INSERT INTO transcripts (id, payload, payload_sha256, received_at, member_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET payload = excluded.payload,
             payload_sha256 = excluded.payload_sha256, received_at = excluded.received_at,
             created_at = excluded.created_at`,
        )
        .run(
          recordingId,
          input.payload,
          input.payloadSha256,
          input.receivedAt,
          input.memberId,
          createdAt,
        )
      // A newer upload of the recording replaces what was derived from the older one.
      this.deleteDerived(recordingId)
      const segment = this.db.prepare(
        `INSERT INTO team_segments
           (recording_id, member_id, created_at, start_ms, end_ms, speaker, text)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      for (const s of upload.segments) {
        segment.run(
          recordingId,
          input.memberId,
          createdAt,
          s.startMs,
          s.endMs,
          s.speaker ?? null,
          s.text,
        )
      }
      const signal = this.db.prepare(
        `INSERT INTO team_signals
           (recording_id, member_id, created_at, tracker, phrase, quote, speaker, start_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      for (const s of upload.signals) {
        signal.run(
          recordingId,
          input.memberId,
          createdAt,
          s.tracker,
          s.phrase,
          s.quote,
          s.speaker ?? null,
          s.startMs,
        )
      }
      this.db
        .prepare(
          `INSERT INTO idempotency_keys (member_id, key, transcript_id, payload_sha256, received_at)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(input.memberId, input.key, recordingId, input.payloadSha256, input.receivedAt)
      if (input.witness !== undefined) {
        const { tokenSha256, installId, head, at } = input.witness
        this.insertHead(tokenSha256, installId, head, at)
      }
      return { kind: 'stored' }
    })
    try {
      return Promise.resolve(run())
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
  }

  private facts(recordingId: string): RecordingFacts | undefined {
    const row = this.db
      .prepare('SELECT facts FROM capacity_recordings WHERE recording_id = ?')
      .pluck()
      .get(recordingId) as string | undefined
    return row === undefined ? undefined : (JSON.parse(row) as RecordingFacts)
  }

  private history(recordingId: string) {
    const count = (table: string) =>
      this.db
        .prepare(`SELECT COUNT(*) FROM ${table} WHERE recording_id = ?`)
        .pluck()
        .get(recordingId) as number
    const bits = this.db
      .prepare('SELECT bits FROM capacity_recordings WHERE recording_id = ?')
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

  private charge(
    recordingId: string,
    facts: RecordingFacts,
    charge: { bits: number; payloadSha256: string; newParts: readonly string[] },
  ): void {
    this.db
      .prepare(
        `INSERT INTO capacity_recordings (recording_id, facts, bits) VALUES (?, ?, ?)
         ON CONFLICT (recording_id) DO UPDATE SET bits = bits + excluded.bits`,
      )
      .run(recordingId, JSON.stringify(facts), charge.bits)
    this.db
      .prepare('INSERT OR IGNORE INTO capacity_payloads VALUES (?, ?)')
      .run(recordingId, charge.payloadSha256)
    const part = this.db.prepare('INSERT OR IGNORE INTO capacity_parts VALUES (?, ?)')
    for (const fingerprint of charge.newParts) part.run(recordingId, fingerprint)
  }

  private deleteDerived(recordingId: string): void {
    this.db.prepare('DELETE FROM team_segments WHERE recording_id = ?').run(recordingId)
    this.db.prepare('DELETE FROM team_signals WHERE recording_id = ?').run(recordingId)
  }

  ownerOf(recordingId: string): Promise<string | undefined> {
    return Promise.resolve(
      this.db.prepare('SELECT member_id FROM transcripts WHERE id = ?').pluck().get(recordingId) as
        string | undefined,
    )
  }

  holds(id: string, payloadSha256: string): Promise<boolean> {
    return Promise.resolve(
      this.db
        .prepare('SELECT 1 FROM transcripts WHERE id = ? AND payload_sha256 = ?')
        .get(id, payloadSha256) !== undefined,
    )
  }

  get(id: string): Promise<StoredTranscript | undefined> {
    const row = one(
      this.db
        .prepare(
          'SELECT payload, payload_sha256, received_at, member_id FROM transcripts WHERE id = ?',
        )
        .get(id),
    )
    return Promise.resolve(row === undefined ? undefined : transcriptOf(row))
  }

  count(): Promise<number> {
    return Promise.resolve(
      countOf(one(this.db.prepare('SELECT COUNT(*) AS n FROM transcripts').get())),
    )
  }

  /**
   * Forgets a transcript's words everywhere this database keeps them: the row and its search
   * index and signals (pages zeroed by secure_delete, index tokens removed by FTS5
   * secure-delete), and the WAL, checkpointed and truncated so no older copy of a page survives
   * there (SQLite docs, "wal_checkpoint(TRUNCATE)"). The request log never held bodies.
   * Idempotency keys stay (hash and id only), so a late retry is told the transcript is gone.
   */
  delete(id: string): Promise<boolean> {
    const deleted = this.db.transaction(() => {
      this.deleteDerived(id)
      const gone = this.db.prepare('DELETE FROM transcripts WHERE id = ?').run(id).changes > 0
      // The budget stays (a re-upload must not start afresh); the title it kept is words, and goes.
      if (gone) {
        this.db
          .prepare(
            `UPDATE capacity_recordings SET facts = json_set(facts, '$.title', '')
             WHERE recording_id = ?`,
          )
          .run(id)
      }
      return gone
    })()
    if (deleted) this.db.pragma('wal_checkpoint(TRUNCATE)')
    return Promise.resolve(deleted)
  }

  receivedBefore(before: string, limit: number): Promise<string[]> {
    return Promise.resolve(
      this.db
        .prepare('SELECT id FROM transcripts WHERE received_at < ? ORDER BY received_at LIMIT ?')
        .pluck()
        .all(before, limit) as string[],
    )
  }

  search(filter: TeamSearchFilter): Promise<TeamSearchRow[]> {
    const match = filter.words
      .map((word, i) => {
        const quoted = `"${word.replace(/"/g, '""')}"`
        const last = i === filter.words.length - 1
        return last && Array.from(word).length >= MIN_PREFIX_CHARS ? `${quoted}*` : quoted
      })
      .join(' ')
    return Promise.resolve(
      all(
        this.db
          .prepare(
            `SELECT s.recording_id, m.name AS member, s.start_ms, s.end_ms, s.speaker, s.text,
             snippet(team_segments_fts, 0, '[', ']', '…', 16) AS snippet
           FROM team_segments_fts
           JOIN team_segments s ON s.id = team_segments_fts.rowid
           JOIN members m ON m.id = s.member_id
           WHERE team_segments_fts MATCH @match
             AND (@from IS NULL OR s.created_at >= @from)
             AND (@to IS NULL OR s.created_at < @to)
             AND (@member IS NULL OR m.name = @member)
           ORDER BY team_segments_fts.rank, s.created_at DESC, s.start_ms
           LIMIT @limit`,
          )
          .all({
            match,
            from: filter.from ?? null,
            to: filter.to ?? null,
            member: filter.member ?? null,
            limit: filter.limit,
          }),
      ).map(searchHitOf),
    )
  }

  signalCounts(range: TimeRange): Promise<SignalCountRow[]> {
    return Promise.resolve(
      all(
        this.db
          .prepare(
            `SELECT strftime('%G-W%V', s.created_at) AS week, s.tracker, m.name AS member,
             COUNT(*) AS count
           FROM team_signals s JOIN members m ON m.id = s.member_id
           WHERE (@from IS NULL OR s.created_at >= @from) AND (@to IS NULL OR s.created_at < @to)
           GROUP BY week, s.tracker, m.name
           ORDER BY week, s.tracker, count DESC, m.name`,
          )
          .all({ from: range.from ?? null, to: range.to ?? null }),
      ).map(signalCountOf),
    )
  }

  phraseCounts(range: TimeRange, trackers: readonly string[]): Promise<PhraseCountRow[]> {
    return Promise.resolve(
      all(
        this.db
          .prepare(
            `SELECT s.tracker, lower(s.phrase) AS phrase, m.name AS member, COUNT(*) AS count,
             MAX(s.quote) AS example
           FROM team_signals s JOIN members m ON m.id = s.member_id
           WHERE s.tracker IN (SELECT value FROM json_each(@trackers))
             AND (@from IS NULL OR s.created_at >= @from) AND (@to IS NULL OR s.created_at < @to)
           GROUP BY s.tracker, lower(s.phrase), m.name
           ORDER BY count DESC, phrase, m.name`,
          )
          .all({
            trackers: JSON.stringify(trackers),
            from: range.from ?? null,
            to: range.to ?? null,
          }),
      ).map(phraseCountOf),
    )
  }

  derivedRows(recordingId: string): Promise<number> {
    return Promise.resolve(
      countOf(
        one(
          this.db
            .prepare(
              `SELECT (SELECT COUNT(*) FROM team_segments WHERE recording_id = @id)
                 + (SELECT COUNT(*) FROM team_signals WHERE recording_id = @id) AS n`,
            )
            .get({ id: recordingId }),
        ),
      ),
    )
  }

  log(entry: RequestLogEntry): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO request_log
           (at, method, path, status, bytes, payload_sha256, idempotency_key, member_id, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        entry.method,
        entry.path,
        entry.status,
        entry.bytes,
        entry.payloadSha256,
        entry.idempotencyKey,
        entry.memberId,
        entry.reason,
      )
    return Promise.resolve()
  }

  requestLog(): Promise<RequestLogRow[]> {
    const rows = this.db
      .prepare(
        'SELECT method, path, status, payload_sha256, member_id FROM request_log ORDER BY seq',
      )
      .all()
    return Promise.resolve(all(rows).map(requestLogOf))
  }

  close(): Promise<void> {
    this.db.close()
    return Promise.resolve()
  }
}
