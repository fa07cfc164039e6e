import { describe, expect, it } from 'vitest'
import { createMediaBackend } from '../../../src/core/media/createMediaBackend'
import { MediaError } from '../../../src/core/media/MediaError'

describe('createMediaBackend', () => {
  it('picks native ffmpeg in auto mode when it is on PATH', () => {
    expect(createMediaBackend({ backend: 'auto', env: process.env }).kind).toBe('native')
  })

  it('falls back to wasm in auto mode when no ffmpeg is found', () => {
    expect(createMediaBackend({ backend: 'auto', env: { PATH: '/nonexistent' } }).kind).toBe('wasm')
  })

  it('uses wasm when chosen even though native ffmpeg exists', () => {
    expect(createMediaBackend({ backend: 'wasm', env: process.env }).kind).toBe('wasm')
  })

  it('does not throw when native is required but missing: each call fails with ffmpeg-not-found', async () => {
    const backend = createMediaBackend({ backend: 'native', env: { PATH: '/nonexistent' } })
    await expect(backend.probe('/any.mp4')).rejects.toMatchObject({ code: 'ffmpeg-not-found' })
    const iterator = backend.decodeToPcm('/any.mp4')[Symbol.asyncIterator]()
    await expect(iterator.next()).rejects.toBeInstanceOf(MediaError)
  })

  it('reports a wrong media.ffmpegPath instead of silently using wasm in auto mode', async () => {
    const backend = createMediaBackend({
      backend: 'auto',
      settingPath: '/nonexistent/ffmpeg',
      env: process.env,
    })
    await expect(backend.probe('/any.mp4')).rejects.toMatchObject({
      code: 'ffmpeg-not-found',
      message: expect.stringContaining('media.ffmpegPath') as string,
    })
  })
})
