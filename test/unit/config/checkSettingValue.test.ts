import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { SettingsStore } from '../../../src/core/store/SettingsStore'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

/** A real settings table: the checks run where every caller (CLI, web, desktop) saves. */
function settings(): SettingsStore {
  return new SettingsStore(openDatabase(join(tempDir(), 'earshot.db'), null))
}

describe('settings are checked when saved, not first when they are used', () => {
  it('refuses plain http to another computer, allows https and this computer', () => {
    const store = settings()
    expect(() => store.set('backend.url', 'http://backend.example.com/')).toThrow(
      'backend.url must start with https:// unless the backend runs on this computer (127.0.0.1).',
    )
    expect(store.get('backend.url')).toBeNull()
    expect(store.set('backend.url', 'https://backend.example.com/')).toBe(
      'https://backend.example.com/',
    )
    expect(store.set('backend.url', 'http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787/')
  })

  it('refuses a missing model file and a file that is not a whisper model', () => {
    const store = settings()
    const missing = join(tempDir(), 'nowhere.bin')
    expect(() => store.set('model.path', missing)).toThrow(
      `No whisper model file can be read at ${missing}.`,
    )
    const text = join(tempDir(), 'notes.txt')
    writeFileSync(text, 'meeting notes')
    expect(() => store.set('model.path', text)).toThrow(
      `${text} is not a whisper (ggml) model file.`,
    )
    const folder = join(tempDir(), 'models')
    mkdirSync(folder)
    expect(() => store.set('model.path', folder)).toThrow(/No whisper model file can be read/)
    const model = join(tempDir(), 'ggml-tiny.bin')
    // The ggml magic (0x67676d6c, little-endian) is what every whisper.cpp model starts with.
    const head = Buffer.alloc(8)
    head.writeUInt32LE(0x67676d6c, 0)
    writeFileSync(model, head)
    chmodSync(model, 0o600)
    expect(store.set('model.path', model)).toBe(model)
    expect(store.set('model.path', null)).toBeNull()
  })

  it('refuses a language whisper does not know', () => {
    const store = settings()
    expect(() => store.set('transcribe.language', 'xx')).toThrow(
      'Whisper does not know the language “xx”; use “auto” or a code such as “en” or “de”.',
    )
    expect(store.set('transcribe.language', 'de')).toBe('de')
    expect(store.set('transcribe.language', 'yue')).toBe('yue')
    expect(store.set('transcribe.language', 'auto')).toBe('auto')
  })

  it('refuses a missing ffmpeg program', () => {
    const store = settings()
    expect(() => store.set('media.ffmpegPath', join(tempDir(), 'no-ffmpeg'))).toThrow()
    expect(store.get('media.ffmpegPath')).toBeNull()
  })

  it('says what is wrong in one sentence instead of schema text', () => {
    expect(() => settings().set('transcribe.threads', 0)).toThrow(
      /^transcribe\.threads must be at least 1\.$/,
    )
  })
})
