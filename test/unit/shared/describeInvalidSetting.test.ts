import { describe, expect, it } from 'vitest'
import { describeInvalidSetting } from '../../../src/shared/describeInvalidSetting'
import { settingsSchema, type SettingKey } from '../../../src/shared/settings'

function told(key: SettingKey, value: unknown, label: string = key): string {
  const parsed = settingsSchema[key].safeParse(value)
  if (parsed.success) throw new Error(`${key} accepted ${JSON.stringify(value)}`)
  return describeInvalidSetting(label, parsed.error)
}

describe('describeInvalidSetting: one sentence a person can act on, never schema text', () => {
  it('names the setting by the label the reader sees and says what it must be', () => {
    expect(told('transcribe.threads', 0, 'Threads per transcription')).toBe(
      'Threads per transcription must be at least 1.',
    )
    expect(told('jobs.concurrency', 9)).toBe('jobs.concurrency must be at most 8.')
    expect(told('transcribe.threads', 2.5)).toBe('transcribe.threads must be a whole number.')
    expect(told('transcribe.threads', 'four')).toBe('transcribe.threads must be a number.')
    expect(told('analytics.enabled', 'yes')).toBe(
      'analytics.enabled must be on or off (true or false).',
    )
    expect(told('media.backend', 'gpu')).toBe(
      'media.backend must be one of “auto”, “native”, “wasm”.',
    )
    expect(told('backend.url', 'not a url')).toBe(
      'backend.url must be a web address such as https://earshot.example.com.',
    )
    expect(told('transcribe.initialPrompt', 'x'.repeat(801))).toBe(
      'transcribe.initialPrompt must be at most 800 characters.',
    )
  })

  it("keeps the schema's own human messages and says where in a list the problem is", () => {
    expect(told('transcribe.language', 'English')).toBe(
      'transcribe.language must be "auto" or a language code such as "en".',
    )
    expect(told('redaction.terms', ['Dana', '  '], 'Always redact these words')).toBe(
      'Item 2 of Always redact these words must not be empty.',
    )
  })

  it('reads as a sentence for every field of a custom tracker', () => {
    const good = {
      id: 'my-tracker',
      label: 'Mine',
      kind: 'feature-request',
      phrases: ['sso'],
      negatable: true,
    }
    const cases: [Record<string, unknown>, string][] = [
      [
        { ...good, id: 'Bad Id' },
        '“id” of item 1 of Custom trackers must be lowercase letters, digits and dashes (at most 80).',
      ],
      [{ ...good, id: undefined }, '“id” of item 1 of Custom trackers is missing.'],
      [{ ...good, label: '' }, '“label” of item 1 of Custom trackers must not be empty.'],
      [
        { ...good, kind: 'nope' },
        expect.stringMatching(
          /^“kind” of item 1 of Custom trackers must be one of “pricing”, /,
        ) as never,
      ],
      [{ ...good, phrases: 'sso' }, '“phrases” of item 1 of Custom trackers must be a list.'],
      [
        { ...good, phrases: ['--'] },
        'Item 1 of “phrases” of item 1 of Custom trackers must hold at least one letter or digit.',
      ],
      [
        { ...good, patterns: ['(unclosed'] },
        'Item 1 of “patterns” of item 1 of Custom trackers is not a valid regular expression (Unicode mode).',
      ],
      [
        { ...good, patterns: ['(a+)+'] },
        expect.stringMatching(
          /^Item 1 of “patterns” of item 1 of Custom trackers must not nest unbounded repetition/,
        ) as never,
      ],
      [
        { ...good, patterns: ['x?'] },
        'Item 1 of “patterns” of item 1 of Custom trackers must not match empty text.',
      ],
      [
        { ...good, negatable: 'yes' },
        '“negatable” of item 1 of Custom trackers must be on or off (true or false).',
      ],
      [
        { ...good, colour: 'red' },
        'Item 1 of Custom trackers has a field Earshot does not know, “colour”.',
      ],
    ]
    for (const [tracker, sentence] of cases) {
      expect(told('signals.custom', [tracker], 'Custom trackers'), JSON.stringify(tracker)).toEqual(
        sentence,
      )
    }
    expect(told('signals.custom', [good, good], 'Custom trackers')).toBe(
      'Custom trackers must not use a tracker id twice.',
    )
  })

  it('never passes on zod wording, for any refused value of any setting', () => {
    const oddValues: unknown[] = [-1, 1e9, 0.5, 'x', '', true, [], {}, [{}], ['']]
    for (const key of Object.keys(settingsSchema) as SettingKey[]) {
      for (const value of oddValues) {
        const parsed = settingsSchema[key].safeParse(value)
        if (parsed.success) continue
        const sentence = describeInvalidSetting(key, parsed.error)
        expect(sentence, `${key} = ${JSON.stringify(value)}`).toMatch(/^\S.*[.!?]$/)
        expect(sentence).not.toMatch(/Invalid input|Too (small|big)|expected|received|✖|→/)
      }
    }
  })
})
