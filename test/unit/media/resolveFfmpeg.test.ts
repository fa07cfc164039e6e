import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MediaError } from '../../../src/core/media/MediaError'
import { resolveFfmpeg } from '../../../src/core/media/resolveFfmpeg'
import { usePrivateTempDir } from '../../support/tempDir'

const tempDir = usePrivateTempDir('earshot-ffmpeg-')

/** A folder holding executable `ffmpeg` and `ffprobe` stand-ins (never run). */
function toolDir(withProbe = true): string {
  const dir = join(tempDir(), 'bin')
  mkdirSync(dir)
  for (const name of withProbe ? ['ffmpeg', 'ffprobe'] : ['ffmpeg']) {
    writeFileSync(join(dir, name), '#!/bin/sh\n')
    chmodSync(join(dir, name), 0o755)
  }
  return dir
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof MediaError) return error.code
    throw error
  }
  return undefined
}

describe('resolveFfmpeg', () => {
  it('prefers the media.ffmpegPath setting over EARSHOT_FFMPEG and PATH', () => {
    const [fromSetting, fromEnv, fromPath] = [toolDir(), toolDir(), toolDir()]
    const found = resolveFfmpeg({
      settingPath: join(fromSetting, 'ffmpeg'),
      env: { EARSHOT_FFMPEG: join(fromEnv, 'ffmpeg'), PATH: fromPath },
    })
    expect(found).toEqual({
      ffmpeg: join(fromSetting, 'ffmpeg'),
      ffprobe: join(fromSetting, 'ffprobe'),
      source: 'setting',
    })
  })

  it('uses EARSHOT_FFMPEG when no setting is given', () => {
    const dir = toolDir()
    const found = resolveFfmpeg({ env: { EARSHOT_FFMPEG: join(dir, 'ffmpeg'), PATH: toolDir() } })
    expect(found?.source).toBe('env')
    expect(found?.ffprobe).toBe(join(dir, 'ffprobe'))
  })

  it('searches PATH in order, skipping relative entries and folders without both tools', () => {
    const onlyFfmpeg = toolDir(false)
    const both = toolDir()
    const found = resolveFfmpeg({ env: { PATH: ['.', '', onlyFfmpeg, both].join(':') } })
    expect(found).toEqual({
      ffmpeg: join(both, 'ffmpeg'),
      ffprobe: join(both, 'ffprobe'),
      source: 'path',
    })
  })

  it('returns null when nothing is configured and PATH has no ffmpeg', () => {
    expect(resolveFfmpeg({ env: { PATH: tempDir() } })).toBeNull()
    expect(resolveFfmpeg({ env: {} })).toBeNull()
  })

  it('throws ffmpeg-not-found for a configured path that is missing, a folder, or lacks ffprobe', () => {
    const dir = tempDir()
    expect(codeOf(() => resolveFfmpeg({ settingPath: join(dir, 'ffmpeg'), env: {} }))).toBe(
      'ffmpeg-not-found',
    )
    expect(codeOf(() => resolveFfmpeg({ settingPath: dir, env: {} }))).toBe('ffmpeg-not-found')
    expect(
      codeOf(() => resolveFfmpeg({ env: { EARSHOT_FFMPEG: join(toolDir(false), 'ffmpeg') } })),
    ).toBe('ffmpeg-not-found')
  })

  it('ignores a blank setting and falls through to the environment', () => {
    const dir = toolDir()
    expect(resolveFfmpeg({ settingPath: '  ', env: { PATH: dir } })?.source).toBe('path')
  })
})
