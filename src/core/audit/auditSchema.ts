/** Version of the audit database's schema, kept in `PRAGMA user_version`. */
export const AUDIT_SCHEMA_VERSION = 4

/**
 * The audit log lives in its own database file, not the app's: it has its own durability setting
 * (synchronous=FULL), it must never be touched by app migrations, and it can be copied as evidence
 * on its own. STRICT keeps payload a BLOB (exact bytes) and every column its declared type.
 * The triggers make the table append-only for everything that goes through SQLite; what they cannot
 * stop (DROP TRIGGER, editing the file) the hash chain and the head file reveal.
 */
export const auditSchema = `
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('attempt', 'outcome', 'blocked')),
    purpose TEXT NOT NULL
      CHECK (purpose IN ('upload', 'deletion', 'analytics', 'model-download')),
    destination TEXT NOT NULL,
    method TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    payload_sha256 TEXT,
    payload BLOB,
    status INTEGER,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT;
  CREATE INDEX audit_log_purpose_kind ON audit_log (purpose, kind, seq);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
  END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
  END;
`

/**
 * Schema 2 (stored form 2, docs/audit-format.md): the recording an entry belongs to, how its payload
 * is stored, and a seal per row (headSeal.ts, not hashed) that vouches for rows past the head file.
 * Rows from schema 1 keep NULL in all three and hash as form 1. `payload_erasures` is not part of
 * the chain: it only remembers when a recording's payload key was destroyed, for `audit list`.
 */
export const auditSchemaV2 = `
  ALTER TABLE audit_log ADD COLUMN recording_id TEXT;
  ALTER TABLE audit_log ADD COLUMN payload_cipher TEXT
    CHECK (payload_cipher IS NULL OR payload_cipher IN ('none', 'aes-256-gcm'));
  ALTER TABLE audit_log ADD COLUMN row_seal TEXT;
  CREATE TABLE payload_erasures (
    recording_id TEXT PRIMARY KEY,
    erased_at TEXT NOT NULL
  ) STRICT;
`

/**
 * Schema 3: the `mcp` purpose (disclosures to LLM clients through `earshot mcp`) and `delivery` (the
 * team server's forwarding, in its own log). SQLite cannot
 * change a CHECK constraint in place, so the table is rebuilt the documented way (SQLite docs,
 * "ALTER TABLE", §7: create the new table, copy, drop, rename, recreate index and triggers), in the
 * migration's one transaction. Rows are copied column for column: hashes, seals and the head file
 * still match. DROP TABLE fires no DELETE trigger (SQLite docs, "DROP TABLE").
 */
export const auditSchemaV3 = rebuildAuditTable([
  'upload',
  'deletion',
  'analytics',
  'model-download',
  'mcp',
  'delivery',
])

/**
 * Schema 4: the `connection-test` purpose (the backend health check of Settings and `earshot
 * backend check`, filed under `upload` before). The same rebuild as schema 3, rows copied column
 * for column; a log below schema 3 takes this one rebuild straight away.
 */
export const auditSchemaV4 = rebuildAuditTable([
  'upload',
  'deletion',
  'analytics',
  'model-download',
  'mcp',
  'delivery',
  'connection-test',
])

/**
 * The table rebuilt with a CHECK admitting `purposes` (fixed names, never user input). Each schema
 * spells its list out rather than reading `auditPurposes`: a migration is history, and a purpose
 * added later must come with a schema of its own, not change what an old version created.
 */
function rebuildAuditTable(purposes: readonly string[]): string {
  return `
  CREATE TABLE audit_log_rebuilt (
    seq INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('attempt', 'outcome', 'blocked')),
    purpose TEXT NOT NULL
      CHECK (purpose IN (${purposes.map((p) => `'${p}'`).join(', ')})),
    destination TEXT NOT NULL,
    method TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    payload_sha256 TEXT,
    payload BLOB,
    status INTEGER,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    recording_id TEXT,
    payload_cipher TEXT
      CHECK (payload_cipher IS NULL OR payload_cipher IN ('none', 'aes-256-gcm')),
    row_seal TEXT
  ) STRICT;
  INSERT INTO audit_log_rebuilt SELECT seq, ts, kind, purpose, destination, method, bytes,
    payload_sha256, payload, status, reason, prev_hash, hash, recording_id, payload_cipher, row_seal
    FROM audit_log;
  DROP TABLE audit_log;
  ALTER TABLE audit_log_rebuilt RENAME TO audit_log;
  CREATE INDEX audit_log_purpose_kind ON audit_log (purpose, kind, seq);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
  END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
  END;
`
}

/** Every column of stored form 1, in the order the verifier and the export expect. */
export const auditColumns =
  'seq, ts, kind, purpose, destination, method, bytes, payload_sha256, payload, status, reason, prev_hash, hash'

/** Form 1's columns, then form 2's and the row seal. */
export const auditColumnsV2 = `${auditColumns}, recording_id, payload_cipher, row_seal`
