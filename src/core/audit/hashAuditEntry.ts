import { hash } from 'node:crypto'
import { canonicalJson } from './canonicalJson'
import type { AuditEntry } from './types'

/** prev_hash of seq 1. */
export const GENESIS_HASH = '0'.repeat(64)

// RFC 6962 §2.1 prefixes leaf and node hashes with distinct bytes so one can never pass for the
// other; this tag does the same for entry hashes versus every other SHA-256 in Earshot (payload and
// file hashes), and versions the format: a change to the hashed form gets a new tag.
const DOMAIN = 'earshot-audit-v1\0'

/**
 * hash = lowercase hex SHA-256 of the UTF-8 bytes of
 *          "earshot-audit-v1" NUL ‖ prev_hash (64 lowercase hex digits) ‖ canonicalJson(record)
 * where record is every field but `hash`, with `payload` as standard base64 with padding
 * (RFC 4648 §4) or null. prev_hash has a fixed length, so the concatenation is unambiguous.
 */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return hash('sha256', DOMAIN + entry.prev_hash + canonicalJson(toHashedRecord(entry)), 'hex')
}

/** The entry as the plain JSON record that is hashed and, with `hash` added, exported. */
export function toHashedRecord(entry: Omit<AuditEntry, 'hash'>) {
  // Keys written in canonical (sorted) order so canonicalJson takes its fast path.
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
