import type { z } from 'zod'
import { YOU_SPEAKER_NAME, type PartySplit } from '../../../shared/derivedViews'
import type { UploadMetrics, UploadSignal } from '../../../shared/upload'
import type { SpeakerNames } from '../applySpeakerNames'

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000

/**
 * You vs them from what derivation stored (keyed by speaker label): the labels the user's names
 * call "You" on one side, every other speaker on the other. Null when nobody is "You".
 */
export function partySplit(
  metrics: z.infer<typeof UploadMetrics> | null,
  signals: readonly z.infer<typeof UploadSignal>[],
  names: SpeakerNames,
): PartySplit | null {
  const youLabels = Object.keys(names)
    .filter((label) => names[label] === YOU_SPEAKER_NAME)
    .sort()
  if (youLabels.length === 0) return null
  const isYou = (label: string | undefined): boolean =>
    label !== undefined && youLabels.includes(label)
  const figures = (you: boolean) => {
    let talkShare = 0
    let questions = 0
    for (const [label, share] of Object.entries(metrics?.talkRatio ?? {})) {
      if (isYou(label) === you) talkShare += share
    }
    for (const [label, count] of Object.entries(metrics?.questions ?? {})) {
      if (isYou(label) === you) questions += count
    }
    return {
      talkShare: Math.min(1, round4(talkShare)),
      questions,
      signals: signals.filter((s) => isYou(s.speaker) === you).length,
    }
  }
  return { youLabels, you: figures(true), them: figures(false) }
}
