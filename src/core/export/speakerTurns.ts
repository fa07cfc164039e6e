import { speakerName, type SpeakerNames } from '../derive/applySpeakerNames'
import { channelSpeechRegions } from '../derive/speakers/channelSpeechRegions'
import type { ChannelEnergy } from '../derive/speakers/channelActivity'
import { speakerLabel } from '../derive/speakers/speakerLabel'

/** Who spoke when: one stretch of one speaker's speech (turns of different speakers may overlap). */
export interface SpeakerTurn {
  startMs: number
  endMs: number
  /** The speaker as shown to the user (their name for the label, else the label). */
  speaker: string
}

/** Pauses shorter than this inside one speaker's speech do not end the turn (NIST RT practice: 0.3 s). */
const TURN_BRIDGE_MS = 300

/**
 * The speaker turns of a recording. Two-channel recordings: each channel's own voice activity,
 * named after its channel's speaker, so cross-talk shows as overlapping turns. Otherwise: the
 * labelled transcript lines, one speaker's consecutive lines joined when the pause between them
 * is short. Sorted by start.
 */
export function speakerTurns(
  segments: readonly { startMs: number; endMs: number; speaker: string | null }[],
  names: SpeakerNames,
  energy?: ChannelEnergy,
): SpeakerTurn[] {
  const turns: SpeakerTurn[] = []
  if (energy && energy.channels > 1) {
    const regions = channelSpeechRegions(energy, {
      bridgeMs: TURN_BRIDGE_MS,
      padMs: 0,
      minSpeechMs: 200,
    })
    regions.forEach((list, channel) => {
      const speaker = speakerName(names, speakerLabel(channel))
      for (const region of list) turns.push({ ...region, speaker })
    })
  } else {
    const open = new Map<string, SpeakerTurn>()
    for (const segment of [...segments].sort((a, b) => a.startMs - b.startMs)) {
      if (segment.speaker === null || segment.endMs <= segment.startMs) continue
      const speaker = speakerName(names, segment.speaker)
      const last = open.get(speaker)
      if (last && segment.startMs - last.endMs < TURN_BRIDGE_MS) {
        last.endMs = Math.max(last.endMs, segment.endMs)
        continue
      }
      const turn = { startMs: segment.startMs, endMs: segment.endMs, speaker }
      turns.push(turn)
      open.set(speaker, turn)
    }
  }
  return turns.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)
}
