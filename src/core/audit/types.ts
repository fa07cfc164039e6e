import { auditKindNames, auditPurposeNames } from '../../shared/auditViews'

/** What an entry records: a send about to start, how it ended, or a send the gate refused (DESIGN.md §5). */
export const auditKinds = auditKindNames
export type AuditKind = (typeof auditKinds)[number]

/**
 * The only reasons Earshot sends anything; the network purposes have their own allowlist in the
 * egress gate, `mcp` is what `earshot mcp` hands an LLM client over stdio (src/core/mcp/DisclosureGate),
 * and `delivery` is the team server forwarding what it received to its configured destinations
 * (issue 12), in the server's own log; a desktop log never holds one. `connection-test` is the
 * backend health check (Settings, `earshot backend check`): no body, nothing of the library.
 */
export const auditPurposes = auditPurposeNames
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
  /**
   * Stored form 2 only (absent on entries written before it, which hash as form 1): the local
   * recording the entry belongs to, null for none (analytics, model downloads, health checks).
   */
  recording_id?: string | null
  /**
   * Stored form 2 only: how `payload` is stored. `aes-256-gcm`: sealed under the recording's payload
   * key (see docs/audit-format.md), so destroying the key erases the words while the chain, hashed
   * over the stored bytes, still verifies; `bytes` and `payload_sha256` describe the plaintext sent.
   */
  payload_cipher?: PayloadCipher
}

export const payloadCiphers = ['none', 'aes-256-gcm'] as const
export type PayloadCipher = (typeof payloadCiphers)[number]

/** An entry as `AuditLog.list` hands it out: payload decrypted when its key is still there. */
export type AuditListEntry = AuditEntry & {
  /** When the payload's key was destroyed with its recording (ISO 8601), else null. */
  erased_at: string | null
}

/** What a caller supplies; the log assigns the rest. */
export type AuditEntryInput = Omit<
  AuditEntry,
  | 'seq'
  | 'ts'
  | 'prev_hash'
  | 'hash'
  | 'payload_sha256'
  | 'bytes'
  | 'recording_id'
  | 'payload_cipher'
> & {
  payload: Uint8Array | null
  /** The recording the send is about: its payload is then stored encrypted under its key. */
  recordingId?: string | null
}

/** The last entry's seq and hash; seq 0 with the genesis hash for an empty log. */
export interface AuditHead {
  seq: number
  hash: string
  /** HMAC-SHA256 of (seq, hash) under the installation's seal key, lowercase hex (headSeal.ts). */
  seal?: string
}

export type VerifyReport =
  | {
      ok: true
      entries: number
      headSeq: number
      headHash: string
      /**
       * The head's seal: `valid` (checked with this installation's key), `unchecked` (no key to
       * check it with: another installation's export), `absent` (an export from before seals).
       */
      seal?: 'valid' | 'unchecked' | 'absent'
    }
  /** `firstBadSeq` is the lowest seq that can no longer be vouched for. */
  | { ok: false; firstBadSeq: number; reason: string }
