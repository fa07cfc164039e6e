/** The id the legacy single token's rows are attributed to (migration 2), on both engines. */
export const LEGACY_MEMBER_ID = '00000000-0000-4000-8000-000000000000'

/**
 * The SQLite engine's numbered migrations, applied in order at start, each in its own transaction.
 * Migration 1 is the single-token backend's schema as it was (IF NOT EXISTS), so a database
 * written before migrations existed is adopted as it stands and carried forward by 2.
 */
export const sqliteMigrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'single-token backend',
    sql: `
      CREATE TABLE IF NOT EXISTS transcripts (
        id TEXT PRIMARY KEY,
        payload TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS idempotency_keys (
        key TEXT PRIMARY KEY,
        transcript_id TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS request_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        status INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        payload_sha256 TEXT,
        idempotency_key TEXT,
        reason TEXT
      );
      CREATE TABLE IF NOT EXISTS audit_heads (
        token_sha256 TEXT NOT NULL,
        install_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        witnessed_at TEXT NOT NULL,
        PRIMARY KEY (token_sha256, install_id, seq, hash)
      ) WITHOUT ROWID;
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
      ) WITHOUT ROWID;`,
  },
  {
    version: 2,
    name: 'members, team search and signals',
    // Rows of the single-token era belong to the member 'default', whose token the server sets
    // from EARSHOT_BACKEND_TOKEN at start; their words are indexed from the stored payloads.
    sql: `
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('member', 'admin')),
        token_sha256 TEXT UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      INSERT INTO members (id, name, role, token_sha256, created_at)
        SELECT '${LEGACY_MEMBER_ID}', 'default', 'member', NULL,
          strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE EXISTS (SELECT 1 FROM idempotency_keys) OR EXISTS (SELECT 1 FROM transcripts);

      ALTER TABLE transcripts ADD COLUMN member_id TEXT NOT NULL DEFAULT '${LEGACY_MEMBER_ID}';
      ALTER TABLE transcripts ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
      UPDATE transcripts SET created_at =
        strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(payload, '$.createdAt'));
      CREATE INDEX transcripts_received_at ON transcripts (received_at);

      CREATE TABLE member_idempotency_keys (
        member_id TEXT NOT NULL,
        key TEXT NOT NULL,
        transcript_id TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (member_id, key)
      ) WITHOUT ROWID;
      INSERT INTO member_idempotency_keys
        SELECT '${LEGACY_MEMBER_ID}', key, transcript_id, payload_sha256, received_at
        FROM idempotency_keys;
      DROP TABLE idempotency_keys;
      ALTER TABLE member_idempotency_keys RENAME TO idempotency_keys;

      ALTER TABLE request_log ADD COLUMN member_id TEXT;

      CREATE TABLE team_segments (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL
      );
      CREATE INDEX team_segments_recording ON team_segments (recording_id);
      -- External content, so the words are held once; 'secure-delete' (FTS5 docs, "The
      -- secure-delete Configuration Option") removes a deleted row's tokens from the index itself
      -- instead of leaving them beside a delete marker.
      CREATE VIRTUAL TABLE team_segments_fts USING fts5(
        text, content = 'team_segments', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2');
      INSERT INTO team_segments_fts (team_segments_fts, rank) VALUES ('secure-delete', 1);
      CREATE TRIGGER team_segments_indexed AFTER INSERT ON team_segments BEGIN
        INSERT INTO team_segments_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER team_segments_unindexed AFTER DELETE ON team_segments BEGIN
        INSERT INTO team_segments_fts (team_segments_fts, rowid, text)
          VALUES ('delete', old.id, old.text);
      END;

      CREATE TABLE team_signals (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        tracker TEXT NOT NULL,
        phrase TEXT NOT NULL,
        quote TEXT NOT NULL,
        speaker TEXT,
        start_ms INTEGER NOT NULL
      );
      CREATE INDEX team_signals_recording ON team_signals (recording_id);
      CREATE INDEX team_signals_created ON team_signals (created_at);

      INSERT INTO team_segments (recording_id, member_id, created_at, start_ms, end_ms, speaker, text)
        SELECT t.id, t.member_id, t.created_at, json_extract(s.value, '$.startMs'),
          json_extract(s.value, '$.endMs'), json_extract(s.value, '$.speaker'),
          json_extract(s.value, '$.text')
        FROM transcripts t, json_each(t.payload, '$.segments') s;
      INSERT INTO team_signals
        (recording_id, member_id, created_at, tracker, phrase, quote, speaker, start_ms)
        SELECT t.id, t.member_id, t.created_at, json_extract(s.value, '$.tracker'),
          json_extract(s.value, '$.phrase'), json_extract(s.value, '$.quote'),
          json_extract(s.value, '$.speaker'), json_extract(s.value, '$.startMs')
        FROM transcripts t, json_each(t.payload, '$.signals') s;`,
  },
]
