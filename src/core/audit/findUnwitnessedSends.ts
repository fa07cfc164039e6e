import type { AuditEntry } from './types'

/** The fields of an entry this check reads. */
export type SendRecord = Pick<
  AuditEntry,
  'seq' | 'hash' | 'kind' | 'purpose' | 'method' | 'destination' | 'status'
> &
  Partial<Pick<AuditEntry, 'recording_id' | 'payload_sha256' | 'payload'>>

/** A backend's complete record of the heads it saw from one installation. */
export interface WitnessRecord {
  /** Its base URL, ending in `/` (the heads' `backend`). */
  backend: string
  heads: readonly { seq: number; hash: string }[]
}

/**
 * The reverse of verifyWitnessedHeads, for when the backend's whole record is at hand
 * (`audit verify --witness`): the log must not claim that this backend accepted a request it never
 * saw. Every upload or deletion attempt to the backend, from its first witnessed head on, whose
 * outcome is 2xx must be among the heads the backend lists. A forged "uploaded" or — worse — a
 * forged "deleted at the backend" fails here even when appended consistently after the last real
 * entry, which no head contradicts. Attempts before the backend's first head (an older backend, an
 * earlier installation id or token) are not judged.
 *
 * An outcome answers an attempt of the same route and recording (the `recording_id` both carry; the
 * route alone for entries from before it), and among several still open, the one whose payload
 * SHA-256 its receipt names, else the latest: a valid log passes whatever order a batch's attempts
 * and outcomes were written in, and every accepted send of a batch is judged, not only one.
 *
 * `entries` must be in seq order for one purpose at a time or all together. Returns the lowest
 * such entry, or null.
 */
export function findUnwitnessedSends(
  entries: Iterable<SendRecord>,
  witness: WitnessRecord,
): { seq: number; reason: string } | null {
  if (witness.heads.length === 0) return null
  const seen = new Set(witness.heads.map((head) => `${head.seq}.${head.hash}`))
  const firstSeq = Math.min(...witness.heads.map((head) => head.seq))
  /** Attempts without an outcome yet, in seq order, by route and recording. */
  const open = new Map<string, SendRecord[]>()
  let first: { seq: number; reason: string } | null = null
  for (const entry of entries) {
    if (!isWitnessedRoute(entry, witness.backend)) continue
    const key = `${entry.method} ${entry.destination} ${entry.recording_id ?? ''}`
    if (entry.kind === 'attempt') {
      const list = open.get(key)
      if (list === undefined) open.set(key, [entry])
      else list.push(entry)
      continue
    }
    const candidates = open.get(key)
    if (entry.kind !== 'outcome' || candidates === undefined || candidates.length === 0) continue
    const [attempt] = candidates.splice(answeredIndex(candidates, entry), 1)
    // Attempts before the first head are paired (so their outcomes answer nothing later) but not judged.
    if (attempt === undefined || attempt.seq < firstSeq) continue
    const accepted = entry.status !== null && entry.status >= 200 && entry.status <= 299
    if (accepted && !seen.has(`${attempt.seq}.${attempt.hash}`)) {
      // An outcome can come after a later attempt's: the lowest forged attempt is the one named.
      if (first === null || attempt.seq < first.seq) {
        first = {
          seq: attempt.seq,
          reason: `entry ${attempt.seq} records a ${attempt.method} that ${witness.backend} answered ${entry.status}, but ${witness.backend} never saw it (forged)`,
        }
      }
    }
  }
  return first
}

/**
 * Which open attempt an outcome answers: the latest whose payload SHA-256 the receipt names
 * (`payloadSha256`, UploadReceipt), else the latest. Only read when there is a choice.
 */
function answeredIndex(candidates: readonly SendRecord[], outcome: SendRecord): number {
  const last = candidates.length - 1
  if (last === 0) return 0
  const named = receiptPayloadSha256(outcome.payload)
  if (named === undefined) return last
  for (let i = last; i >= 0; i--) {
    if (candidates[i]?.payload_sha256 === named) return i
  }
  return last
}

/** The receipt's `payloadSha256`, when the outcome's payload is readable JSON that names one. */
function receiptPayloadSha256(payload: Uint8Array | null | undefined): string | undefined {
  if (payload === null || payload === undefined) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(payload).toString('utf8'))
    if (typeof value !== 'object' || value === null) return undefined
    const named = (value as Record<string, unknown>).payloadSha256
    return typeof named === 'string' ? named : undefined
  } catch {
    return undefined
  }
}

/** The routes the gate sends a head on (sendRoutes.ts `witnessed`), at this backend. */
function isWitnessedRoute(entry: SendRecord, backend: string): boolean {
  if (entry.purpose === 'upload') {
    return entry.method === 'POST' && entry.destination === `${backend}v1/transcripts`
  }
  if (entry.purpose === 'deletion') {
    return entry.method === 'DELETE' && entry.destination.startsWith(`${backend}v1/transcripts/`)
  }
  return false
}
