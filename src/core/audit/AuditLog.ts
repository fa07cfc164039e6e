import { hash } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import type Database from 'better-sqlite3-multiple-ciphers'
import { CoreError } from '../CoreError'
import { FileKeyStore } from '../keys/FileKeyStore'
import type { SecretKeyStore } from '../keys/SecretKeyStore'
import { encryptInPlace } from '../store/encryptInPlace'
import { openEncryptedSqlite } from '../store/openEncryptedSqlite'
import {
  auditColumns,
  auditColumnsV2,
  auditSchema,
  auditSchemaV2,
  auditSchemaV4,
  AUDIT_SCHEMA_VERSION,
} from './auditSchema'
import { ChainVerifier } from './ChainVerifier'
import { EXPORT_HEADER, exportEntryLine, exportHeadLine } from './exportFormat'
import { GENESIS_HASH, hashAuditEntry } from './hashAuditEntry'
import { readHeadFile, writeHeadFile } from './headFile'
import { SEAL_KEY_NAME, sealHead, sealMatches } from './headSeal'
import { PayloadKeyring } from './PayloadKeyring'
import {
  auditKinds,
  auditPurposes,
  type AuditEntry,
  type AuditEntryInput,
  type AuditHead,
  type AuditKind,
  type AuditListEntry,
  type AuditPurpose,
  type VerifyReport,
} from './types'
import { writeFileAtomic } from './writeFileAtomic'

export interface AuditLogDeps {
  clock?: () => Date
  /**
   * Where the seal key and the per-recording payload keys live, outside the audit log: the OS
   * keychain in the app; by default 0600 files in a `keys/` folder beside the database.
   */
  keys?: SecretKeyStore
  /**
   * The data folder's database key (src/core/keys/resolveDatabaseKey): audit.db is encrypted with
   * it, and a plaintext log from before is encrypted in place on open. Absent: plaintext.
   */
  databaseKey?: Buffer
}

export interface AuditListQuery {
  /** At most this many entries (default 100, at most 10,000). */
  limit?: number
  /** Entries with a greater seq only: the cursor for the next page. */
  afterSeq?: number
  purpose?: AuditPurpose
  kind?: AuditKind
  /**
   * The last `limit` matching entries instead of the first (still returned in seq order): what a
   * person asking for "the latest N" means. Paging forward with `afterSeq` keeps the default.
   */
  newest?: boolean
}

/** A file's identity: the same path can be unlinked and made again, the inode cannot. */
interface FileIdentity {
  dev: number
  ino: number
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
  private readonly keys: SecretKeyStore
  private readonly payloads: PayloadKeyring
  private sealKeyCache: Buffer | undefined
  private readonly files: { db: FileIdentity | null; wal: FileIdentity | null }
  /** An outcome was committed without its own fsync or head write (see append). */
  private unflushed = false
  private readonly statements: ReturnType<typeof prepareStatements>
  /** Prepared on first use: the constructor needs them while it creates the table they read. */
  private headStatements: { lastHead: Database.Statement; hashAt: Database.Statement } | undefined
  /** `audit.head` beside `audit.db`. */
  readonly headPath: string

