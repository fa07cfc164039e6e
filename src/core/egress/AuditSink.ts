import type { EgressPurpose } from './EgressPurpose'

/**
 * One line of what the gate did. A subset of the hash-chained entry of DESIGN.md §6: the audit
 * module adds seq, payload, payload_sha256 and the chain when it takes over this interface.
 */
export interface EgressAuditEntry {
  readonly ts: string
  readonly kind: 'attempt' | 'outcome' | 'blocked'
  readonly purpose: EgressPurpose
  /** Origin and path only: signed CDN redirects carry short-lived credentials in the query. */
  readonly destination: string
  readonly method: string
  /** Request body bytes that left the machine (0 for a download). */
  readonly bytes: number
  /**
   * The exact bytes: the request body on an `attempt`, the response body (the receipt) on an
   * `outcome`. Absent for downloads and refusals.
   */
  readonly payload?: Uint8Array
  /** Response body bytes read, on `outcome` entries. */
  readonly bytesReceived?: number
  readonly status?: number
  readonly reason?: string
  /** The local recording the request is about, when it is about one. */
  readonly recordingId?: string
}

/** Where an entry landed in a hash-chained log: what the gate tells a witnessing backend. */
export interface AuditEntryHead {
  readonly seq: number
  readonly hash: string
}

/**
 * Where the gate writes its entries. Appends are awaited: audit first (DESIGN.md §5). A chained
 * sink returns the entry's head, which the gate sends along as `Earshot-Audit-Head`; a sink that
 * returns nothing (a test's list) is not witnessed.
 */
export interface AuditSink {
  // void, not undefined: a test's `(entry) => { list.push(entry) }` must still be a sink.
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  append(entry: EgressAuditEntry): void | AuditEntryHead | Promise<void | AuditEntryHead>
  /**
   * Several entries at once, all durable when it returns (a group commit: one fsync for all), in
   * order; heads as `append` returns them. Optional: the gate appends one by one without it.
   */
  appendAll?(
    entries: readonly EgressAuditEntry[],
  ): readonly (AuditEntryHead | undefined)[] | Promise<readonly (AuditEntryHead | undefined)[]>
  /**
   * Throws when the sink could not take an append right now because its file is gone or replaced
   * (a cheap check, no write). Optional: the gate calls it between the requests of a batch whose
   * outcomes it writes at the end (EgressGate.sendEach).
   */
  assertIntact?(): void
}
