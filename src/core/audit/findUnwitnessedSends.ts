import type { AuditEntry } from './types'

/** The fields of an entry this check reads. */
export type SendRecord = Pick<
  AuditEntry,
  'seq' | 'hash' | 'kind' | 'purpose' | 'method' | 'destination' | 'status'
>

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
  const pending = new Map<string, SendRecord>()
  for (const entry of entries) {
    if (entry.seq < firstSeq || !isWitnessedRoute(entry, witness.backend)) continue
    const key = `${entry.method} ${entry.destination}`
    if (entry.kind === 'attempt') {
      pending.set(key, entry)
      continue
    }
    const attempt = pending.get(key)
    if (entry.kind !== 'outcome' || attempt === undefined) continue
    pending.delete(key)
    const accepted = entry.status !== null && entry.status >= 200 && entry.status <= 299
    if (accepted && !seen.has(`${attempt.seq}.${attempt.hash}`)) {
      return {
        seq: attempt.seq,
        reason: `entry ${attempt.seq} records a ${attempt.method} that ${witness.backend} answered ${entry.status}, but ${witness.backend} never saw it (forged)`,
      }
    }
  }
  return null
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
