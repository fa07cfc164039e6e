/** What an entry records: a send about to start, how it ended, or a send the gate refused (DESIGN.md §5). */
export const auditKinds = ['attempt', 'outcome', 'blocked'] as const
export type AuditKind = (typeof auditKinds)[number]

/** The only reasons Earshot sends anything; each has its own allowlist in the egress gate. */
export const auditPurposes = ['upload', 'deletion', 'analytics', 'model-download'] as const
export type AuditPurpose = (typeof auditPurposes)[number]

/**
 * One line of the audit log (DESIGN.md §6). Field names are snake_case because they are the
 * on-disk and export format, and the hash is computed over exactly these names.
 */
export interface AuditEntry {
  /** 1, 2, 3, … without gaps. */
  seq: number
  /** ISO 8601 UTC with milliseconds, from the injected clock. */
  ts: string
  kind: AuditKind
  purpose: AuditPurpose
  /** The URL (or origin) the bytes were, or would have been, sent to. */
  destination: string
  /** HTTP method. */
  method: string
  /** Length of `payload`; 0 when there is none. */
  bytes: number
  /** Lowercase hex SHA-256 of `payload`; null exactly when `payload` is null. */
  payload_sha256: string | null
  /** The exact bytes sent (or received, for an outcome's receipt); null when there is no body. */
  payload: Uint8Array | null
  /** HTTP status of an outcome; null when there was none (blocked, network error, attempt). */
  status: number | null
  /** Why a send was blocked or failed; null otherwise. */
  reason: string | null
  /** `hash` of the previous entry; 64 zeros for seq 1. */
  prev_hash: string
  /** See `hashAuditEntry`. */
  hash: string
}

/** What a caller supplies; the log assigns the rest. */
export type AuditEntryInput = Omit<
  AuditEntry,
  'seq' | 'ts' | 'prev_hash' | 'hash' | 'payload_sha256' | 'bytes'
> & { payload: Uint8Array | null }

/** The last entry's seq and hash; seq 0 with the genesis hash for an empty log. */
export interface AuditHead {
  seq: number
  hash: string
}

export type VerifyReport =
  | { ok: true; entries: number; headSeq: number; headHash: string }
  /** `firstBadSeq` is the lowest seq that can no longer be vouched for. */
  | { ok: false; firstBadSeq: number; reason: string }
