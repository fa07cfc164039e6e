import { describe, expect, it } from 'vitest'
import { parseDraft, toDraft } from './parseDraft'
import { fieldFor, settingFields } from './settingFields'
import { formatClock } from '../format/formatClock'
import { settingKeys, settingsSchema } from '../../../shared/settings'

describe('the settings form', () => {
  it('reads an empty field as "not set" and numbers as numbers', () => {
    expect(parseDraft('  ', 'text')).toBeNull()
    expect(parseDraft(' 4 ', 'number')).toBe(4)
    expect(parseDraft('four', 'number')).toBe('four')
    expect(parseDraft(' /m/base.bin ', 'text')).toBe('/m/base.bin')
    expect(toDraft(null)).toBe('')
    expect(toDraft(3)).toBe('3')
  })

  it('reads list fields one entry per line and JSON fields as JSON', () => {
    expect(parseDraft(' Acme \n\n  Globex  \n', 'list')).toEqual(['Acme', 'Globex'])
    expect(parseDraft('', 'list')).toEqual([])
    expect(toDraft(['Acme', 'Globex'], 'list')).toBe('Acme\nGlobex')
    expect(parseDraft('[{"id":"x"}]', 'json')).toEqual([{ id: 'x' }])
    expect(parseDraft('not json', 'json')).toBe('not json')
    expect(parseDraft('  ', 'json')).toEqual([])
    expect(parseDraft(toDraft([{ a: 1 }], 'json'), 'json')).toEqual([{ a: 1 }])
    expect(
      settingsSchema['redaction.terms'].safeParse(parseDraft('Jane Doe\nACME', 'list')).success,
    ).toBe(true)
  })

  it('lets the shared schema reject what the form produced', () => {
    expect(
      settingsSchema['transcribe.threads'].safeParse(parseDraft('four', 'number')).success,
    ).toBe(false)
    expect(settingsSchema['transcribe.threads'].safeParse(parseDraft('', 'number')).success).toBe(
      true,
    )
  })

  it('describes every setting the schema has (or falls back to a text field)', () => {
    for (const key of settingKeys) expect(fieldFor(key, null).label, key).not.toBe('')
    expect(Object.keys(settingFields).every((key) => (settingKeys as string[]).includes(key))).toBe(
      true,
    )
  })
})

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [59_999, '0:59'],
    [61_000, '1:01'],
    [3_723_000, '1:02:03'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text)
  })
})
