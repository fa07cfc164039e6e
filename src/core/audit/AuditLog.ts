import { hash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import Database from 'better-sqlite3'
import { CoreError } from '../CoreError'
import { auditColumns, auditSchema, AUDIT_SCHEMA_VERSION } from './auditSchema'
import { ChainVerifier } from './ChainVerifier'
import { EXPORT_HEADER, exportEntryLine, exportHeadLine } from './exportFormat'
import { GENESIS_HASH, hashAuditEntry } from './hashAuditEntry'
import { readHeadFile, writeHeadFile } from './headFile'
import {
  auditKinds,
  auditPurposes,
  type AuditEntry,
  type AuditEntryInput,
  type AuditHead,
  type AuditKind,
  type AuditPurpose,
  type VerifyReport,
} from './types'
import { writeFileAtomic } from './writeFileAtomic'

export interface AuditLogDeps {
  clock?: () => Date
}

export interface AuditListQuery {
  /** At most this many entries (default 100, at most 10,000). */
  limit?: number
  /** Entries with a greater seq only: the cursor for the next page. */
  afterSeq?: number
  purpose?: AuditPurpose
  kind?: AuditKind
}

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 10_000
const loneSurrogate = /\p{Cs}/u

/**
 * The tamper-evident record of everything Earshot sends (DESIGN.md §5–§6): each entry is durable on
 * disk before the request it describes starts. Several processes (the app, the CLI) may append to
 * the same file; SQLite's write lock orders them so the chain cannot fork.
 */
export class AuditLog {
  private readonly clock: () => Date

  private constructor(
    private readonly db: Database.Database,
    /** `audit.head` beside `audit.db`. */
    readonly headPath: string,
    deps: AuditLogDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date())
  }

  /** Opens (creating if needed) the audit database at `path`, e.g. `<dataDir>/audit.db`. */
  static open(path: string, deps: AuditLogDeps = {}): AuditLog {
    mkdirSync(dirname(path), { recursive: true })
    const db = new Database(path)
    try {
      db.pragma('journal_mode = WAL')
      // FULL syncs the WAL on every commit, so an entry survives a power loss once append()
      // returns, which is when the gate starts the request (SQLite docs, "PRAGMA synchronous":
      // NORMAL in WAL mode can lose the last commits).
      db.pragma('synchronous = FULL')
      db.pragma('busy_timeout = 10000')
      const log = new AuditLog(db, headPathFor(path), deps)
      log.createSchemaIfNew()
      return log
    } catch (error) {
      db.close()
      throw error
    }
  }

  /**
   * Appends one entry and returns it as stored. One transaction per entry, taken with BEGIN
   * IMMEDIATE so the previous hash is read under the write lock: two processes can never both
   * link to the same predecessor. Refuses (so the gate sends nothing) when the log has been cut
   * short, since appending would overwrite the head file that shows it.
   */
  append(input: AuditEntryInput): AuditEntry {
    assertAppendable(input)
    const payload = input.payload === null ? null : Buffer.from(input.payload)
    const ts = this.clock().toISOString()
    const entry = this.db
      .transaction((): AuditEntry => {
        const last = this.lastHead()
        this.assertHeadFileMatches(last)
        const unhashed: Omit<AuditEntry, 'hash'> = {
          seq: last.seq + 1,
          ts,
          kind: input.kind,
          purpose: input.purpose,
          destination: input.destination,
          method: input.method,
          bytes: payload?.byteLength ?? 0,
          payload_sha256: payload === null ? null : hash('sha256', payload, 'hex'),
          payload,
          status: input.status,
          reason: input.reason,
          prev_hash: last.hash,
        }
        const stored = { ...unhashed, hash: hashAuditEntry(unhashed) }
        this.db
          .prepare(`INSERT INTO audit_log (${auditColumns}) VALUES (${placeholders})`)
          .run(
            stored.seq,
            stored.ts,
            stored.kind,
            stored.purpose,
            stored.destination,
            stored.method,
            stored.bytes,
            stored.payload_sha256,
            stored.payload,
            stored.status,
            stored.reason,
            stored.prev_hash,
            stored.hash,
          )
        return stored
      })
      .immediate()
    // The head file follows the commit, never precedes it: a crash in between leaves the head one
    // entry behind (tolerated by verify) rather than ahead (indistinguishable from truncation).
    // It is written under the write lock with whatever is last by then, so writers racing from
    // two processes can only move it forward.
    this.db
      .transaction(() => {
        writeHeadFile(this.headPath, this.lastHead())
      })
      .immediate()
    return entry
  }

  /** Entries in seq order, optionally filtered; page with `afterSeq`. */
  list(query: AuditListQuery = {}): AuditEntry[] {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 0), MAX_LIMIT)
    const where = ['seq > @afterSeq']
    if (query.purpose !== undefined) where.push('purpose = @purpose')
    if (query.kind !== undefined) where.push('kind = @kind')
    return this.db
      .prepare(
        `SELECT ${auditColumns} FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`,
      )
      .all({
        afterSeq: query.afterSeq ?? 0,
        purpose: query.purpose ?? null,
        kind: query.kind ?? null,
        limit,
      }) as AuditEntry[]
  }

  /** Walks the whole chain once and checks it against the head file. */
  verify(): VerifyReport {
    // Head first, rows second: a head is only written after its row commits, so a head read
    // before the rows' snapshot always points inside it, even while another process appends.
    let head: AuditHead | null
    try {
      head = readHeadFile(this.headPath)
    } catch (error) {
      if (error instanceof CoreError)
        return { ok: false, firstBadSeq: 1, reason: 'head file malformed' }
      throw error
    }
    const verifier = new ChainVerifier({ head, source: 'head file', mayLag: true })
    // Raw rows (arrays) are a third cheaper to fetch than row objects; this is the hot loop.
    const rows = this.db.prepare(`SELECT ${auditColumns} FROM audit_log ORDER BY seq`).raw()
    for (const row of rows.iterate() as IterableIterator<unknown[]>) {
      if (!verifier.push(fromRawRow(row))) break
    }
    return verifier.finish()
  }

  /**
   * Writes every entry as JSON Lines (see exportFormat.ts) to `outPath`, atomically. The export is
   * a faithful copy of the rows as they are — it is evidence, so a broken log is exported broken;
   * run verify() to check the database against its head file.
   */
  exportJsonl(outPath: string): { entries: number; headHash: string } {
    let head: AuditHead = { seq: 0, hash: GENESIS_HASH }
    const rows = this.db.prepare(`SELECT ${auditColumns} FROM audit_log ORDER BY seq`)
    // One statement, one read snapshot: appends from other processes during the export are not in
    // it, and the head line matches the last entry written.
    function* lines(): Generator<string> {
      yield `${EXPORT_HEADER}\n`
      let batch = ''
      for (const row of rows.iterate() as IterableIterator<AuditEntry>) {
        batch += `${exportEntryLine(row)}\n`
        head = { seq: row.seq, hash: row.hash }
        if (batch.length > 1 << 20) {
          yield batch
          batch = ''
        }
      }
      yield batch
      yield `${exportHeadLine(head)}\n`
    }
    mkdirSync(dirname(outPath), { recursive: true })
    writeFileAtomic(outPath, lines())
    return { entries: head.seq, headHash: head.hash }
  }

  close(): void {
    this.db.close()
  }

  private createSchemaIfNew(): void {
    this.db
      .transaction(() => {
        const version = this.db.pragma('user_version', { simple: true }) as number
        if (version === AUDIT_SCHEMA_VERSION) return
        if (version !== 0) {
          throw new CoreError(
            'audit-log-unsupported',
            `The audit log was written by a newer Earshot (schema ${version}); update Earshot to read it.`,
          )
        }
        this.db.exec(auditSchema)
        this.db.pragma(`user_version = ${AUDIT_SCHEMA_VERSION}`)
        // Written before the schema commits, so a database with a table always has a head file
        // beside it. An existing head is kept: if the database was deleted, the old head is what
        // shows it.
        if (readHeadFile(this.headPath) === null) {
          writeHeadFile(this.headPath, { seq: 0, hash: GENESIS_HASH })
        }
      })
      .immediate()
  }

  private lastHead(): AuditHead {
    const row = this.db
      .prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get() as AuditHead | undefined
    return row ?? { seq: 0, hash: GENESIS_HASH }
  }

  private assertHeadFileMatches(last: AuditHead): void {
    const head = readHeadFile(this.headPath)
    if (head === null) {
      throw new CoreError(
        'audit-head-missing',
        `The audit head file ${this.headPath} is missing, so truncation of the audit log cannot be ruled out; nothing will be sent until it is restored.`,
      )
    }
    const hashAtHead =
      head.seq === 0
        ? GENESIS_HASH
        : (this.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(head.seq) as
            string | undefined)
    if (head.seq > last.seq || hashAtHead !== head.hash) {
      throw new CoreError(
        'audit-log-tampered',
        `The audit log no longer matches its head file (head seq ${head.seq}, log ends at ${last.seq}); nothing will be sent until it is looked into (earshot audit verify).`,
      )
    }
  }
}

