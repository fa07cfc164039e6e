import type { CallQuality } from '../../shared/quality'
import { speakerName, type SpeakerNames } from '../derive/applySpeakerNames'
import type { DerivedData } from '../store/DerivedStore'
import type { TranscriptExtras } from './TranscriptDocument'

/**
 * The summary, key moments and signals sections of a document export, from what derivation
 * stored, with the user's speaker names, and the call-quality report measured at import. The local transcript is shown as stored: no redaction.
 */
export function derivedExtras(
  derived: DerivedData,
  names: SpeakerNames,
  quality: CallQuality | null = null,
): TranscriptExtras {
  return {
    quality,
    summary: derived.summary?.text ?? null,
    keyMoments: (derived.summary?.keyMoments ?? []).map((moment) => ({
      startMs: moment.startMs,
      text: moment.sentence,
    })),
    signals: derived.signals.map((signal) =>
      signal.speaker === undefined
        ? signal
        : { ...signal, speaker: speakerName(names, signal.speaker) },
    ),
  }
}
