import { hash } from 'node:crypto'
import { GENESIS_HASH, hashAuditEntry } from './hashAuditEntry'
import { passesFastRowCheck, SEALED_OVERHEAD } from './passesFastRowCheck'
import {
  auditKinds,
  auditPurposes,
  payloadCiphers,
  type AuditEntry,
  type AuditHead,
  type VerifyReport,
} from './types'

const entryFields = [
  'seq',
  'ts',
  'kind',
  'purpose',
  'destination',
  'method',
  'bytes',
  'payload_sha256',
  'payload',
  'status',
  'reason',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditEntry)[]

/** Stored form 2 (docs/audit-format.md §3): the form 1 fields and these two. */
const v2Fields = ['recording_id', 'payload_cipher'] as const

const kinds: ReadonlySet<unknown> = new Set(auditKinds)
const ciphers: ReadonlySet<unknown> = new Set(payloadCiphers)
const purposes: ReadonlySet<unknown> = new Set(auditPurposes)

export interface HeadCheck {
  /** The head the log must reach: the head file for the database, the last line of an export. */
  head: AuditHead | null
  /** What to call it in reasons: 'head file' or 'head line'. */
  source: string
  /**
   * The database's head file is written just after its row commits, so a crash in between leaves
   * the head one behind the log; an export's head line is written with the entries and must match.
   */
  mayLag: boolean
}

/**
 * Checks a log one entry at a time, in one pass and without looking back, for both the database
 * and an export. Entries come in as untrusted records (a row, a parsed line) and are validated
 * field by field before anything is hashed.
 */
export class ChainVerifier {
  private expectedSeq = 1
  private prevHash = GENESIS_HASH
  private hashAtHead: string | null
  private failure: { firstBadSeq: number; reason: string } | null = null

  constructor(private readonly check: HeadCheck) {
    this.hashAtHead = check.head?.seq === 0 ? GENESIS_HASH : null
  }

  /** Returns false once the chain is broken; later entries are then not looked at. */
  push(record: Readonly<Record<string, unknown>>): boolean {
    if (this.failure) return false
    const reason = this.reasonToReject(record)
    if (reason !== null) return this.fail(this.expectedSeq, reason)
    const entry = record as unknown as AuditEntry
    if (entry.seq === this.check.head?.seq) this.hashAtHead = entry.hash
    this.expectedSeq += 1
    this.prevHash = entry.hash
    return true
  }

  /**
   * A database row in `auditColumnsV2` order: the fast road when it takes the row, else the row as
   * `toRecord` makes it, the general way (same verdict and reason, see passesFastRowCheck).
   */
  pushRow(
    row: readonly unknown[],
    toRecord: (row: readonly unknown[]) => Readonly<Record<string, unknown>>,
  ): boolean {
    if (this.failure) return false
    if (!passesFastRowCheck(row, this.expectedSeq, this.prevHash)) return this.push(toRecord(row))
    const entryHash = row[12] as string
    if (this.expectedSeq === this.check.head?.seq) this.hashAtHead = entryHash
    this.expectedSeq += 1
    this.prevHash = entryHash
    return true
  }

  get nextSeq(): number {
    return this.expectedSeq
  }

  finish(): VerifyReport {
    if (this.failure) return { ok: false, ...this.failure }
    const { head, source, mayLag } = this.check
    const lastSeq = this.expectedSeq - 1
    if (head === null) {
      return { ok: false, firstBadSeq: lastSeq + 1, reason: `${source} missing` }
    }
    if (head.seq > lastSeq) {
      return {
        ok: false,
        firstBadSeq: lastSeq + 1,
        reason: `${source} says seq ${head.seq} but log ends at ${lastSeq} (truncated)`,
      }
    }
    if (head.seq < lastSeq && !mayLag) {
      return {
        ok: false,
        firstBadSeq: head.seq + 1,
        reason: `${source} says seq ${head.seq} but log continues to ${lastSeq}`,
      }
    }
    if (this.hashAtHead !== head.hash) {
      return {
        ok: false,
        firstBadSeq: head.seq,
        reason: `${source} hash does not match entry ${head.seq}`,
      }
    }
    return { ok: true, entries: lastSeq, headSeq: lastSeq, headHash: this.prevHash }
  }

