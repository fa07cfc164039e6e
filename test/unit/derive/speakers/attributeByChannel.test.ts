import { describe, expect, it } from 'vitest'
import { attributeByChannel } from '../../../../src/core/derive/speakers/attributeByChannel'
import { overlapIntervals } from '../../../../src/core/derive/speakers/channelActivity'

/** 100 ms frames; `level(frameIndex)` → [left, right] RMS. */
function energy(frames: number, level: (f: number) => [number, number]) {
  const rms = new Float32Array(frames * 2)
  for (let f = 0; f < frames; f++) [rms[2 * f] = 0, rms[2 * f + 1] = 0] = level(f)
  return { frameMs: 100, channels: 2, rms }
}

// 0–2 s left talks, 1.5–4 s right talks (0.5 s of both), 4–5 s silence with a little hiss;
// each side leaks into the other at −30 dB, as a headset does.
const call = energy(50, (f) => {
  const left = f < 20 ? 0.2 : 0.001
  const right = f >= 15 && f < 40 ? 0.1 : 0.001
  return [left + right * 0.03, right + left * 0.03]
})

describe('speakers of a two-channel call', () => {
  it('names each segment after the louder channel, left first, and reports the time both talk', () => {
    const result = attributeByChannel(
      [
        { startMs: 0, endMs: 1500 },
        { startMs: 1500, endMs: 2000 },
        { startMs: 2000, endMs: 4000 },
      ],
      call,
    )
    expect(result).toEqual([
      { speaker: 'Speaker 1', overlapMs: 0 },
      // Both talk here: the dominant (louder) party gets the segment; the overlap is kept.
      { speaker: 'Speaker 1', overlapMs: 500 },
      { speaker: 'Speaker 2', overlapMs: 0 },
    ])
  })

  it('does not count the other party leaking in at −30 dB as overlap', () => {
    expect(overlapIntervals(call)).toEqual([{ startMs: 1500, endMs: 2000 }])
  })

  it('leaves a segment over digital silence unattributed', () => {
    const silent = energy(10, () => [0, 0])
    expect(attributeByChannel([{ startMs: 0, endMs: 900 }], silent)).toEqual([
      { speaker: null, overlapMs: 0 },
    ])
  })

  it('attributes a segment shorter than a frame, or running past the end, to the frames it touches', () => {
    expect(
      attributeByChannel(
        [
          { startMs: 3950, endMs: 3960 },
          { startMs: 4800, endMs: 9000 },
        ],
        call,
      ).map((a) => a.speaker),
    ).toEqual(['Speaker 2', 'Speaker 1'])
  })
})
