import { canonicalJson } from './canonicalJson'
import { toHashedRecord } from './hashAuditEntry'
import { headJson } from './headFile'
import type { AuditEntry, AuditHead } from './types'

/**
 * The JSON Lines export (`earshot audit export`), self-verifying (DESIGN.md §6):
 *   line 1      the header `{"format":"earshot-audit-export","version":1}`
 *   then        one line per entry, in seq order: canonical JSON of every field including `hash`,
 *               payload as standard base64 with padding (exact bytes; JSON has no byte type)
 *   last line   `{"head":{"hash":"…","seal":"…","seq":N}}` — the last entry, so that cutting lines
 *               off the end shows; seq 0 and the genesis hash for an empty log; `seal` is the
 *               installation's HMAC of the head (headSeal.ts), checkable only with its key
 * Entries of stored form 2 carry `payload_cipher` and `recording_id` too, and a sealed payload is
 * exported sealed (the stored bytes, which the chain hashes): see docs/audit-format.md.
 * Every line is canonical JSON and ends with "\n". A verifier rejects any line that is not exactly
 * the canonical form of what it parses to, so no edit, however small, goes unnoticed.
 */
export const EXPORT_HEADER = canonicalJson({ format: 'earshot-audit-export', version: 1 })

export function exportEntryLine(entry: AuditEntry): string {
  const { bytes, destination, ...rest } = toHashedRecord(entry)
  // `hash` slotted in at its sorted place, so canonicalJson takes its fast path.
  return canonicalJson({ bytes, destination, hash: entry.hash, ...rest })
}

export function exportHeadLine(head: AuditHead): string {
  return `{"head":${headJson(head)}}`
}
