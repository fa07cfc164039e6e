import { describe, expect, it } from 'vitest'
import { MediaError } from '../../../src/core/media/MediaError'
import { parseProbeJson } from '../../../src/core/media/parseProbeJson'

const audio = {
  index: 0,
  codec_type: 'audio',
  codec_name: 'mp3',
  channels: 2,
  sample_rate: '44100',
}

describe('parseProbeJson', () => {
  it('does not count cover art as video', () => {
    const json = JSON.stringify({
      format: { format_name: 'mp3', duration: '61.2345' },
      streams: [audio, { index: 1, codec_type: 'video', disposition: { attached_pic: 1 } }],
    })
    expect(parseProbeJson(json, '/a.mp3')).toEqual({
      container: 'mp3',
      durationMs: 61235,
      audioStreams: [{ index: 0, codec: 'mp3', channels: 2, sampleRate: 44100 }],
      hasVideo: false,
      creationTime: null,
    })
  })

  it('reads the container creation_time as the call date, never a muxer epoch', () => {
    const at = (tags: Record<string, string>) =>
      parseProbeJson(
        JSON.stringify({ format: { format_name: 'mov', duration: '1', tags }, streams: [audio] }),
        '/a.m4a',
      ).creationTime
    expect(at({ creation_time: '2024-03-05T10:30:00.000000Z' })).toBe('2024-03-05T10:30:00.000Z')
    expect(at({ CREATION_TIME: '2024-03-05T10:30:00Z' })).toBe('2024-03-05T10:30:00.000Z')
    expect(at({ creation_time: '1904-01-01T00:00:00Z' })).toBeNull()
    expect(at({ creation_time: 'yesterday' })).toBeNull()
    expect(at({})).toBeNull()
  })

  it('falls back to a stream duration when the container has none', () => {
    const json = JSON.stringify({
      format: { format_name: 'matroska,webm' },
      streams: [{ ...audio, duration: '2.5' }],
    })
    expect(parseProbeJson(json, '/a.mkv').durationMs).toBe(2500)
  })

  it('rejects files without audio, or whose only audio codec ffmpeg cannot name', () => {
    const code = (json: unknown): string => {
      try {
        parseProbeJson(JSON.stringify(json), '/a.mp4')
      } catch (error) {
        return (error as MediaError).code
      }
      return 'ok'
    }
    expect(code({ streams: [{ codec_type: 'video' }] })).toBe('no-audio-stream')
    expect(code({ streams: [{ codec_type: 'audio' }] })).toBe('unsupported-codec')
  })
})
