import { UPLOAD_BUDGET } from '../../src/core/egress/capacity/uploadBudget'
import { loadCapacityCorpus, startUploadWorld } from '../../test/support/uploadWorld'
import { runRandomPlants } from '../../test/redteam/support/randomPlants'

export interface CapacityFigures {
  /** The stated bound: what all uploads of a recording can carry, per second of its audio. */
  boundBitsPerSecond: number
  /** Ordinary calls through the real upload path (redacted), then one edited line, again. */
  corpus: { transcripts: number; uploads: number; refused: number; falseRefusalRate: number }
  /** Bits per second each call's uploads were charged: first upload, and after the edit. */
  chargedBitsPerSecond: Record<string, { first: number; afterEdit: number }>
  /** Random encodings planted within the budget (the property test, more recordings). */
  plants: {
    recordings: number
    passed: number
    refused: number
    carriedBitsPerSecondOfAudio: number
    worstRecordingVsBound: number
    violations: number
  }
}

/** The capacity budget's figures for bench:privacy (issue 10). */
export async function capacityFigures(): Promise<CapacityFigures> {
  const world = await startUploadWorld()
  const corpus = loadCapacityCorpus()
  const charged: CapacityFigures['chargedBitsPerSecond'] = {}
  let uploads = 0
  let refused = 0
  try {
    const ledger = world.core.capacity
    for (const transcript of corpus) {
      const id = world.seed(transcript)
      const seconds = transcript.durationMs / 1000
      const [first] = await world.core.sync.upload([id])
      uploads++
      if (first?.state !== 'done') refused++
      const afterFirst = ledger.history(id).bitsCharged
      const line = transcript.segments[0]?.text ?? ''
      await world.service.dispatch('segments.edit', { id, idx: 0, text: `${line} Okay.` })
      const [second] = await world.core.sync.upload([id])
      uploads++
      if (second?.state !== 'done') refused++
      charged[transcript.name] = {
        first: afterFirst / seconds,
        afterEdit: ledger.history(id).bitsCharged / seconds,
      }
    }
  } finally {
    await world.close()
  }
  const run = runRandomPlants(0xbe4c, 400)
  return {
    boundBitsPerSecond: UPLOAD_BUDGET.bitsPerSecond,
    corpus: { transcripts: corpus.length, uploads, refused, falseRefusalRate: refused / uploads },
    chargedBitsPerSecond: charged,
    plants: {
      recordings: run.recordings,
      passed: run.uploadsPassed,
      refused: run.uploadsRefused,
      carriedBitsPerSecondOfAudio: (run.carriedBits / run.boundBits) * UPLOAD_BUDGET.bitsPerSecond,
      worstRecordingVsBound: run.worstRatio,
      violations: run.violations.length,
    },
  }
}
