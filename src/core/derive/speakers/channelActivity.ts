/** Per-frame RMS of each channel, interleaved [c0, c1, …] per frame, as ChannelEnergyMeter stores it. */
export interface ChannelEnergy {
  frameMs: number
  channels: number
  rms: ArrayLike<number>
}

/** Below this RMS (−50 dBFS) a channel is silent whatever its noise floor. */
const ABSOLUTE_FLOOR = 0.003
/** Active means at least 12 dB (×4 RMS) above the channel's own noise floor… */
const ABOVE_FLOOR = 4
/** …and within 20 dB of the loudest channel: quieter than that is the other party leaking in. */
const BELOW_LOUDEST = 0.1

/**
 * Which channels carry speech in each frame: `active[frame * channels + c]`. The noise floor of a
 * channel is its 10th-percentile frame, so line hiss or a room tone does not count as talking.
 */
export function channelActivity(energy: ChannelEnergy): Uint8Array {
  const { channels, rms } = energy
  const frames = Math.floor(rms.length / channels)
  const thresholds = Array.from({ length: channels }, (_, c) => {
    const values = Float64Array.from(
      { length: frames },
      (_, f) => rms[f * channels + c] ?? 0,
    ).sort()
    const floor = values[Math.floor(frames * 0.1)] ?? 0
    return Math.max(ABSOLUTE_FLOOR, floor * ABOVE_FLOOR)
  })
  const active = new Uint8Array(frames * channels)
  for (let f = 0; f < frames; f++) {
    let loudest = 0
    for (let c = 0; c < channels; c++) loudest = Math.max(loudest, rms[f * channels + c] ?? 0)
    for (let c = 0; c < channels; c++) {
      const value = rms[f * channels + c] ?? 0
      if (value > (thresholds[c] ?? 0) && value >= loudest * BELOW_LOUDEST) {
        active[f * channels + c] = 1
      }
    }
  }
  return active
}

/** Stretches where two or more channels talk at once: cross-talk, interruptions, backchannels. */
export function overlapIntervals(energy: ChannelEnergy): { startMs: number; endMs: number }[] {
  const active = channelActivity(energy)
  const { channels, frameMs } = energy
  const frames = Math.floor(active.length / channels)
  const intervals: { startMs: number; endMs: number }[] = []
  for (let f = 0; f < frames; f++) {
    let talking = 0
    for (let c = 0; c < channels; c++) talking += active[f * channels + c] ?? 0
    if (talking < 2) continue
    const last = intervals[intervals.length - 1]
    if (last?.endMs === f * frameMs) last.endMs = (f + 1) * frameMs
    else intervals.push({ startMs: f * frameMs, endMs: (f + 1) * frameMs })
  }
  return intervals
}
