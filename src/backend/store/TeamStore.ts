import type { CapacityCharge, RecordingLedger } from '../../core/egress/capacity/CapacityLedger'
import type { RecordingFacts } from '../../core/egress/capacity/measureUpload'
import type { TranscriptUpload } from '../../shared/upload'

export type MemberRole = 'member' | 'admin'

export interface Member {
  id: string
  name: string
  role: MemberRole
  createdAt: string
  revokedAt: string | null
}

export interface StoredReceipt {
  id: string
  receivedAt: string
  payloadSha256: string
}

/** A stored transcript: the body exactly as received, and whose it is. */
export interface StoredTranscript {
  payload: string
  payloadSha256: string
  receivedAt: string
  memberId: string
}

/** One request the server answered, as its request log keeps it (no body). */
export interface RequestLogRow {
  method: string
  path: string
  status: number
  payloadSha256: string | null
  memberId: string | null
}

export interface StoredHead {
  seq: number
  hash: string
  witnessedAt: string
}

/** What the capacity budget decided for an upload, under the recording's lock. */
export type Admission =
  | { ok: true; facts: RecordingFacts; charge: CapacityCharge }
  | { ok: false; rule: string; reason: string }

export interface IngestInput {
  memberId: string
  key: string
  upload: TranscriptUpload
  /** The body exactly as received. */
  payload: string
  payloadSha256: string
  receivedAt: string
  /** Called once, inside the transaction that stores, with the recording's ledger as it is then. */
  admit(facts: RecordingFacts | undefined, history: RecordingLedger): Admission
  /**
   * The audit head the request carried, kept (as `witness` keeps it) in the same transaction as
   * the transcript when it is stored: one commit, one fsync, for both.
   */
  witness?: WitnessInput
}

/** What `witness` takes: a head seen under a token and an installation, and when. */
export interface WitnessInput {
  tokenSha256: string
  installId: string
  head: { seq: number; hash: string }
  at: string
}

export type IngestResult =
  | { kind: 'stored' }
  | { kind: 'refused'; rule: string; reason: string }
  /** Another request of this member took the key meanwhile: answer as a replay. */
  | { kind: 'key-taken' }
  /** The recording id is another member's. */
  | { kind: 'not-yours' }

export interface TeamSearchRow {
  recordingId: string
  member: string
  startMs: number
  endMs: number
  speaker: string | null
  text: string
  snippet: string
}

/** ISO instants: from ≤ the call's createdAt < to. */
export interface TimeRange {
  from?: string
  to?: string
}

export interface TeamSearchFilter extends TimeRange {
  /** Words, each required; the last also as a prefix. */
  words: string[]
  member?: string
  limit: number
}

/** Signals of one ISO week, tracker and member. */
export interface SignalCountRow {
  week: string
  tracker: string
  member: string
  count: number
}

/** How often one member said one tracker phrase, with one quote. */
export interface PhraseCountRow {
  tracker: string
  phrase: string
  member: string
  count: number
  example: string
}

export interface RequestLogEntry {
  method: string
  path: string
  status: number
  bytes: number
  payloadSha256: string | null
  idempotencyKey: string | null
  memberId: string | null
  reason: string | null
}

/**
 * The team server's storage (issue 12), one contract on two engines: SQLite (embedded default) and
 * PostgreSQL. Every method is async so both engines fit; each engine applies its numbered
 * migrations when opened. Everything derived from an upload (search index, signals) goes and comes
 * with its transcript, in the same transaction.
 */
export interface TeamStore {
  readonly engine: 'sqlite' | 'postgres'
  /** Where it is, without any password: shown to the person who started the server. */
  readonly location: string

  addMember(member: Member & { tokenSha256: string }): Promise<void>
  /** Replaces a member's token hash (the legacy single token, rotated in the environment). */
  setMemberToken(memberId: string, tokenSha256: string): Promise<void>
  listMembers(): Promise<Member[]>
  memberByName(name: string): Promise<Member | undefined>
  /** The member holding this token, if not revoked. */
  memberByToken(tokenSha256: string): Promise<Member | undefined>
  /** True if the member existed and was active. */
  revokeMember(name: string, at: string): Promise<boolean>

  witness(
    tokenSha256: string,
    installId: string,
    head: { seq: number; hash: string },
    at: string,
  ): Promise<void>
  heads(
    tokenSha256: string,
    installId: string,
    afterSeq: number,
    maxSeqs: number,
  ): Promise<StoredHead[]>

  receiptForKey(
    memberId: string,
    key: string,
  ): Promise<(StoredReceipt & { keyPayloadSha256: string }) | undefined>
  ingest(input: IngestInput): Promise<IngestResult>
  /** The member id owning a stored transcript. */
  ownerOf(recordingId: string): Promise<string | undefined>
  /** Whether exactly these bytes are what is stored for `id` now. */
  holds(id: string, payloadSha256: string): Promise<boolean>
  get(id: string): Promise<StoredTranscript | undefined>
  count(): Promise<number>
  /** Forgets a transcript and everything derived from it; false when it was not there. */
  delete(id: string): Promise<boolean>
  /** Ids of transcripts received before `before` (ISO instant), at most `limit`. */
  receivedBefore(before: string, limit: number): Promise<string[]>

  search(filter: TeamSearchFilter): Promise<TeamSearchRow[]>
  signalCounts(range: TimeRange): Promise<SignalCountRow[]>
  /** Phrase counts of these trackers, lower-cased phrases. */
  phraseCounts(range: TimeRange, trackers: readonly string[]): Promise<PhraseCountRow[]>
  /** How many index rows (segments, signals) a recording has: what deletion must leave at 0. */
  derivedRows(recordingId: string): Promise<number>

  log(entry: RequestLogEntry): Promise<void>
  requestLog(): Promise<RequestLogRow[]>

  close(): Promise<void>
}

/** A member name already taken. */
export class MemberExistsError extends Error {}