/** A row in `auditColumns` order as a record, without trusting its types (the verifier checks). */
function fromRawRow(row: unknown[]): Record<string, unknown> {
  const [seq, ts, kind, purpose, destination, method, bytes, payload_sha256, payload] = row
  const [status, reason, prev_hash, hash] = row.slice(9)
  // prettier-ignore
  return { seq, ts, kind, purpose, destination, method, bytes, payload_sha256, payload, status, reason, prev_hash, hash }
}

const placeholders = auditColumns
  .split(',')
  .map(() => '?')
  .join(', ')

/** `<dir>/audit.db` → `<dir>/audit.head`. */
function headPathFor(databasePath: string): string {
  return join(dirname(databasePath), `${basename(databasePath, extname(databasePath))}.head`)
}

const kinds: ReadonlySet<string> = new Set(auditKinds)
const purposes: ReadonlySet<string> = new Set(auditPurposes)

/** Callers are typed, but a bad entry must fail here, before the gate sends anything. */
function assertAppendable(input: AuditEntryInput): void {
  const problems: string[] = []
  if (!kinds.has(input.kind)) problems.push('kind')
  if (!purposes.has(input.purpose)) problems.push('purpose')
  for (const field of ['destination', 'method'] as const) {
    if (typeof input[field] !== 'string' || loneSurrogate.test(input[field])) problems.push(field)
  }
  if (
    input.reason !== null &&
    (typeof input.reason !== 'string' || loneSurrogate.test(input.reason))
  ) {
    problems.push('reason')
  }
  if (input.status !== null && !Number.isSafeInteger(input.status)) problems.push('status')
  if (input.payload !== null && !(input.payload instanceof Uint8Array)) problems.push('payload')
  if (problems.length > 0) {
    throw new CoreError('invalid-audit-entry', `Audit entry has an invalid ${problems.join(', ')}.`)
  }
}
