import { iso, isoOrNull, numberOrNull, text, textOrNull, type Row } from '../rowValues'
import type {
  Member,
  MemberRole,
  PhraseCountRow,
  RequestLogRow,
  SignalCountRow,
  StoredHead,
  StoredReceipt,
  StoredTranscript,
  TeamSearchRow,
} from './TeamStore'

/**
 * The team store's rows as both engines read them (SqliteTeamStore, PostgresTeamStore): the same
 * snake_case columns in, the TeamStore shapes out, so the two engines cannot drift apart in what
 * they answer.
 */

export function memberOf(row: Row): Member {
  return {
    id: text(row.id),
    name: text(row.name),
    role: text(row.role) as MemberRole,
    createdAt: iso(row.created_at),
    revokedAt: isoOrNull(row.revoked_at),
  }
}

/** From `idempotency_keys`: the receipt a key was answered with. */
export function receiptOf(row: Row): StoredReceipt & { keyPayloadSha256: string } {
  const payloadSha256 = text(row.payload_sha256)
  return {
    id: text(row.transcript_id),
    receivedAt: iso(row.received_at),
    payloadSha256,
    keyPayloadSha256: payloadSha256,
  }
}

export function headOf(row: Row): StoredHead {
  return { seq: Number(row.seq), hash: text(row.hash), witnessedAt: iso(row.witnessed_at) }
}

export function transcriptOf(row: Row): StoredTranscript {
  return {
    payload: text(row.payload),
    payloadSha256: text(row.payload_sha256),
    receivedAt: iso(row.received_at),
    memberId: text(row.member_id),
  }
}

export function searchHitOf(row: Row): TeamSearchRow {
  return {
    recordingId: text(row.recording_id),
    member: text(row.member),
    startMs: Number(row.start_ms),
    endMs: Number(row.end_ms),
    speaker: textOrNull(row.speaker),
    text: text(row.text),
    snippet: text(row.snippet),
  }
}

export function signalCountOf(row: Row): SignalCountRow {
  return {
    week: text(row.week),
    tracker: text(row.tracker),
    member: text(row.member),
    count: Number(row.count),
  }
}

export function phraseCountOf(row: Row): PhraseCountRow {
  return {
    tracker: text(row.tracker),
    phrase: text(row.phrase),
    member: text(row.member),
    count: Number(row.count),
    example: text(row.example),
  }
}

export function requestLogOf(row: Row): RequestLogRow {
  return {
    method: text(row.method),
    path: text(row.path),
    status: Number(row.status),
    payloadSha256: textOrNull(row.payload_sha256),
    memberId: textOrNull(row.member_id),
  }
}

/** A COUNT(*) or a sum of counts: a number on SQLite, a string (BIGINT) on PostgreSQL. */
export function countOf(row: Row | undefined, column = 'n'): number {
  return numberOrNull(row?.[column]) ?? 0
}
