import { describe, expect, it } from 'vitest'
import { durationBucket } from '../../../src/core/analytics/durationBucket'
import { formatOf } from '../../../src/core/analytics/formatOf'
import { modelSizeOf } from '../../../src/core/analytics/modelSizeOf'
import { realtimeFactorBucket } from '../../../src/core/analytics/realtimeFactorBucket'

const min = 60_000

describe('analytics buckets', () => {
  it('buckets durations at the minute boundaries', () => {
    expect(
      [
        0,
        min - 1,
        min,
        5 * min - 1,
        5 * min,
        15 * min,
        30 * min,
        60 * min - 1,
        60 * min,
        8 * 60 * min,
      ].map(durationBucket),
    ).toEqual(['<1m', '<1m', '1-5m', '1-5m', '5-15m', '15-30m', '30-60m', '30-60m', '>60m', '>60m'])
    expect(() => durationBucket(-1)).toThrow(RangeError)
    expect(() => durationBucket(Number.NaN)).toThrow(RangeError)
  })

  it('buckets realtime factors', () => {
    expect([0.5, 1, 1.99, 2, 4.9, 5, 9.99, 10, 400].map(realtimeFactorBucket)).toEqual([
      '<1x',
      '1-2x',
      '1-2x',
      '2-5x',
      '2-5x',
      '5-10x',
      '5-10x',
      '>10x',
      '>10x',
    ])
    expect(() => realtimeFactorBucket(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })

  it('names formats from extensions and ffprobe demuxer names, anything else as other', () => {
    expect(
      [
        '.MP4',
        'mov',
        'webm',
        'm4a',
        'mp3',
        'wav',
        'mov,mp4,m4a,3gp,3g2,mj2',
        'matroska,webm',
        'flac',
        '/Users/ann/call.mp4',
        '',
      ].map(formatOf),
    ).toEqual(['mp4', 'mov', 'webm', 'm4a', 'mp3', 'wav', 'mp4', 'mkv', 'other', 'other', 'other'])
  })

  it('names the model family, never the file', () => {
    expect(
      [
        'ggml-tiny.en.bin',
        'ggml-base.bin',
        'small',
        'medium.en',
        'ggml-large-v3.bin',
        '/home/ann/my-model.bin',
      ].map(modelSizeOf),
    ).toEqual(['tiny', 'base', 'small', 'medium', 'large', 'other'])
  })
})
