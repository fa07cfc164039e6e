import { z } from 'zod'

/**
 * A recording's call-quality report (issue 14): what a researcher checks before trusting a
 * transcript. Measured during import from the PCM the transcriber is given (no second decode),
 * from the speech regions the diarizer or the voice model already found, and from the stored
 * lines. Shares are 0–1; levels are in dB. Null where a figure cannot be measured (no speech, no
 * confidences).
 */
export const QualityVerdict = z.enum(['good', 'check-transcript', 'poor-audio'])
export type QualityVerdict = z.infer<typeof QualityVerdict>

export const CallQuality = z.object({
  /** Share of the recording that is speech. */
  speechShare: z.number().min(0).max(1),
  /** RMS level of the speech, in dBFS (0 is full scale); null without speech. */
  loudnessDbfs: z.number().max(0).nullable(),
  /** Share of samples at or next to full scale (clipped). */
  clippingShare: z.number().min(0).max(1),
  /** Speech energy against the energy of the pauses, in dB (capped at 60); null when unmeasurable. */
  snrDb: z.number().min(-30).max(60).nullable(),
  /** Share of the speech where two or more speakers talk at once. */
  overlapShare: z.number().min(0).max(1),
  /** The transcriber's mean confidence over the lines, weighted by their length; null without. */
  meanConfidence: z.number().min(0).max(1).nullable(),
  verdict: QualityVerdict,
  /** Why the verdict is not "good", one plain sentence each; empty when it is. */
  reasons: z.array(z.string()),
})
export type CallQuality = z.infer<typeof CallQuality>

/** What the UI and exports show for a recording: its report, or null ("not measured") for
 *  recordings imported before reports existed (their audio is not decoded again for it). */
export const CallQualityView = CallQuality.nullable()
