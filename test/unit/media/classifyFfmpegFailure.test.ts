import { describe, expect, it } from 'vitest'
import { classifyFfmpegFailure } from '../../../src/core/media/classifyFfmpegFailure'
import { looksLikeMedia } from '../../../src/core/media/looksLikeMedia'

const classify = (stderr: string, media = true) =>
  classifyFfmpegFailure({ file: '/calls/a b.mp4', stderr, looksLikeMedia: media })

describe('classifyFfmpegFailure', () => {
  it('calls a missing index in something that looks like media corrupt, in anything else not media', () => {
    const stderr =
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55f8] moov atom not found\nx: Invalid data found when processing input'
    expect(classify(stderr, true).code).toBe('corrupt-media')
    expect(classify(stderr, false).code).toBe('not-media')
  })

  it('recognises a missing decoder and a missing audio stream', () => {
    expect(classify('Decoder (codec none) not found for input stream #0:0').code).toBe(
      'unsupported-codec',
    )
    expect(classify("Stream map '0:a:0' matches no streams.").code).toBe('no-audio-stream')
  })

  it('keeps ffmpeg’s last line as detail, without the demuxer address, and names the file', () => {
    const error = classify('[aac @ 0x1234abcd] something odd happened')
    expect(error.code).toBe('ffmpeg-failed')
    expect(error.detail).toBe('something odd happened')
    expect(error.message).toBe('ffmpeg could not read "a b.mp4": something odd happened')
  })
})

describe('looksLikeMedia', () => {
  const bytes = (text: string) => new TextEncoder().encode(text)

  it.each([
    ['mp4', bytes('\0\0\0\x20ftypisom')],
    ['wav', bytes('RIFF\0\0\0\0WAVE')],
    ['mp3 with ID3', bytes('ID3\x04')],
    ['mkv/webm', Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3)],
    ['bare mp3 frame', Uint8Array.of(0xff, 0xfb, 0x90, 0x00)],
  ])('recognises %s', (_label, head) => {
    expect(looksLikeMedia(head)).toBe(true)
  })

  it('rejects text and nothing at all', () => {
    expect(looksLikeMedia(bytes('This is a text file'))).toBe(false)
    expect(looksLikeMedia(new Uint8Array(0))).toBe(false)
  })
})
