import { createHash } from 'node:crypto'
import { GENESIS_HASH, hashAuditEntry } from '../../../../src/core/audit/hashAuditEntry'
import { auditKinds, type AuditEntry } from '../../../../src/core/audit/types'
import type { Random } from './seededRandom'

/** A payload like the gate sends: JSON text, sometimes with non-ASCII, sometimes raw bytes or none. */
export function samplePayload(random: Random, i: number): Uint8Array | null {
  switch (i % 6) {
    case 0:
      return null
    case 1:
      return new Uint8Array(0)
    case 2:
      return Uint8Array.from({ length: random.int(1, 40) }, () => random.int(0, 255))
    default:
      return Buffer.from(
        JSON.stringify({
          recording: `r${i}`,
          text: `Grüße, call ${i} ☎ 🎧 ${'x'.repeat(random.int(0, 60))}`,
        }),
      )
  }
}

/** The purposes a form 1 log can hold: `mcp` came with schema 3, after form 2. */
const form1Purposes = ['upload', 'deletion', 'analytics', 'model-download'] as const

/** The next entry after `prev`, hashed as the log would hash it. */
export function nextEntry(
  prev: Pick<AuditEntry, 'seq' | 'hash'> | null,
  random: Random,
  payload = samplePayload(random, (prev?.seq ?? 0) + 1),
): AuditEntry {
  const seq = (prev?.seq ?? 0) + 1
  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq,
    ts: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString(),
    kind: random.pick(auditKinds),
    purpose: random.pick(form1Purposes),
    destination: 'https://api.earshot.example/v1/transcripts',
    method: random.pick(['POST', 'DELETE', 'GET']),
    bytes: payload?.byteLength ?? 0,
    payload_sha256: payload === null ? null : createHash('sha256').update(payload).digest('hex'),
    payload,
    status: seq % 3 === 0 ? random.pick([200, 201, 503]) : null,
    // A control character makes the export spell a \u001f escape, which must be tamper-evident too.
    reason: seq % 4 === 0 ? `refused\u001f: media signature "ftyp" at ${seq}` : null,
    prev_hash: prev?.hash ?? GENESIS_HASH,
  }
  return { ...unhashed, hash: hashAuditEntry(unhashed) }
}

/** A valid chain of `length` entries, built in memory (no database) for fast property tests. */
export function buildChain(length: number, random: Random): AuditEntry[] {
  const entries: AuditEntry[] = []
  for (let i = 0; i < length; i += 1) entries.push(nextEntry(entries.at(-1) ?? null, random))
  return entries
}
