import { channelActivity, type ChannelEnergy } from './channelActivity'

/** Silero's own defaults: speech starts at p ≥ 0.5 and continues while p ≥ 0.35 (threshold − 0.15). */
const VOICE_ON = 0.5
const VOICE_OFF = 0.35
/** Quieter than this against the loudest channel is the other party leaking in (−20 dB). */
const BELOW_LOUDEST = 0.1

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
  /**
   * Per channel, a voice model's speech probability for each `voiceWindowMs` window (Silero VAD).
   * When given, a frame is speech where the model hears a voice on that channel and the channel is
   * not merely the other party leaking in; else where the channel's energy stands out.
   */
  voice?: readonly (readonly number[])[]
  voiceWindowMs?: number
}

/** Frame-level speech of each channel from voice probabilities, hysteresis as Silero applies it. */
function voiceActivity(
  energy: ChannelEnergy,
  voice: readonly (readonly number[])[],
  windowMs: number,
): Uint8Array {
  const { channels, frameMs, rms } = energy
  const frames = Math.floor(rms.length / channels)
  const active = new Uint8Array(frames * channels)
  for (let c = 0; c < channels; c++) {
    const probabilities = voice[c] ?? []
    let speaking = false
    const speechWindow = probabilities.map((p) => {
      speaking = speaking ? p >= VOICE_OFF : p >= VOICE_ON
      return speaking
    })
    for (let f = 0; f < frames; f++) {
      const first = Math.floor((f * frameMs) / windowMs)
      const end = Math.ceil(((f + 1) * frameMs) / windowMs)
      let heard = false
      for (let w = first; w < end && !heard; w++) heard = speechWindow[w] ?? false
      if (!heard) continue
      let loudest = 0
      for (let k = 0; k < channels; k++) loudest = Math.max(loudest, rms[f * channels + k] ?? 0)
      if ((rms[f * channels + c] ?? 0) >= loudest * BELOW_LOUDEST) active[f * channels + c] = 1
    }
  }
  return active
}

/**
 * Where each channel of a multi-channel recording carries speech: from a voice model's
 * probabilities when given, else from its per-frame energy (`channelActivity`: above its own noise
 * floor); either way not merely the other party leaking in. One
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
  const active = options.voice
    ? voiceActivity(energy, options.voice, options.voiceWindowMs ?? 32)
    : channelActivity(energy)
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
