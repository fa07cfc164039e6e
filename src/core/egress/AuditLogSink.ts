import type { AuditLog } from '../audit/AuditLog'
import type { AuditEntryInput } from '../audit/types'
import type { AuditEntryHead, AuditSink, EgressAuditEntry } from './AuditSink'

/**
 * The gate's entries in the hash-chained audit log (DESIGN.md §6). The log stamps its own time,
 * sequence and SHA-256 of the payload; `append` is synchronous and durable when it returns, so the
 * gate's "audit first" holds. Received byte counts of downloads have no column and are dropped.
 */
export class AuditLogSink implements AuditSink {
  constructor(
    private readonly log: Pick<AuditLog, 'append'> &
      Partial<Pick<AuditLog, 'appendAll' | 'assertIntact'>>,
  ) {}

  assertIntact(): void {
    this.log.assertIntact?.()
  }

  append(entry: EgressAuditEntry): AuditEntryHead {
    const stored = this.log.append(toInput(entry))
    return { seq: stored.seq, hash: stored.hash }
  }

  /** One transaction and one fsync for all (AuditLog.appendAll), else one by one. */
  appendAll(entries: readonly EgressAuditEntry[]): AuditEntryHead[] {
    const inputs = entries.map(toInput)
    const stored =
      this.log.appendAll !== undefined
        ? this.log.appendAll(inputs)
        : inputs.map((input) => this.log.append(input))
    return stored.map(({ seq, hash }) => ({ seq, hash }))
  }
}

function toInput(entry: EgressAuditEntry): AuditEntryInput {
  return {
    kind: entry.kind,
    purpose: entry.purpose,
    destination: entry.destination,
    method: entry.method,
    payload: entry.payload ?? null,
    status: entry.status ?? null,
    reason: entry.reason ?? null,
    recordingId: entry.recordingId ?? null,
  }
}
