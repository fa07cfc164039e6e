import pg from 'pg'
import { openPostgresPool, postgresEndpoint } from './openPostgresPool'
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
import { postgresMigrations } from './postgresMigrations'

/** Any number for pg_advisory_lock, the same in every server: "Earshot migrations". */
const MIGRATION_LOCK = 0x4561_7273

/**
 * The engine a team runs when it outgrows one machine. A pool of `pg` connections, each through
 * the tripwire's one database allowance; every ingest is one transaction holding an advisory lock
 * on its recording, so two servers on one database apply the capacity budget as one.
 */
/** Keeps a witnessed head (`witness`, and `ingest` with the transcript it came with). */
const insertHeadSql = `INSERT INTO audit_heads (token_sha256, install_id, seq, hash, witnessed_at)
  VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`

export class PostgresTeamStore implements TeamStore {
  readonly engine = 'postgres'

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  static async open(
    url: string,
    options: { maxConnections?: number } = {},
  ): Promise<PostgresTeamStore> {
    const endpoint = postgresEndpoint(url)
    const pool = openPostgresPool(url, { max: options.maxConnections ?? 10 })
    const store = new PostgresTeamStore(pool, endpoint.shown)
    try {
      await store.migrate()
    } catch (error) {
      await pool.end()
      throw error
    }
    return store
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect()
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`)
      const current =
        (
          (await client.query('SELECT MAX(version) AS v FROM schema_migrations')).rows[0] as {
            v: number | null
          }
        ).v ?? 0
      const newest = postgresMigrations.at(-1)?.version ?? 0
      if (current > newest) {
        throw new Error(
          `This backend database was written by a newer Earshot (schema ${current}; this version knows ${newest}).`,
        )
      }
      for (const migration of postgresMigrations) {
        if (migration.version <= current) continue
        await client.query('BEGIN')
        try {
          await client.query(migration.sql)
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())',
            [migration.version, migration.name],
          )
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK')
          throw error
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
      client.release()
    }
  }

  private async rows(sql: string, values: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query<Row>(sql, values)).rows
  }

  async addMember(member: Member & { tokenSha256: string }): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO members (id, name, role, token_sha256, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          member.id,
          member.name,
          member.role,
          member.tokenSha256,
          member.createdAt,
          member.revokedAt,
        ],
      )
    } catch (error) {
      // 23505 unique_violation (PostgreSQL docs, Appendix A).
      if ((error as { code?: string }).code === '23505') {
        throw new MemberExistsError(`A member named ${member.name} exists.`)
      }
      throw error
    }
  }

  async setMemberToken(memberId: string, tokenSha256: string): Promise<void> {
    await this.pool.query('UPDATE members SET token_sha256 = $1 WHERE id = $2', [
      tokenSha256,
      memberId,
    ])
  }

  async listMembers(): Promise<Member[]> {
    return (await this.rows('SELECT * FROM members ORDER BY name')).map(memberOf)
  }

  async memberByName(name: string): Promise<Member | undefined> {
    const [row] = await this.rows('SELECT * FROM members WHERE name = $1', [name])
    return row === undefined ? undefined : memberOf(row)
  }

  async memberByToken(tokenSha256: string): Promise<Member | undefined> {
    const [row] = await this.rows(
      'SELECT * FROM members WHERE token_sha256 = $1 AND revoked_at IS NULL',
      [tokenSha256],
    )
    return row === undefined ? undefined : memberOf(row)
  }

  async revokeMember(name: string, at: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE members SET revoked_at = $1, token_sha256 = NULL
       WHERE name = $2 AND revoked_at IS NULL`,
      [at, name],
    )
    return (result.rowCount ?? 0) > 0
  }

  async witness(
    tokenSha256: string,
    installId: string,
    head: { seq: number; hash: string },
    at: string,
  ): Promise<void> {
    await this.pool.query(insertHeadSql, [tokenSha256, installId, head.seq, head.hash, at])
  }

  async heads(
    tokenSha256: string,
    installId: string,
    afterSeq: number,
    maxSeqs: number,
  ): Promise<StoredHead[]> {
    const rows = await this.rows(
      `SELECT seq, hash, witnessed_at FROM audit_heads
       WHERE token_sha256 = $1 AND install_id = $2 AND seq IN (
         SELECT DISTINCT seq FROM audit_heads
         WHERE token_sha256 = $1 AND install_id = $2 AND seq > $3
         ORDER BY seq LIMIT $4)
       ORDER BY seq, hash`,
      [tokenSha256, installId, afterSeq, maxSeqs],
    )
    return rows.map(headOf)
  }

  async receiptForKey(
    memberId: string,
    key: string,
  ): Promise<(StoredReceipt & { keyPayloadSha256: string }) | undefined> {
    const [row] = await this.rows(
      `SELECT transcript_id, received_at, payload_sha256 FROM idempotency_keys
       WHERE member_id = $1 AND key = $2`,
      [memberId, key],
    )
    return row === undefined ? undefined : receiptOf(row)
  }

  async ingest(input: IngestInput): Promise<IngestResult> {
    const { upload } = input
    const recordingId = upload.recordingId
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await this.ingestIn(client, input, recordingId)
      await client.query(result.kind === 'stored' ? 'COMMIT' : 'ROLLBACK')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  private async ingestIn(
    client: pg.PoolClient,
    input: IngestInput,
    recordingId: string,
  ): Promise<IngestResult> {
    const { upload } = input
    const q = async <T>(sql: string, values: unknown[]) =>
      (await client.query(sql, values)).rows as T[]
    // One recording's uploads one at a time, across every server on this database.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [recordingId])
    const taken = await q('SELECT 1 FROM idempotency_keys WHERE member_id = $1 AND key = $2', [
      input.memberId,
      input.key,
    ])
    if (taken.length > 0) return { kind: 'key-taken' }
    const [owner] = await q<{ member_id: string }>(
      'SELECT member_id FROM transcripts WHERE id = $1',
      [recordingId],
    )
    if (owner !== undefined && owner.member_id !== input.memberId) return { kind: 'not-yours' }
    const [ledger] = await q<{ facts: string; bits: number }>(
      'SELECT facts, bits FROM capacity_recordings WHERE recording_id = $1',
      [recordingId],
    )
    const payloads = new Set(
      (
        await q<{ payload_sha256: string }>(
          'SELECT payload_sha256 FROM capacity_payloads WHERE recording_id = $1',
          [recordingId],
        )
      ).map((row) => row.payload_sha256),
    )
    const parts = new Set(
      (
        await q<{ fingerprint: string }>(
          'SELECT fingerprint FROM capacity_parts WHERE recording_id = $1',
          [recordingId],
        )
      ).map((row) => row.fingerprint),
    )
    const facts = ledger === undefined ? undefined : (JSON.parse(ledger.facts) as RecordingFacts)
    const admission = input.admit(facts, {
      bitsCharged: ledger?.bits ?? 0,
      uploadCount: payloads.size,
      partCount: parts.size,
      hasUpload: (sha) => payloads.has(sha),
      hasPart: (fingerprint) => parts.has(fingerprint),
    })
    if (!admission.ok) return { kind: 'refused', rule: admission.rule, reason: admission.reason }

    const key = await client.query(
      `INSERT INTO idempotency_keys (member_id, key, transcript_id, payload_sha256, received_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [input.memberId, input.key, recordingId, input.payloadSha256, input.receivedAt],
    )
    // Another request of this member holding the key for another recording committed first.
    if (key.rowCount === 0) return { kind: 'key-taken' }
    await client.query(
      `INSERT INTO capacity_recordings (recording_id, facts, bits) VALUES ($1, $2, $3)
       ON CONFLICT (recording_id) DO UPDATE SET bits = capacity_recordings.bits + excluded.bits`,
      [recordingId, JSON.stringify(admission.facts), admission.charge.bits],
    )
    await client.query(`INSERT INTO capacity_payloads VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      recordingId,
      admission.charge.payloadSha256,
    ])
    await client.query(
      `INSERT INTO capacity_parts SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [recordingId, [...admission.charge.newParts]],
    )
    await client.query(
      `INSERT INTO transcripts (id, member_id, payload, payload_sha256, received_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET payload = excluded.payload,
         payload_sha256 = excluded.payload_sha256, received_at = excluded.received_at,
         created_at = excluded.created_at`,
      [
        recordingId,
        input.memberId,
        input.payload,
        input.payloadSha256,
        input.receivedAt,
        upload.createdAt,
      ],
    )
    // A newer upload of the recording replaces what was derived from the older one.
    await client.query('DELETE FROM team_segments WHERE recording_id = $1', [recordingId])
    await client.query('DELETE FROM team_signals WHERE recording_id = $1', [recordingId])
    await client.query(
      `INSERT INTO team_segments (recording_id, member_id, created_at, start_ms, end_ms, speaker, text)
       SELECT $1, $2, $3, * FROM unnest($4::int[], $5::int[], $6::text[], $7::text[])`,
      [
        recordingId,
        input.memberId,
        upload.createdAt,
        upload.segments.map((s) => s.startMs),
        upload.segments.map((s) => s.endMs),
        upload.segments.map((s) => s.speaker ?? null),
        upload.segments.map((s) => s.text),
      ],
    )
    await client.query(
      `INSERT INTO team_signals
         (recording_id, member_id, created_at, tracker, phrase, quote, speaker, start_ms)
       SELECT $1, $2, $3, *
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::int[])`,
      [
        recordingId,
        input.memberId,
        upload.createdAt,
        upload.signals.map((s) => s.tracker),
        upload.signals.map((s) => s.phrase),
        upload.signals.map((s) => s.quote),
        upload.signals.map((s) => s.speaker ?? null),
        upload.signals.map((s) => s.startMs),
      ],
    )
    if (input.witness !== undefined) {
      const { tokenSha256, installId, head, at } = input.witness
      await client.query(insertHeadSql, [tokenSha256, installId, head.seq, head.hash, at])
    }
    return { kind: 'stored' }
  }

  async ownerOf(recordingId: string): Promise<string | undefined> {
    const [row] = await this.rows('SELECT member_id FROM transcripts WHERE id = $1', [recordingId])
    return row === undefined ? undefined : String(row.member_id)
  }

  async holds(id: string, payloadSha256: string): Promise<boolean> {
    return (
      (
        await this.rows('SELECT 1 FROM transcripts WHERE id = $1 AND payload_sha256 = $2', [
          id,
          payloadSha256,
        ])
      ).length > 0
    )
  }

  async get(id: string): Promise<StoredTranscript | undefined> {
    const [row] = await this.rows(
      'SELECT payload, payload_sha256, received_at, member_id FROM transcripts WHERE id = $1',
      [id],
    )
    return row === undefined ? undefined : transcriptOf(row)
  }

  async count(): Promise<number> {
    return countOf((await this.rows('SELECT COUNT(*) AS n FROM transcripts'))[0])
  }

  /**
   * Segments and signals go with their transcript (ON DELETE CASCADE, one statement). The rows
   * leave every query at once; their bytes stay in the heap until new rows reuse the space, since
   * (auto)vacuum marks it free without overwriting it (measured: bench/teamVacuum.bench.ts). Only
   * VACUUM FULL rewrites them out, under an exclusive lock, so the server leaves that to the team
   * (README, "What a deletion leaves on disk").
   */
  async delete(id: string): Promise<boolean> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await client.query('DELETE FROM transcripts WHERE id = $1', [id])
      // The budget stays (a re-upload must not start afresh); the title it kept is words, and goes.
      await client.query(
        `UPDATE capacity_recordings SET facts = (facts::jsonb || '{"title": ""}')::text
         WHERE recording_id = $1`,
        [id],
      )
      await client.query('COMMIT')
      return (result.rowCount ?? 0) > 0
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  async receivedBefore(before: string, limit: number): Promise<string[]> {
    return (
      await this.rows(
        'SELECT id FROM transcripts WHERE received_at < $1 ORDER BY received_at LIMIT $2',
        [before, limit],
      )
    ).map((row) => String(row.id))
  }

  async search(filter: TeamSearchFilter): Promise<TeamSearchRow[]> {
    // Each word a quoted lexeme (no operator of the input survives), all required, the last also
    // a prefix (PostgreSQL docs §12.3.2, "to_tsquery": 'word':*).
    const query = filter.words
      .map((word, i) => {
        const quoted = `'${word.replace(/'/g, "''")}'`
        const last = i === filter.words.length - 1
        return last && Array.from(word).length >= MIN_PREFIX_CHARS ? `${quoted}:*` : quoted
      })
      .join(' & ')
    const rows = await this.rows(
      `SELECT s.recording_id, m.name AS member, s.start_ms, s.end_ms, s.speaker, s.text,
         ts_headline('english', s.text, query,
           'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…')
           AS snippet
       FROM team_segments s
       JOIN members m ON m.id = s.member_id,
       to_tsquery('english', $1) query
       WHERE s.tsv @@ query
         AND ($2::timestamptz IS NULL OR s.created_at >= $2)
         AND ($3::timestamptz IS NULL OR s.created_at < $3)
         AND ($4::text IS NULL OR m.name = $4)
       ORDER BY ts_rank(s.tsv, query) DESC, s.created_at DESC, s.start_ms
       LIMIT $5`,
      [query, filter.from ?? null, filter.to ?? null, filter.member ?? null, filter.limit],
    )
    return rows.map(searchHitOf)
  }

  async signalCounts(range: TimeRange): Promise<SignalCountRow[]> {
    const rows = await this.rows(
      `SELECT to_char(s.created_at AT TIME ZONE 'UTC', 'IYYY-"W"IW') AS week, s.tracker,
         m.name AS member, COUNT(*) AS count
       FROM team_signals s JOIN members m ON m.id = s.member_id
       WHERE ($1::timestamptz IS NULL OR s.created_at >= $1)
         AND ($2::timestamptz IS NULL OR s.created_at < $2)
       GROUP BY 1, s.tracker, m.name
       ORDER BY 1, s.tracker, COUNT(*) DESC, m.name`,
      [range.from ?? null, range.to ?? null],
    )
    return rows.map(signalCountOf)
  }

  async phraseCounts(range: TimeRange, trackers: readonly string[]): Promise<PhraseCountRow[]> {
    const rows = await this.rows(
      `SELECT s.tracker, lower(s.phrase) AS phrase, m.name AS member, COUNT(*) AS count,
         MAX(s.quote) AS example
       FROM team_signals s JOIN members m ON m.id = s.member_id
       WHERE s.tracker = ANY($1::text[])
         AND ($2::timestamptz IS NULL OR s.created_at >= $2)
         AND ($3::timestamptz IS NULL OR s.created_at < $3)
       GROUP BY s.tracker, lower(s.phrase), m.name
       ORDER BY COUNT(*) DESC, 2, m.name`,
      [[...trackers], range.from ?? null, range.to ?? null],
    )
    return rows.map(phraseCountOf)
  }

  async derivedRows(recordingId: string): Promise<number> {
    const [row] = await this.rows(
      `SELECT (SELECT COUNT(*) FROM team_segments WHERE recording_id = $1)
         + (SELECT COUNT(*) FROM team_signals WHERE recording_id = $1) AS n`,
      [recordingId],
    )
    return countOf(row)
  }

  async log(entry: RequestLogEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO request_log
         (at, method, path, status, bytes, payload_sha256, idempotency_key, member_id, reason)
       VALUES (now(), $1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.method,
        entry.path,
        entry.status,
        entry.bytes,
        entry.payloadSha256,
        entry.idempotencyKey,
        entry.memberId,
        entry.reason,
      ],
    )
  }

  async requestLog(): Promise<RequestLogRow[]> {
    const rows = await this.rows(
      'SELECT method, path, status, payload_sha256, member_id FROM request_log ORDER BY seq',
    )
    return rows.map(requestLogOf)
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