  private fail(firstBadSeq: number, reason: string): false {
    this.failure ??= { firstBadSeq, reason }
    return false
  }

  private reasonToReject(record: Readonly<Record<string, unknown>>): string | null {
    const shape = shapeProblem(record)
    if (shape !== null) return `malformed entry: ${shape}`
    const entry = record as unknown as AuditEntry
    if (entry.seq !== this.expectedSeq) {
      return `seq gap: expected ${this.expectedSeq}, found ${entry.seq}`
    }
    if (entry.payload_cipher === 'aes-256-gcm') {
      // The plaintext may be erased: what can be checked is that the sealed bytes are the length a
      // seal of `bytes` bytes has; the chain below covers the sealed bytes themselves.
      if (entry.payload === null || entry.recording_id === null)
        return 'malformed entry: sealed payload'
      if (entry.payload.byteLength !== entry.bytes + SEALED_OVERHEAD) return 'bytes mismatch'
      if (entry.payload_sha256 === null) return 'payload_sha256 mismatch'
    } else if (entry.payload === null) {
      if (entry.payload_sha256 !== null || entry.bytes !== 0) return 'payload_sha256 mismatch'
    } else {
      if (entry.bytes !== entry.payload.byteLength) return 'bytes mismatch'
      if (entry.payload_sha256 !== hash('sha256', entry.payload, 'hex')) {
        return 'payload_sha256 mismatch'
      }
    }
    if (entry.prev_hash !== this.prevHash) return 'prev_hash does not link'
    if (hashAuditEntry(entry) !== entry.hash) return 'hash mismatch'
    return null
  }
}

/** The first field that does not have the type the format promises, or null. */
function shapeProblem(record: Readonly<Record<string, unknown>>): string | null {
  const keys = Object.keys(record)
  const v2 = keys.length === entryFields.length + v2Fields.length
  if (keys.length !== entryFields.length && !v2) return 'unexpected set of fields'
  for (const field of entryFields) {
    if (!Object.hasOwn(record, field)) return `missing ${field}`
  }
  if (v2) {
    for (const field of v2Fields) {
      if (!Object.hasOwn(record, field)) return `missing ${field}`
    }
    if (record.recording_id !== null && typeof record.recording_id !== 'string') {
      return 'recording_id'
    }
    if (!ciphers.has(record.payload_cipher)) return 'payload_cipher'
  }
  const r = record as Readonly<Record<(typeof entryFields)[number], unknown>>
  if (!isCount(r.seq) || r.seq < 1) return 'seq'
  if (typeof r.ts !== 'string') return 'ts'
  if (!kinds.has(r.kind)) return 'kind'
  if (!purposes.has(r.purpose)) return 'purpose'
  if (typeof r.destination !== 'string') return 'destination'
  if (typeof r.method !== 'string') return 'method'
  if (!isCount(r.bytes)) return 'bytes'
  // The three hashes are only checked to be strings: each is then compared with a value computed
  // here, which is valid hex, so a malformed one fails that comparison. (A regex per hash was a
  // tenth of verify's time.)
  if (r.payload_sha256 !== null && typeof r.payload_sha256 !== 'string') return 'payload_sha256'
  if (r.payload !== null && !(r.payload instanceof Uint8Array)) return 'payload'
  if (r.status !== null && !Number.isSafeInteger(r.status)) return 'status'
  if (r.reason !== null && typeof r.reason !== 'string') return 'reason'
  if (typeof r.prev_hash !== 'string') return 'prev_hash'
  if (typeof r.hash !== 'string') return 'hash'
  return null
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}
