import { describe, expect, it } from 'vitest'
import type { RedactionView } from '../../../shared/derivedViews'
import { markRedactions } from './markRedactions'
import { prettyPayload } from './prettyPayload'

const original = 'Mail jo@example.com or call +44 20 7946 0958.'
const email: RedactionView = {
  id: 'e',
  segmentIdx: 1,
  kind: 'email',
  start: 5,
  end: 19,
  original: 'jo@example.com',
  replacement: '[email]',
  reverted: false,
}
const phone: RedactionView = {
  id: 'p',
  segmentIdx: 1,
  kind: 'phone',
  start: 28,
  end: 44,
  original: '+44 20 7946 0958',
  replacement: '[phone]',
  reverted: false,
}

function body(second: string): string {
  return JSON.stringify({
    schemaVersion: 1,
    segments: [
      { startMs: 0, endMs: 1, text: 'Hello "there"' },
      { startMs: 1, endMs: 2, text: second },
    ],
    summary: null,
  })
}

const joined = (parts: { text: string }[]) => parts.map((p) => p.text).join('')

describe('markRedactions', () => {
  it('marks applied placeholders at their place in the indented text, losing nothing', () => {
    expect(original.slice(email.start, email.end)).toBe(email.original)
    expect(original.slice(phone.start, phone.end)).toBe(phone.original)
    const sent = body('Mail [email] or call [phone].')
    const shown = prettyPayload(sent) ?? ''
    const { parts, marked } = markRedactions(shown, sent, [email, phone])
    expect(joined(parts)).toBe(shown)
    expect(parts.filter((p) => p.redaction).map((p) => [p.text, p.redaction?.id])).toEqual([
      ['[email]', 'e'],
      ['[phone]', 'p'],
    ])
    expect([...marked]).toEqual(['e', 'p'])
  })

  it('marks the placeholder again where the summary repeats the sentence', () => {
    const sent = JSON.stringify({
      segments: [{ text: 'Hello' }, { text: 'Mail [email] or call [phone].' }],
      summary: 'Mail [email] or call [phone].',
    })
    const shown = prettyPayload(sent) ?? ''
    const { parts } = markRedactions(shown, sent, [email, phone])
    expect(joined(parts)).toBe(shown)
    expect(parts.filter((p) => p.redaction).map((p) => p.text)).toEqual([
      '[email]',
      '[phone]',
      '[email]',
      '[phone]',
    ])
  })

  it('marks a reverted item over its original, in the exact bytes too', () => {
    const sent = body('Mail jo@example.com or call [phone].')
    const { parts, marked } = markRedactions(sent, sent, [{ ...email, reverted: true }, phone])
    expect(joined(parts)).toBe(sent)
    expect(parts.filter((p) => p.redaction).map((p) => p.text)).toEqual([
      'jo@example.com',
      '[phone]',
    ])
    expect(marked.size).toBe(2)
  })

  it('marks nothing where the sent text does not hold what the plan says', () => {
    // An upload built without redaction: the plan's placeholders are not in the bytes.
    const sent = body(original)
    const shown = prettyPayload(sent) ?? ''
    const result = markRedactions(shown, sent, [email, phone])
    expect(result.parts).toEqual([{ text: shown }])
    expect(result.marked.size).toBe(0)
  })

  it('escapes marked text as JSON does', () => {
    const quoted: RedactionView = {
      ...email,
      segmentIdx: 0,
      start: 7,
      end: 12,
      original: 'there',
      replacement: '"x"',
    }
    const sent = body('unused').replace('Hello \\"there\\"', 'Hello \\"\\"x\\"\\"')
    const { parts } = markRedactions(sent, sent, [quoted])
    expect(parts.find((p) => p.redaction)?.text).toBe('\\"x\\"')
    expect(joined(parts)).toBe(sent)
  })
})
