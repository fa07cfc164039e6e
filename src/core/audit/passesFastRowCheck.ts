import { hash } from 'node:crypto'
import { auditKinds, auditPurposes } from './types'

/** AES-256-GCM as sealed by PayloadKeyring: 12-byte nonce ‖ ciphertext ‖ 16-byte tag. */
export const SEALED_OVERHEAD = 28

const kinds: ReadonlySet<unknown> = new Set(auditKinds)
const purposes: ReadonlySet<unknown> = new Set(auditPurposes)
const lowerHex64 = /^[0-9a-f]{64}$/

/**
 * The database verifier's fast road (issue 10: `audit verify` of 100,000 entries in under a
 * second). True only when a row, as `SELECT auditColumnsV2` returns it, is well-formed, has seq
 * `expectedSeq`, links to `prevHash`, obeys the payload rules and carries the hash of
 * docs/audit-format.md §3.3. The canonical JSON of the hashed record is written straight from the
 * column values, in the key order the format fixes, instead of building a record object per row and
 * serializing it: the same bytes, a third of the work.
 *
 * False means "not on this road", never "bad": the caller then checks the row the general way
 * (ChainVerifier.push), which finds the reason or accepts it. So this may be stricter than the
 * general check (it is, for a sealed entry's payload_sha256, which must be lowercase hex here), but
 * never laxer; test/unit/audit/fastRowCheck.test.ts holds it to that.
 */
export function passesFastRowCheck(
  row: readonly unknown[],
  expectedSeq: number,
  prevHash: string,
): boolean {
  if (row.length < 15) return false
  // Indexed, not destructured: this runs 100,000 times a verify and destructuring allocates.
  const seq = row[0]
  const ts = row[1]
  const kind = row[2]
  const purpose = row[3]
  const destination = row[4]
  const method = row[5]
  const bytes = row[6]
  const sha256 = row[7]
  const payload = row[8]
  const status = row[9]
  const reason = row[10]
  const prev = row[11]
  const entryHash = row[12]
  const recordingId = row[13]
  const cipher = row[14]
  if (seq !== expectedSeq || prev !== prevHash || typeof entryHash !== 'string') return false
  if (!kinds.has(kind) || !purposes.has(purpose)) return false
  if (!Number.isSafeInteger(bytes) || (bytes as number) < 0) return false
  if (status !== null && !Number.isSafeInteger(status)) return false
  if (!wellFormed(ts) || !wellFormed(destination) || !wellFormed(method)) return false
  if (reason !== null && !wellFormed(reason)) return false
  const v2 = cipher !== null
  if (v2 && recordingId !== null && !wellFormed(recordingId)) return false

  let payloadJson: string
  if (payload === null) {
    if (sha256 !== null || bytes !== 0 || cipher === 'aes-256-gcm') return false
    payloadJson = 'null'
  } else {
    if (!Buffer.isBuffer(payload)) return false
    if (cipher === 'aes-256-gcm') {
      if (recordingId === null || payload.byteLength !== (bytes as number) + SEALED_OVERHEAD) {
        return false
      }
      // The plaintext's digest cannot be checked (it may be erased); the chain covers it.
      if (typeof sha256 !== 'string' || !lowerHex64.test(sha256)) return false
    } else {
      if (bytes !== payload.byteLength || sha256 !== hash('sha256', payload, 'hex')) return false
    }
    payloadJson = `"${payload.toString('base64')}"`
  }
  if (v2 && cipher !== 'none' && cipher !== 'aes-256-gcm') return false

  // docs/audit-format.md §3.3, keys in canonical order (§2). kind, purpose, cipher and the hashes
  // are from fixed sets or lowercase hex, so they need no escaping; the rest is JSON.stringify's
  // escaping, which is canonical JSON's (§2, rule 4).
  const sha256Json = sha256 === null ? 'null' : `"${sha256}"`
  const head = `{"bytes":${bytes as number},"destination":${JSON.stringify(destination)},"kind":"${kind as string}","method":${JSON.stringify(method)},"payload":${payloadJson}`
  const reasonJson = reason === null ? 'null' : JSON.stringify(reason)
  const tail = `"seq":${seq},"status":${status === null ? 'null' : (status as number)},"ts":${JSON.stringify(ts)}}`
  const text = v2
    ? `earshot-audit-v2\0${prevHash}${head},"payload_cipher":"${cipher as string}","payload_sha256":${sha256Json},"prev_hash":"${prevHash}","purpose":"${purpose as string}","reason":${reasonJson},"recording_id":${recordingId === null ? 'null' : JSON.stringify(recordingId)},${tail}`
    : `earshot-audit-v1\0${prevHash}${head},"payload_sha256":${sha256Json},"prev_hash":"${prevHash}","purpose":"${purpose as string}","reason":${reasonJson},${tail}`
  return hash('sha256', text, 'hex') === entryHash
}

/** A string canonical JSON can hold: no lone surrogate (ES2024 String#isWellFormed). */
function wellFormed(value: unknown): value is string {
  return typeof value === 'string' && (value as string & { isWellFormed(): boolean }).isWellFormed()
}
