import { hash } from 'node:crypto'
import { canonicalJson } from './canonicalJson'
import type { AuditEntry } from './types'

/** prev_hash of seq 1. */
export const GENESIS_HASH = '0'.repeat(64)

// RFC 6962 §2.1 prefixes leaf and node hashes with distinct bytes so one can never pass for the
// other; this tag does the same for entry hashes versus every other SHA-256 in Earshot (payload and
// file hashes), and versions the format: a change to the hashed form gets a new tag.
const DOMAIN = 'earshot-audit-v1\0'
/** Stored form 2 adds `recording_id` and `payload_cipher` to the record (docs/audit-format.md §3). */
const DOMAIN_V2 = 'earshot-audit-v2\0'

/**
 * hash = lowercase hex SHA-256 of the UTF-8 bytes of
 *          "earshot-audit-v1" NUL ‖ prev_hash (64 lowercase hex digits) ‖ canonicalJson(record)
 * where record is every field but `hash`, with `payload` as standard base64 with padding
 * (RFC 4648 §4) or null. prev_hash has a fixed length, so the concatenation is unambiguous.
 */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const domain = entry.payload_cipher === undefined ? DOMAIN : DOMAIN_V2
  return hash('sha256', domain + entry.prev_hash + canonicalJson(toHashedRecord(entry)), 'hex')
}

/** The entry as the plain JSON record that is hashed and, with `hash` added, exported. */
export function toHashedRecord(entry: Omit<AuditEntry, 'hash'>): HashedRecord {
  // Keys written in canonical (sorted) order so canonicalJson takes its fast path.
  if (entry.payload_cipher !== undefined) {
    return {
      bytes: entry.bytes,
      destination: entry.destination,
      kind: entry.kind,
      method: entry.method,
      payload: entry.payload === null ? null : toBase64(entry.payload),
      payload_cipher: entry.payload_cipher,
      payload_sha256: entry.payload_sha256,
      prev_hash: entry.prev_hash,
      purpose: entry.purpose,
      reason: entry.reason,
      recording_id: entry.recording_id ?? null,
      seq: entry.seq,
      status: entry.status,
      ts: entry.ts,
    }
  }
  return {
    bytes: entry.bytes,
    destination: entry.destination,
    kind: entry.kind,
    method: entry.method,
    payload: entry.payload === null ? null : toBase64(entry.payload),
    payload_sha256: entry.payload_sha256,
    prev_hash: entry.prev_hash,
    purpose: entry.purpose,
    reason: entry.reason,
    seq: entry.seq,
    status: entry.status,
    ts: entry.ts,
  }
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** Stored form 1's record. */
type HashedRecordV1 = {
  bytes: number
  destination: string
  kind: string
  method: string
  payload: string | null
  payload_sha256: string | null
  prev_hash: string
  purpose: string
  reason: string | null
  seq: number
  status: number | null
  ts: string
}

/** Stored form 2's record: form 1's and two more fields. */
type HashedRecordV2 = HashedRecordV1 & { payload_cipher: string; recording_id: string | null }

export type HashedRecord = HashedRecordV1 | HashedRecordV2
