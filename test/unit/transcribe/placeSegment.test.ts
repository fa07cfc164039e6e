import { describe, expect, it } from 'vitest'
import { placeSegment } from '../../../src/core/transcribe/placeSegment'

const window = { startMs: 60_000, durationMs: 11_000 }

describe('placeSegment', () => {
  it('offsets window-relative times onto the recording', () => {
    expect(placeSegment({ fromMs: 500, toMs: 2000, text: ' Hello ' }, window, 0)).toEqual({
      startMs: 60_500,
      endMs: 62_000,
      text: 'Hello',
    })
  })

  it('clamps an end past the window (whisper pads to 30 s) and a start before the previous end', () => {
    expect(placeSegment({ fromMs: 540, toMs: 29_440, text: 'x' }, window, 61_000)).toMatchObject({
      startMs: 61_000,
      endMs: 71_000,
    })
  })

  it('keeps confidence within 0–1 and drops empty text', () => {
    expect(
      placeSegment({ fromMs: 0, toMs: 1, text: 'a', confidence: 1.2 }, window, 0)?.confidence,
    ).toBe(1)
    expect(placeSegment({ fromMs: 0, toMs: 1, text: '  ' }, window, 0)).toBeUndefined()
  })
})
