import { channelActivity, type ChannelEnergy } from './channelActivity'

export interface SpeechRegion {
  startMs: number
  endMs: number
}

export interface SpeechRegionOptions {
  /** Pauses shorter than this stay inside one region: whisper needs the context of a sentence. */
  bridgeMs?: number
  /** Kept on each side of a region, so word onsets and trailing consonants are not clipped. */
  padMs?: number
  /** Bursts shorter than this (a click, a cough on the line) are not speech. */
  minSpeechMs?: number
}

/**
 * Where each channel of a multi-channel recording carries speech, from its per-frame energy
 * (`channelActivity`: above its own noise floor and not merely the other party leaking in). One
 * sorted, non-overlapping list per channel; the channels' lists may overlap each other, which is
 * what cross-talk looks like.
 */
export function channelSpeechRegions(
  energy: ChannelEnergy,
  options: SpeechRegionOptions = {},
): SpeechRegion[][] {
  const { channels, frameMs } = energy
  const bridgeMs = options.bridgeMs ?? 700
  const padMs = options.padMs ?? 200
  const minSpeechMs = options.minSpeechMs ?? 150
  const active = channelActivity(energy)
  const frames = Math.floor(active.length / channels)
  const totalMs = frames * frameMs
  return Array.from({ length: channels }, (_, c) => {
    const runs: SpeechRegion[] = []
    for (let f = 0; f < frames; f++) {
      if (!active[f * channels + c]) continue
      const last = runs.at(-1)
      if (last?.endMs === f * frameMs) last.endMs = (f + 1) * frameMs
      else runs.push({ startMs: f * frameMs, endMs: (f + 1) * frameMs })
    }
    const bridged: SpeechRegion[] = []
    for (const run of runs) {
      const last = bridged.at(-1)
      if (last && run.startMs - last.endMs < bridgeMs) last.endMs = run.endMs
      else bridged.push({ ...run })
    }
    const regions: SpeechRegion[] = []
    for (const region of bridged) {
      if (region.endMs - region.startMs < minSpeechMs) continue
      const padded = {
        startMs: Math.max(0, region.startMs - padMs),
        endMs: Math.min(totalMs, region.endMs + padMs),
      }
      const last = regions.at(-1)
      if (last && padded.startMs <= last.endMs) last.endMs = padded.endMs
      else regions.push(padded)
    }
    return regions
  })
}
