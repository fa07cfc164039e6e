import type { RecordingFacts, UploadHistory } from './measureUpload'

/** What the ledger holds for one recording. */
export interface RecordingLedger extends UploadHistory {
  /** Bits charged to the recording so far, over all of its uploads. */
  readonly bitsCharged: number
}

/** One upload's charge: recorded before its bytes leave. */
export interface CapacityCharge {
  payloadSha256: string
  bits: number
  /** Fingerprints of parts this upload sent for the first time. */
  newParts: readonly string[]
}

/**
 * The per-recording capacity ledger (issue 10): the gate reads the recording's duration from it
 * (the store's probed value, never the payload's claim) and what earlier uploads were charged,
 * and records each upload's charge before the request starts. The app's lives in the local store
 * (CapacityLedgerStore); `MemoryCapacityLedger` is for tests and the backend's own bookkeeping.
 */
export interface CapacityLedger {
  /** What the store holds for the recording; undefined when it is not known here. */
  recording(recordingId: string): RecordingFacts | undefined
  history(recordingId: string): RecordingLedger
  charge(recordingId: string, charge: CapacityCharge): void
  /** Whether any upload of the recording was ever charged: only those may be deleted remotely. */
  wasUploaded(recordingId: string): boolean
}

interface Entry {
  bits: number
  uploads: Set<string>
  parts: Set<string>
}

/** A ledger in memory: recordings are registered with what a store would know of them. */
export class MemoryCapacityLedger implements CapacityLedger {
  private readonly facts = new Map<string, RecordingFacts>()
  private readonly entries = new Map<string, Entry>()

  register(recordingId: string, facts: RecordingFacts): void {
    this.facts.set(recordingId, facts)
  }

  recording(recordingId: string): RecordingFacts | undefined {
    return this.facts.get(recordingId)
  }

  history(recordingId: string): RecordingLedger {
    const entry = this.entries.get(recordingId) ?? { bits: 0, uploads: new Set(), parts: new Set() }
    return {
      bitsCharged: entry.bits,
      uploadCount: entry.uploads.size,
      partCount: entry.parts.size,
      hasUpload: (sha) => entry.uploads.has(sha),
      hasPart: (fp) => entry.parts.has(fp),
    }
  }

  charge(recordingId: string, charge: CapacityCharge): void {
    let entry = this.entries.get(recordingId)
    if (entry === undefined) {
      entry = { bits: 0, uploads: new Set(), parts: new Set() }
      this.entries.set(recordingId, entry)
    }
    entry.bits += charge.bits
    entry.uploads.add(charge.payloadSha256)
    for (const part of charge.newParts) entry.parts.add(part)
  }

  wasUploaded(recordingId: string): boolean {
    return this.entries.has(recordingId)
  }
}
