import type { TranscriptUpload } from '../../../shared/upload'
import type { CapacityCharge, RecordingLedger } from './CapacityLedger'
import { measureUpload, type RecordingFacts, type UploadBits } from './measureUpload'
import { UPLOAD_BUDGET } from './uploadBudget'

export type CapacityVerdict =
  | {
      ok: true
      charge: CapacityCharge
      breakdown: UploadBits
      budgetBits: number
      spentBits: number
    }
  | { ok: false; rule: string; reason: string }

/** The recording's whole budget: `bitsPerSecond` for each second of its audio. */
export function recordingBudgetBits(durationMs: number): number {
  return (UPLOAD_BUDGET.bitsPerSecond * durationMs) / 1000
}

/**
 * Whether one more upload of a recording fits its budget (issue 10): the upload's rules and cost
 * (measureUpload), added to what the recording's earlier uploads were charged, against
 * `bitsPerSecond` × its duration. Pure given the ledger's answers; the caller records the charge.
 */
export function checkUploadCapacity(
  upload: TranscriptUpload,
  payloadSha256: string,
  facts: RecordingFacts,
  history: RecordingLedger,
): CapacityVerdict {
  const measured = measureUpload(upload, payloadSha256, { facts, history })
  if (!measured.ok) return measured
  const budgetBits = recordingBudgetBits(facts.durationMs)
  const spentBits = history.bitsCharged + measured.bits
  if (spentBits > budgetBits) {
    return {
      ok: false,
      rule: 'capacity-exceeded',
      reason:
        `This upload would bring what the recording's uploads can carry to ${Math.ceil(spentBits)} bits, ` +
        `over its budget of ${Math.floor(budgetBits)} bits (${UPLOAD_BUDGET.bitsPerSecond} bit/s of audio).`,
    }
  }
  return {
    ok: true,
    charge: { payloadSha256, bits: measured.bits, newParts: measured.newParts },
    breakdown: measured.breakdown,
    budgetBits,
    spentBits,
  }
}