  private constructor(
    private readonly db: Database.Database,
    /** `audit.db` itself. */
    readonly path: string,
    deps: AuditLogDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date())
    this.keys = deps.keys ?? new FileKeyStore({ dir: join(dirname(path), 'keys') })
    this.payloads = new PayloadKeyring(this.keys)
    this.headPath = headPathFor(path)
    this.createSchemaIfNew()
    this.statements = prepareStatements(db)
    this.files = { db: identityOf(path), wal: identityOf(`${path}-wal`) }
  }

  /** Opens (creating if needed) the audit database at `path`, e.g. `<dataDir>/audit.db`. */
  static open(path: string, deps: AuditLogDeps = {}): AuditLog {
    mkdirSync(dirname(path), { recursive: true })
    const key = deps.databaseKey ?? null
    if (key !== null) encryptInPlace(path, key)
    const db = openEncryptedSqlite(path, key)
    try {
      db.pragma('journal_mode = WAL')
      // FULL syncs the WAL on every commit, so an entry survives a power loss once append()
      // returns, which is when the gate starts the request (SQLite docs, "PRAGMA synchronous":
      // NORMAL in WAL mode can lose the last commits). Outcomes alone relax it (see append).
      db.pragma('synchronous = FULL')
      db.pragma('busy_timeout = 10000')
      return new AuditLog(db, path, deps)
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
    return this.appendAll([input])[0] as AuditEntry
  }

  /**
   * Appends entries in order, all in one transaction: one WAL fsync and one head write for the lot
   * (group commit). The gate writes a batch of uploads' attempts this way before the first of them
   * starts, so each is still durable before its request leaves (docs/audit-format.md §6), for one
   * fsync per batch instead of one per request. All or none are stored.
   */
  appendAll(inputs: readonly AuditEntryInput[]): AuditEntry[] {
    for (const input of inputs) assertAppendable(input)
    if (inputs.length === 0) return []
    this.assertSameFiles()
    const sealKey = this.sealKey()
    // Sealed outside the write lock: a new recording's payload key is a file written durably, and
    // a batch's new keys are made durable together.
    this.payloads.prepare(
      inputs.flatMap((input) =>
        input.recordingId != null && input.payload !== null ? [input.recordingId] : [],
      ),
    )
    const prepared = inputs.map((input) => {
      const plain = input.payload === null ? null : Buffer.from(input.payload)
      const recordingId = input.recordingId ?? null
      const sealed = recordingId !== null && plain !== null
      return {
        input,
        ts: this.clock().toISOString(),
        plain,
        recordingId,
        sealed,
        stored: sealed ? this.payloads.seal(recordingId, plain) : plain,
      }
    })
    // "Written before it leaves" is about attempts (and refusals): those commit with a WAL fsync
    // and a durable head before append() returns. An outcome describes what already happened; it
    // commits without its own fsync and leaves the head alone, and the next attempt's fsync (or
    // close/flush) makes it durable with it: one fsync per request instead of two, and one head
    // write. A power loss can cost the last outcome, never an attempt (docs/audit-format.md §6).
    const durable = inputs.some((input) => input.kind !== 'outcome')
    if (!durable) this.statements.relaxSync.run()
    let entries: AuditEntry[]
    try {
      entries = this.db
        .transaction((): AuditEntry[] => {
          let last = this.lastHead()
          this.assertHeadFileMatches(last, sealKey)
          return prepared.map(({ input, ts, plain, recordingId, sealed, stored: payload }) => {
            const unhashed: Omit<AuditEntry, 'hash'> = {
              seq: last.seq + 1,
              ts,
              kind: input.kind,
              purpose: input.purpose,
              destination: input.destination,
              method: input.method,
              bytes: plain?.byteLength ?? 0,
              payload_sha256: plain === null ? null : hash('sha256', plain, 'hex'),
              payload,
              status: input.status,
              reason: input.reason,
              prev_hash: last.hash,
              recording_id: recordingId,
              payload_cipher: sealed ? 'aes-256-gcm' : 'none',
            }
            const stored = { ...unhashed, hash: hashAuditEntry(unhashed) }
            this.statements.insert.run(
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
              stored.recording_id,
              stored.payload_cipher,
              sealHead(sealKey, stored),
            )
            last = stored
            return stored
          })
        })
        .immediate()
    } finally {
      if (!durable) this.statements.fullSync.run()
    }
    if (durable) {
      this.writeHead(sealKey)
      this.unflushed = false
    } else {
      this.unflushed = true
    }
    return entries
  }

  /**
   * Throws `audit-log-replaced` when `audit.db` or its WAL was deleted or replaced since the log
   * opened (two stat calls, no write): what the gate checks between the requests of a batch whose
   * attempts are already written, so none leaves once its record is gone.
   */
  assertIntact(): void {
    this.assertSameFiles()
  }

  /**
   * Creates the payload keys of these recordings now, durably and together, instead of on their
   * first upload (import calls it): the upload's group commit then waits for no key file.
   */
  preparePayloadKeys(recordingIds: readonly string[]): void {
    this.payloads.prepare(recordingIds)
  }

  /**
   * Makes a trailing outcome durable and moves the head file to it. Called by close(); callers
   * that stay open long after a request (the app between uploads) may call it when idle.
   */
  flush(): void {
    if (!this.unflushed) return
    // A head computed from a deleted file would overwrite the real head file's evidence.
    this.assertSameFiles()
    fsyncFile(`${this.path}-wal`)
    this.writeHead(this.sealKey())
    this.unflushed = false
  }

  /**
   * Destroys the payload key of `recordingId`: every audit payload recorded for it (uploads,
   * receipts, deletions) becomes unreadable for good, while the entries, hashed over the sealed
   * bytes, still verify. `audit list` then shows "erased with the recording on DATE". Idempotent.
   */
  erasePayloads(recordingId: string): void {
    this.statements.recordErasure.run(recordingId, this.clock().toISOString())
    this.payloads.erase(recordingId)
  }

  /** Entries in seq order, optionally filtered; page with `afterSeq`, or take the `newest`. */
  list(query: AuditListQuery = {}): AuditListEntry[] {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 0), MAX_LIMIT)
    const where = ['seq > @afterSeq']
    if (query.purpose !== undefined) where.push('purpose = @purpose')
    if (query.kind !== undefined) where.push('kind = @kind')
    const selected = `SELECT ${auditColumnsV2}, e.erased_at FROM audit_log LEFT JOIN payload_erasures e USING (recording_id) WHERE ${where.join(' AND ')}`
    // The newest are picked in descending order, then put back in seq order for reading.
    const sql =
      query.newest === true
        ? `SELECT * FROM (${selected} ORDER BY seq DESC LIMIT @limit) ORDER BY seq`
        : `${selected} ORDER BY seq LIMIT @limit`
    const rows = this.db
      .prepare(sql)
      .raw()
      .all({
        afterSeq: query.afterSeq ?? 0,
        purpose: query.purpose ?? null,
        kind: query.kind ?? null,
        limit,
      }) as unknown[][]
    return rows.map((row) => this.readable(row))
  }

  /** A stored row as list() shows it: a sealed payload opened, or null once its key is gone. */
  private readable(row: unknown[]): AuditListEntry {
    const entry = fromRawRow(row) as unknown as AuditEntry
    const erasedAt = (row[16] as string | null) ?? null
    if (entry.payload_cipher !== 'aes-256-gcm' || entry.payload === null) {
      return { ...entry, erased_at: null }
    }
    const opened = this.payloads.open(entry.recording_id ?? '', entry.payload)
    return { ...entry, payload: opened, erased_at: opened === null ? erasedAt : null }
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
    const sealKey = this.sealKey()
    if (head !== null && !sealMatches(sealKey, head)) {
      return {
        ok: false,
        firstBadSeq: Math.max(head.seq, 1),
        reason:
          head.seal === undefined
            ? 'head file is not sealed'
            : 'head file seal does not match (rewritten without this installation’s key)',
      }
    }
    const verifier = new ChainVerifier({ head, source: 'head file', mayLag: true })
    const headSeq = head?.seq ?? 0
    // Raw rows (arrays) are a third cheaper to fetch than row objects, and most take the fast road
    // (passesFastRowCheck): this is the hot loop.
    const rows = this.statements.verifyRows.iterate(headSeq) as IterableIterator<unknown[]>
    for (const row of rows) {
      const seq = verifier.nextSeq
      if (!verifier.pushRow(row, fromRawRow)) break
      // Rows past the head file (the head lags by an outcome, or a crash) must carry their own
      // seal: without the key, nothing can be added after the head.
      if (seq > headSeq && !rowSealMatches(sealKey, { seq, hash: row[12] }, row[15])) {
        return {
          ok: false,
          firstBadSeq: seq,
          reason: 'entry past the head file is not sealed with this installation’s key',
        }
      }
    }
    const report = verifier.finish()
    return report.ok ? { ...report, seal: 'valid' } : report
  }

  /**
   * Writes every entry as JSON Lines (see exportFormat.ts) to `outPath`, atomically. The export is
   * a faithful copy of the rows as they are — it is evidence, so a broken log is exported broken;
   * run verify() to check the database against its head file.
   */
  exportJsonl(outPath: string): { entries: number; headHash: string } {
    let head: AuditHead = { seq: 0, hash: GENESIS_HASH }
    // The CLI on the desktop app's folder cannot open its keychain: the export is then unsealed
    // (verifiers report `seal: absent`) rather than refused.
    const sealKey = this.sealKeyIfAny()
    const rows = this.db.prepare(`SELECT ${auditColumnsV2} FROM audit_log ORDER BY seq`).raw()
    // One statement, one read snapshot: appends from other processes during the export are not in
    // it, and the head line matches the last entry written.
    function* lines(): Generator<string> {
      yield `${EXPORT_HEADER}\n`
      let batch = ''
      for (const raw of rows.iterate() as IterableIterator<unknown[]>) {
        const row = fromRawRow(raw) as unknown as AuditEntry
        batch += `${exportEntryLine(row)}\n`
        head = { seq: row.seq, hash: row.hash }
        if (batch.length > 1 << 20) {
          yield batch
          batch = ''
        }
      }
      yield batch
      yield `${exportHeadLine(sealKey === undefined ? head : { ...head, seal: sealHead(sealKey, head) })}\n`
    }
    mkdirSync(dirname(outPath), { recursive: true })
    writeFileAtomic(outPath, lines())
    return { entries: head.seq, headHash: head.hash }
  }

  close(): void {
    try {
      if (this.db.open) this.flush()
    } catch (error) {
      // The file was deleted or replaced under us: nothing of ours belongs in the head file.
      if (!(error instanceof CoreError && error.code === 'audit-log-replaced')) throw error
    }
    this.db.close()
  }

  private createSchemaIfNew(): void {
    // The seal key outlives the files it seals: when it exists but the log and its head file do
    // not, the log was deleted, and a fresh genesis head would hide that.
    const sealKeyExisted = this.keyExists(SEAL_KEY_NAME)
    this.db
      .transaction(() => {
        const version = this.db.pragma('user_version', { simple: true }) as number
        if (version === AUDIT_SCHEMA_VERSION) return
        if (version > AUDIT_SCHEMA_VERSION) {
          throw new CoreError(
            'audit-log-unsupported',
            `The audit log was written by a newer Earshot (schema ${version}); update Earshot to read it.`,
          )
        }
        if (version === 0) this.db.exec(auditSchema)
        if (version < 2) this.db.exec(auditSchemaV2)
        this.db.exec(auditSchemaV4)
        this.db.pragma(`user_version = ${AUDIT_SCHEMA_VERSION}`)
        const head = readHeadFile(this.headPath)
        // Written before the schema commits, so a database with a table always has a head file
        // beside it. An existing head is kept: if the database was deleted, the old head is what
        // shows it.
        if (head === null && version === 0 && !sealKeyExisted) {
          writeHeadFile(this.headPath, this.sealed({ seq: 0, hash: GENESIS_HASH }))
        }
        // Seals arrive with schema 2: a head from before them is sealed once, after checking it
        // against the chain, and only by the installation that has just made its seal key.
        if (head !== null && head.seal === undefined && !sealKeyExisted) {
          const last = this.lastHead()
          const hashAtHead = head.seq === 0 ? GENESIS_HASH : this.hashAt(head.seq)
          if (head.seq <= last.seq && hashAtHead === head.hash) {
            writeHeadFile(this.headPath, this.sealed(last))
          }
        }
      })
      .immediate()
  }

  /** The seal key, or undefined when it lives in a keychain this process cannot open. */
  private sealKeyIfAny(): Buffer | undefined {
    try {
      return this.sealKey()
    } catch (error) {
      if (error instanceof CoreError && error.code === 'key-in-keychain') return undefined
      throw error
    }
  }

  private keyExists(name: string): boolean {
    try {
      return this.keys.get(name) !== undefined
    } catch (error) {
      // A key that exists but cannot be opened here (the app's keychain) still exists.
      if (error instanceof CoreError && error.code === 'key-in-keychain') return true
      throw error
    }
  }

  private sealKey(): Buffer {
    this.sealKeyCache ??= this.keys.getOrCreate(SEAL_KEY_NAME)
    return this.sealKeyCache
  }

  private sealed(head: AuditHead): AuditHead {
    return { seq: head.seq, hash: head.hash, seal: sealHead(this.sealKey(), head) }
  }

  private writeHead(sealKey: Buffer): void {
    // Under the write lock with whatever is last by then, so writers racing from two processes can
    // only move it forward. The head file follows the commit, never precedes it: a crash in
    // between leaves the head behind (its rows carry row seals) rather than ahead (truncation).
    this.db
      .transaction(() => {
        const last = this.lastHead()
        writeHeadFile(this.headPath, { ...last, seal: sealHead(sealKey, last) }, { lagOk: true })
      })
      .immediate()
  }

  private lastHead(): AuditHead {
    const row = this.headQueries().lastHead.get() as AuditHead | undefined
    return row ?? { seq: 0, hash: GENESIS_HASH }
  }

  private hashAt(seq: number): string | undefined {
    return this.headQueries().hashAt.get(seq) as string | undefined
  }

  private headQueries(): { lastHead: Database.Statement; hashAt: Database.Statement } {
    this.headStatements ??= {
      lastHead: this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      hashAt: this.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck(),
    }
    return this.headStatements
  }

  /**
   * No append into a ghost: if `audit.db` or its WAL was unlinked or replaced since the log opened,
   * this connection would write to a file nobody can see any more, and the request would go out
   * with its only record gone. Compared by device and inode (stat(2)), before every append.
   */
  private assertSameFiles(): void {
    const files = this.files
    const db = identityOf(this.path)
    const wal = identityOf(`${this.path}-wal`)
    const moved = (now: FileIdentity | null, then: FileIdentity | null) =>
      then !== null && (now === null || now.dev !== then.dev || now.ino !== then.ino)
    if (db === null || moved(db, files.db) || moved(wal, files.wal)) {
      throw new CoreError(
        'audit-log-replaced',
        'The audit log file was deleted or replaced while Earshot was running, so nothing was sent; restart Earshot and run `earshot audit verify`.',
      )
    }
  }

  private assertHeadFileMatches(last: AuditHead, sealKey: Buffer): void {
    const head = readHeadFile(this.headPath)
    if (head === null) {
      throw new CoreError(
        'audit-head-missing',
        `The audit head file ${this.headPath} is missing, so truncation of the audit log cannot be ruled out; nothing will be sent until it is restored.`,
      )
    }
    const hashAtHead = head.seq === 0 ? GENESIS_HASH : this.hashAt(head.seq)
    const tampered =
      head.seq > last.seq ||
      hashAtHead !== head.hash ||
      !sealMatches(sealKey, head) ||
      // Rows past the head must be sealed, or the next head would vouch for a forged tail.
      (
        this.statements.tailRows.all(head.seq) as { seq: number; hash: string; row_seal: unknown }[]
      ).some((row) => !rowSealMatches(sealKey, row, row.row_seal))
    if (tampered) {
      throw new CoreError(
        'audit-log-tampered',
        `The audit log no longer matches its sealed head file (head seq ${head.seq}, log ends at ${last.seq}); nothing will be sent until it is looked into (earshot audit verify).`,
      )
    }
  }
}

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare(
      `INSERT INTO audit_log (${auditColumnsV2}) VALUES (${auditColumnsV2
        .split(',')
        .map(() => '?')
        .join(', ')})`,
    ),
    // The row seal only matters past the head file: not reading it elsewhere saves a string a row.
    verifyRows: db
      .prepare(
        `SELECT ${auditColumns}, recording_id, payload_cipher,
           CASE WHEN seq > ? THEN row_seal END FROM audit_log ORDER BY seq`,
      )
      .raw(),
    tailRows: db.prepare('SELECT seq, hash, row_seal FROM audit_log WHERE seq > ? ORDER BY seq'),
    // Prepared once: db.pragma() prepares its statement on every call, twice per outcome write.
    relaxSync: db.prepare('PRAGMA synchronous = NORMAL'),
    fullSync: db.prepare('PRAGMA synchronous = FULL'),
    recordErasure: db.prepare(
      'INSERT INTO payload_erasures (recording_id, erased_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
  }
}

function rowSealMatches(
  key: Buffer,
  row: Readonly<Record<string, unknown>>,
  seal: unknown,
): boolean {
  if (typeof seal !== 'string' || typeof row.hash !== 'string') return false
  return sealMatches(key, { seq: row.seq as number, hash: row.hash, seal })
}

function identityOf(path: string): FileIdentity | null {
  try {
    const stats = statSync(path)
    return { dev: stats.dev, ino: stats.ino }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function fsyncFile(path: string): void {
  let fd: number
  try {
    fd = openSync(path, 'r+')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * A row in `auditColumnsV2` order as a record, without trusting its types (the verifier checks):
 * stored form 1 (no payload_cipher) without the form 2 fields, so it hashes as it was written.
 */
function fromRawRow(row: readonly unknown[]): Record<string, unknown> {
  const [seq, ts, kind, purpose, destination, method, bytes, payload_sha256, payload] = row
  const [status, reason, prev_hash, hash, recording_id, payload_cipher] = row.slice(9)
  // prettier-ignore
  const v1 = { seq, ts, kind, purpose, destination, method, bytes, payload_sha256, payload, status, reason, prev_hash, hash }
  return payload_cipher === null ? v1 : { ...v1, recording_id, payload_cipher }
}

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
