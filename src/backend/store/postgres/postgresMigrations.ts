/**
 * The PostgreSQL engine's numbered migrations, applied in order at start, each in its own
 * transaction, under an advisory lock so two servers starting at once do not both apply one.
 * Search is PostgreSQL full-text search: a generated tsvector column with a GIN index, ranked with
 * ts_rank (PostgreSQL docs §12.2.2, "Creating Indexes"). The 'english' configuration stems as the
 * SQLite engine's porter tokenizer does, so both engines find "refunds" for "refund".
 */
export const postgresMigrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'team server',
    sql: `
      CREATE TABLE members (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('member', 'admin')),
        token_sha256 text UNIQUE,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE TABLE transcripts (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES members (id),
        payload text NOT NULL,
        payload_sha256 text NOT NULL,
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX transcripts_received_at ON transcripts (received_at);
      CREATE TABLE idempotency_keys (
        member_id uuid NOT NULL REFERENCES members (id),
        key uuid NOT NULL,
        transcript_id uuid NOT NULL,
        payload_sha256 text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (member_id, key)
      );
      CREATE TABLE request_log (
        seq bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        status integer NOT NULL,
        bytes integer NOT NULL,
        payload_sha256 text,
        idempotency_key text,
        member_id uuid,
        reason text
      );
      CREATE TABLE audit_heads (
        token_sha256 text NOT NULL,
        install_id text NOT NULL,
        seq bigint NOT NULL,
        hash text NOT NULL,
        witnessed_at timestamptz NOT NULL,
        PRIMARY KEY (token_sha256, install_id, seq, hash)
      );
      CREATE TABLE capacity_recordings (
        recording_id uuid PRIMARY KEY,
        facts text NOT NULL,
        bits double precision NOT NULL
      );
      CREATE TABLE capacity_payloads (
        recording_id uuid NOT NULL,
        payload_sha256 text NOT NULL,
        PRIMARY KEY (recording_id, payload_sha256)
      );
      CREATE TABLE capacity_parts (
        recording_id uuid NOT NULL,
        fingerprint text NOT NULL,
        PRIMARY KEY (recording_id, fingerprint)
      );
      CREATE TABLE team_segments (
        id bigserial PRIMARY KEY,
        recording_id uuid NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id),
        created_at timestamptz NOT NULL,
        start_ms integer NOT NULL,
        end_ms integer NOT NULL,
        speaker text,
        text text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
      );
      CREATE INDEX team_segments_tsv ON team_segments USING gin (tsv);
      CREATE INDEX team_segments_recording ON team_segments (recording_id);
      CREATE INDEX team_segments_created ON team_segments (created_at);
      CREATE TABLE team_signals (
        id bigserial PRIMARY KEY,
        recording_id uuid NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id),
        created_at timestamptz NOT NULL,
        tracker text NOT NULL,
        phrase text NOT NULL,
        quote text NOT NULL,
        speaker text,
        start_ms integer NOT NULL
      );
      CREATE INDEX team_signals_recording ON team_signals (recording_id);
      CREATE INDEX team_signals_created ON team_signals (created_at);`,
  },
]
