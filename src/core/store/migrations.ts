/**
 * Numbered schema migrations. Append only: a released migration never changes, a new one is added.
 * Media is never stored here: a recording row holds the source path and the file's SHA-256.
 */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'recordings, segments with FTS5, channel energy, jobs, settings',
    sql: `
      CREATE TABLE recordings (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        source_path TEXT NOT NULL,
        source_sha256 TEXT NOT NULL UNIQUE,
        bytes INTEGER NOT NULL,
        container TEXT,
        duration_ms INTEGER,
        channels INTEGER,
        imported_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','decoding','transcribing','done','failed','cancelled')),
        progress REAL NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT,
        language TEXT
      );
      CREATE INDEX recordings_imported_at ON recordings (imported_at);

      CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT,
        confidence REAL,
        UNIQUE (recording_id, idx)
      );

      -- External-content FTS5 table kept in step by triggers (SQLite FTS5 docs §4.4.3).
      CREATE VIRTUAL TABLE segments_fts USING fts5 (
        text, content = 'segments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER segments_ai AFTER INSERT ON segments BEGIN
        INSERT INTO segments_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER segments_ad AFTER DELETE ON segments BEGIN
        INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER segments_au AFTER UPDATE OF text ON segments BEGIN
        INSERT INTO segments_fts (segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO segments_fts (rowid, text) VALUES (new.id, new.text);
      END;

      -- Per-channel loudness of two-channel recordings (each party on its own channel), in fixed
      -- frames: enough for speaker attribution later without keeping any audio.
      CREATE TABLE channel_energy (
        recording_id TEXT PRIMARY KEY REFERENCES recordings (id) ON DELETE CASCADE,
        frame_ms INTEGER NOT NULL,
        channels INTEGER NOT NULL,
        rms BLOB NOT NULL
      );

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled')),
        options TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        owner_pid INTEGER,
        heartbeat_at TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        error_code TEXT,
        error_message TEXT
      );
      CREATE INDEX jobs_state ON jobs (state, id);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'install id, upload queue, deletion receipts',
    sql: `
      -- Facts about this installation that are not user settings (the random install id).
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- The upload queue (DESIGN.md §4): one row per distinct payload of a recording. The payload is
      -- stored as the exact bytes sent, so every retry sends the same bytes under the same
      -- idempotency key and the backend stores it once. Rows go when their recording goes.
      CREATE TABLE uploads (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        idempotency_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('queued','sending','done','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        payload BLOB NOT NULL,
        payload_sha256 TEXT NOT NULL,
        receipt TEXT,
        last_error TEXT,
        owner_pid INTEGER,
        claimed_at TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        UNIQUE (recording_id, payload_sha256)
      );
      CREATE INDEX uploads_due ON uploads (state, next_attempt_at);

      -- What was deleted and, when the backend was asked too, its receipt: kept because the
      -- recording row (and its uploads) are gone.
      CREATE TABLE deletions (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL,
        deleted_at TEXT NOT NULL,
        remote TEXT NOT NULL CHECK (remote IN ('not-requested','not-uploaded','done')),
        receipt TEXT
      );
      CREATE INDEX deletions_recording ON deletions (recording_id);
    `,
  },
  {
    version: 3,
    name: 'derived data: signals, metrics, summaries, speaker names, redaction reverts',
    sql: `
      -- Everything below is derived from a recording's segments and goes with it (ON DELETE CASCADE).
      -- Derivation replaces a recording's rows as a whole (DerivedStore.saveDerived).
      CREATE TABLE signals (
        id INTEGER PRIMARY KEY,
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        tracker TEXT NOT NULL,
        phrase TEXT NOT NULL,
        quote TEXT NOT NULL,
        speaker TEXT,
        start_ms INTEGER NOT NULL,
        segment_idx INTEGER NOT NULL
      );
      -- Serves the search filter "segments carrying a signal of tracker T" (an EXISTS per hit) and
      -- a recording's signals in order.
      CREATE INDEX signals_segment ON signals (recording_id, segment_idx, tracker);
      -- Serves the aggregations: counts per tracker per week, top phrases of a tracker.
      CREATE INDEX signals_tracker ON signals (tracker, phrase, recording_id);

      CREATE TABLE metrics (
        recording_id TEXT PRIMARY KEY REFERENCES recordings (id) ON DELETE CASCADE,
        json TEXT NOT NULL
      );

      CREATE TABLE summaries (
        recording_id TEXT PRIMARY KEY REFERENCES recordings (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        key_moments TEXT NOT NULL
      );

      -- What the user calls a diarized speaker ('Speaker 1' -> 'Alex (AE)'); segments keep the label.
      CREATE TABLE speaker_names (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (recording_id, label)
      );

      -- Redactions the user chose to send unredacted, per recording; redactions are recomputed from
      -- the transcript, so only their stable ids are kept.
      CREATE TABLE redaction_reverts (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        redaction_id TEXT NOT NULL,
        PRIMARY KEY (recording_id, redaction_id)
      );

      -- A prefix index for three-letter prefixes (FTS5 docs §4.2): without it "the"* merges the
      -- doclists of the, they, there, … on every keystroke (42 ms on 1M segments, 0.5 ms with it).
      -- Shorter words are searched whole (toFtsQuery), longer prefixes expand to few common terms.
      -- The triggers of migration 1 write to the table by name and keep working.
      DROP TABLE segments_fts;
      CREATE VIRTUAL TABLE segments_fts USING fts5 (
        text, content = 'segments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2',
        prefix = '3'
      );
      INSERT INTO segments_fts (segments_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 4,
    name: 'witnessed audit heads',
    sql: `
      -- Audit heads a backend confirmed it saw (docs/handoff/h6.md): the receipt's witnessedHead of
      -- every upload and deletion, and what \`audit verify --witness\` fetched. Not tied to a
      -- recording, so deleting one does not drop the evidence its upload left.
      CREATE TABLE witnessed_heads (
        backend TEXT NOT NULL,
        install_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        witnessed_at TEXT NOT NULL,
        PRIMARY KEY (backend, install_id, seq, hash)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'full-text index forgets deleted text (FTS5 secure-delete)',
    sql: `
      -- Without it a delete only adds a tombstone and the words stay in the index's segment pages
      -- until a merge happens to rewrite them (FTS5 docs, "The secure-delete Configuration
      -- Option", SQLite 3.42+). The setting is stored in segments_fts_config, so every connection
      -- and process gets it. Text deleted before this migration is merged away by one optimize;
      -- secure_delete (openDatabase) zeroes the pages the merge frees.
      INSERT INTO segments_fts (segments_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO segments_fts (segments_fts) VALUES ('optimize');
    `,
  },
  {
    version: 6,
    name: 'full-text search finds word forms (porter stemming)',
    sql: `
      -- "price" should find "pricing" and "prices": the porter tokenizer (FTS5 docs §4.3.2) stems
      -- both the index and the query, wrapping unicode61 so diacritics and scripts are handled as
      -- before. Porter knows only English endings; in other languages it leaves most words whole
      -- or trims them the same way on both sides, so matches are never lost, only widened. The
      -- prefix index and secure-delete are set again on the new table.
      DROP TABLE segments_fts;
      CREATE VIRTUAL TABLE segments_fts USING fts5 (
        text, content = 'segments', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3'
      );
      INSERT INTO segments_fts (segments_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO segments_fts (segments_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 7,
    name: 'recordings marked shareable with LLM clients',
    sql: `
      -- The recordings an \`mcp.scope\` of 'shareable' lets \`earshot mcp\` show (issue 13). Gone with
      -- the recording.
      CREATE TABLE shareable_recordings (
        recording_id TEXT PRIMARY KEY REFERENCES recordings (id) ON DELETE CASCADE,
        marked_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    name: "the user's voice profile and each speaker's voice features",
    sql: `
      -- Issue 11, "this is me": per recording and speaker label, the pooled MFCC statistics the
      -- diarizer used (count, sums, sums of products: features, never audio), so the user can mark
      -- a speaker as themselves later and a merge of two labels adds their voices. Gone with the
      -- recording.
      CREATE TABLE speaker_voices (
        recording_id TEXT NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        dims INTEGER NOT NULL,
        stats TEXT NOT NULL,
        PRIMARY KEY (recording_id, label)
      ) WITHOUT ROWID;

      -- The one voice profile of the user: the features of the speaker they marked. Not tied to the
      -- recording it came from (deleting that call keeps the profile); forgotten by \`earshot me
      -- forget\`, Settings and delete-all; never uploaded.
      CREATE TABLE voice_profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        dims INTEGER NOT NULL,
        stats TEXT NOT NULL,
        source_recording_id TEXT NOT NULL,
        source_label TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'jobs record when they started',
    sql: `
      -- When a job was last claimed (issue 14): with finished_at, how long it ran, so a finished
      -- recording shows its speed and the next estimate of time left learns this machine's speed.
      -- created_at is the enqueue time and would count the wait in the queue.
      ALTER TABLE jobs ADD COLUMN started_at TEXT;
    `,
  },
  {
    version: 10,
    name: 'call-quality reports',
    sql: `
      -- Each recording's call-quality report (issue 14), measured during import from the PCM the
      -- transcriber was given: numbers and a verdict only, never audio. Recordings imported before
      -- this migration have no row ("not measured"): their audio is not decoded again for it.
      CREATE TABLE call_quality (
        recording_id TEXT PRIMARY KEY REFERENCES recordings (id) ON DELETE CASCADE,
        json TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 11,
    name: 'when the call happened',
    sql: `
      -- When the call took place (issue 14): the container's creation_time, else the file's
      -- modification time, or what the user set. Insights group by it; NULL (recordings imported
      -- before this migration) falls back to the import time.
      ALTER TABLE recordings ADD COLUMN call_date TEXT;
      CREATE INDEX recordings_call_date ON recordings (COALESCE(call_date, imported_at));
    `,
  },
  {
    version: 12,
    name: 'the CRM contact of a recording',
    sql: `
      -- The email of the customer a call was with, as the user set it (\`earshot contact\`): sent as
      -- the upload's contactEmail for the team server's HubSpot notes (issue 12). Gone with the
      -- recording.
      CREATE TABLE recording_contacts (
        recording_id TEXT PRIMARY KEY REFERENCES recordings (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        set_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
]
