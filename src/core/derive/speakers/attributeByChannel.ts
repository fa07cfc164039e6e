import { channelActivity, type ChannelEnergy } from './channelActivity'
import { speakerLabel } from './speakerLabel'

export interface ChannelAttribution {
  /** `Speaker n` for channel n−1 (left is Speaker 1), or null when the segment's span is silent. */
  speaker: string | null
  /** Time within the segment when more than one channel was talking. */
  overlapMs: number
}

/**
 * Call recorders that put each party on its own channel: a segment belongs to the channel with the
 * most energy over its span. When both talk at once the louder (dominant) one wins the segment,
 * and the overlap is reported so metrics can count interruptions.
 */
export function attributeByChannel(
  segments: readonly { startMs: number; endMs: number }[],
  energy: ChannelEnergy,
): ChannelAttribution[] {
  const { channels, frameMs, rms } = energy
  const frames = Math.floor(rms.length / channels)
  const active = channelActivity(energy)
  return segments.map((segment) => {
    const first = Math.max(0, Math.floor(segment.startMs / frameMs))
    const end = Math.min(frames, Math.max(first + 1, Math.ceil(segment.endMs / frameMs)))
    const totals = new Float64Array(channels)
    let overlapFrames = 0
    for (let f = first; f < end; f++) {
      let talking = 0
      for (let c = 0; c < channels; c++) {
        const value = rms[f * channels + c] ?? 0
        totals[c] = (totals[c] ?? 0) + value * value
        talking += active[f * channels + c] ?? 0
      }
      if (talking >= 2) overlapFrames++
    }
    let dominant = -1
    let most = 0
    totals.forEach((total, c) => {
      if (total > most) {
        most = total
        dominant = c
      }
    })
    return {
      speaker: dominant < 0 ? null : speakerLabel(dominant),
      overlapMs: overlapFrames * frameMs,
    }
  })
}
