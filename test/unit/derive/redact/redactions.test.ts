import { describe, expect, it } from 'vitest'
import type { DerivedSegment } from '../../../../src/core/derive/DerivedSegment'
import { applyRedactions } from '../../../../src/core/derive/redact/applyRedactions'
import { findPii } from '../../../../src/core/derive/redact/findPii'
import { passesIbanChecksum } from '../../../../src/core/derive/redact/ibanChecksum'
import { passesLuhn } from '../../../../src/core/derive/redact/luhn'
import { planRedactions } from '../../../../src/core/derive/redact/planRedactions'
import { settingsSchema } from '../../../../src/shared/settings'

/** The item at `index`, failing the test (not the type checker) when there is none. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index]
  if (item === undefined) throw new Error(`expected an item at ${index} of ${items.length}`)
  return item
}

const segment = (idx: number, text: string): DerivedSegment => ({
  idx,
  startMs: idx * 1000,
  endMs: idx * 1000 + 900,
  text,
  speaker: idx % 2 === 0 ? 'Customer' : null,
})

const transcript: DerivedSegment[] = [
  segment(0, 'Hi, this is Dana Whitfield, dana@acme.com, card 4111 1111 1111 1111.'),
  segment(1, 'Nothing personal here, it costs 1,250.00.'),
  segment(2, 'Call me on +44 20 7946 0958 or at dana@acme.com.'),
]

describe('checksums', () => {
  it('accept valid numbers and refuse a single changed digit', () => {
    expect(passesLuhn('4111111111111111')).toBe(true)
    expect(passesLuhn('4111111111111121')).toBe(false)
    expect(passesLuhn('')).toBe(false)
    expect(passesIbanChecksum('GB82WEST12345698765432')).toBe(true)
    expect(passesIbanChecksum('GB82WEST12345698765433')).toBe(false)
  })
})

describe('findPii', () => {
  it('returns ordered, non-overlapping UTF-16 offsets, also after astral characters', () => {
    const text = '😀 mail 😀 x@y.io, 📞 +1 555 123 4567'
    const matches = findPii(text, { terms: [] })
    expect(matches.map((m) => m.kind)).toEqual(['email', 'phone'])
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.text)
    expect(at(matches, 0).end).toBeLessThanOrEqual(at(matches, 1).start)
  })

  it('lets the more specific kind win an overlap: a term inside an email goes with the email', () => {
    expect(findPii('Write to dana@acme.com, Dana.', { terms: ['dana'] })).toEqual([
      { kind: 'email', start: 9, end: 22, text: 'dana@acme.com' },
      { kind: 'term', start: 24, end: 28, text: 'Dana' },
    ])
  })

  it('stays fast on adversarial input: long digit lists, dashed runs, unfinished addresses', () => {
    // Quadratic scanning took over a minute on the first of these.
    for (const text of ['1 '.repeat(20_000), '12-'.repeat(10_000), 'a@' + 'a'.repeat(20_000)]) {
      const started = performance.now()
      expect(findPii(text, { terms: ['Dana'] })).toEqual([])
      expect(performance.now() - started).toBeLessThan(3000)
    }
  })

  it('ignores blank terms and treats regular-expression syntax in terms literally', () => {
    expect(findPii('a.b and axb', { terms: ['  ', 'a.b'] }).map((m) => m.text)).toEqual(['a.b'])
  })
})

describe('planRedactions', () => {
  const options = { terms: ['Dana Whitfield'] }

  it('plans one redaction per finding with its placeholder, in transcript order', () => {
    const plan = planRedactions(transcript, options)
    expect(plan.map((r) => [r.segmentIdx, r.kind, r.original, r.replacement])).toEqual([
      [0, 'term', 'Dana Whitfield', '[redacted]'],
      [0, 'email', 'dana@acme.com', '[email]'],
      [0, 'card', '4111 1111 1111 1111', '[card]'],
      [2, 'phone', '+44 20 7946 0958', '[phone]'],
      [2, 'email', 'dana@acme.com', '[email]'],
    ])
  })

  it('gives stable ids: the same on recomputation, unique, and new when the text there changes', () => {
    const first = planRedactions(transcript, options)
    const again = planRedactions(structuredClone(transcript), options)
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id))
    expect(new Set(first.map((r) => r.id)).size).toBe(first.length)
    const edited = transcript.map((s) =>
      s.idx === 0 ? { ...s, text: s.text.replace('dana@acme.com', 'dave@acme.com') } : s,
    )
    const changed = planRedactions(edited, options)
    expect(changed.map((r) => r.id)).not.toContain(at(first, 1).id)
    expect(at(changed, 0).id).toBe(at(first, 0).id)
  })
})

describe('applyRedactions', () => {
  it('replaces everything but the reverted items and leaves the input untouched', () => {
    const before = structuredClone(transcript)
    const plan = planRedactions(transcript, { terms: ['Dana Whitfield'] })
    const keepPhone = new Set([
      at(
        plan.filter((r) => r.kind === 'phone'),
        0,
      ).id,
    ])
    const redacted = applyRedactions(transcript, plan, keepPhone)
    expect(redacted.map((s) => s.text)).toEqual([
      'Hi, this is [redacted], [email], card [card].',
      'Nothing personal here, it costs 1,250.00.',
      'Call me on +44 20 7946 0958 or at [email].',
    ])
    expect(
      redacted.map(({ idx, startMs, endMs, speaker }) => ({ idx, startMs, endMs, speaker })),
    ).toEqual(
      transcript.map(({ idx, startMs, endMs, speaker }) => ({ idx, startMs, endMs, speaker })),
    )
    expect(transcript).toEqual(before)
    expect(redacted[1]).not.toBe(transcript[1])
  })

  it('keeps a revert across recomputation of the plan', () => {
    const reverted = new Set([at(planRedactions(transcript, { terms: [] }), 0).id])
    const recomputed = planRedactions(structuredClone(transcript), { terms: [] })
    expect(at(applyRedactions(transcript, recomputed, reverted), 0).text).toBe(
      'Hi, this is Dana Whitfield, dana@acme.com, card [card].',
    )
  })

  it('refuses a plan that no longer fits the text, overlaps, or names a missing segment', () => {
    const plan = planRedactions(transcript, { terms: [] })
    const edited = transcript.map((s) => ({ ...s, text: `Well, ${s.text}` }))
    expect(() => applyRedactions(edited, plan, new Set())).toThrow(
      expect.objectContaining({ code: 'redaction-plan-stale' }),
    )
    const first = at(plan, 0)
    const inner = {
      ...first,
      id: 'inner',
      start: first.start + 2,
      original: first.original.slice(2),
    }
    const overlapping = [first, inner]
    expect(() => applyRedactions(transcript, overlapping, new Set())).toThrow(/overlap/)
    expect(() => applyRedactions(transcript.slice(1), plan, new Set())).toThrow(/segment 0/)
  })
})

describe('redaction settings', () => {
  it('default to redacting uploads with no extra terms, and refuse blank terms', () => {
    expect(settingsSchema['redaction.enabled'].parse(undefined)).toBe(true)
    expect(settingsSchema['redaction.terms'].parse(undefined)).toEqual([])
    expect(settingsSchema['redaction.terms'].parse([' Dana '])).toEqual(['Dana'])
    expect(settingsSchema['redaction.terms'].safeParse(['  ']).success).toBe(false)
  })
})
