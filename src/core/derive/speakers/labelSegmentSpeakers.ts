import { assignSpeakers } from './assignSpeakers'
import { attributeByChannel } from './attributeByChannel'
import type { ChannelEnergy } from './channelActivity'
import { diarize } from './diarize'
import type { SpeechBlocks } from './SpeakerFeatureStream'

/** What a finished transcription leaves for speaker attribution: channel loudness, or voice features. */
export type SpeakerEvidence =
  { kind: 'channels'; energy: ChannelEnergy } | { kind: 'voices'; blocks: SpeechBlocks }

/**
 * One label per segment, in segment order: by channel for recordings that keep each party on its
 * own channel, otherwise by diarizing the voices.
 */
export function labelSegmentSpeakers(
  segments: readonly { startMs: number; endMs: number }[],
  evidence: SpeakerEvidence,
): (string | null)[] {
  return evidence.kind === 'channels'
    ? attributeByChannel(segments, evidence.energy).map((a) => a.speaker)
    : assignSpeakers(segments, diarize(evidence.blocks))
}
