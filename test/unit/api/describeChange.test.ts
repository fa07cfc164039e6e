import { describe, expect, it } from 'vitest'
import { describeChange } from '../../../src/core/api/ChangeConfirmer'

describe('describeChange: the question the user reads', () => {
  it('shows the value to be set, and only that a token is being set', () => {
    expect(
      describeChange({ kind: 'setting', key: 'backend.url', value: 'https://a.example/' }),
    ).toBe('set backend.url to "https://a.example/"')
    expect(describeChange({ kind: 'setting', key: 'model.path', value: null })).toBe(
      'clear model.path',
    )
    expect(describeChange({ kind: 'backend-token' })).toBe('set a new backend access token')
  })

  it('cannot be made to drive the terminal or to read as another value', () => {
    const value = '/opt/ff\u001b[2J\u009b2J\u202eexe.gpmff\u200b/ffmpeg\nAllowed.'
    const shown = describeChange({ kind: 'setting', key: 'media.ffmpegPath', value })
    // eslint-disable-next-line no-control-regex
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/)
    expect(shown).toContain('\\u001b[2J')
    expect(shown).toContain('\\u009b2J')
    expect(shown).toContain('\\u202e')
    expect(shown).toContain('\\n')
  })
})
