import { createHash, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJsonText } from '../../../../src/core/egress/canonicalJsonText'
import { MemoryCapacityLedger } from '../../../../src/core/egress/capacity/CapacityLedger'
import { checkUploadCapacity } from '../../../../src/core/egress/capacity/checkUploadCapacity'
import { deriveIdempotencyKey } from '../../../../src/core/egress/capacity/deriveIdempotencyKey'
import { findTextProblem } from '../../../../src/core/egress/capacity/findTextProblem'
import { analyticsEventChoices } from '../../../../src/core/egress/capacity/measureAnalyticsBatch'
import type { RecordingFacts } from '../../../../src/core/egress/capacity/measureUpload'
import { scriptProfile } from '../../../../src/core/egress/capacity/scriptProfile'
import { TranscriptUpload } from '../../../../src/shared/upload'

const facts: RecordingFacts = {
  durationMs: 60_000,
  createdAt: '2026-01-02T03:04:05.000Z',
  language: 'en',
  title: 'call.m4a',
  installId: randomUUID(),
}
const upload = (segments: TranscriptUpload['segments']): TranscriptUpload => ({
  schemaVersion: 1,
  recordingId: randomUUID(),
  durationMs: facts.durationMs,
  language: facts.language,
  createdAt: facts.createdAt,
  segments,
  summary: null,
  signals: [],
  metrics: null,
  client: { appVersion: '0.1.0', installId: facts.installId },
})
const sha = (u: TranscriptUpload) => createHash('sha256').update(canonicalJsonText(u)).digest('hex')

describe('canonicalJsonText', () => {
  it('sorts keys, drops whitespace and writes numbers and strings as JSON.stringify does', () => {
    expect(canonicalJsonText(JSON.parse('{ "b": [1.50, "\\u0041"], "a": null }'))).toBe(
      '{"a":null,"b":[1.5,"A"]}',
    )
  })
  it('keeps only the last of duplicate keys, as the parser does: the raw text then differs', () => {
    const raw = '{"a":1,"a":2}'
    expect(canonicalJsonText(JSON.parse(raw))).toBe('{"a":2}')
  })
})

describe('deriveIdempotencyKey', () => {
  it('is a version-8 UUID, the same for the same payload and another for another', () => {
    const a = deriveIdempotencyKey('a'.repeat(64))
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(deriveIdempotencyKey('a'.repeat(64))).toBe(a)
    expect(deriveIdempotencyKey('b'.repeat(64))).not.toBe(a)
  })
})

describe('findTextProblem', () => {
  const en = scriptProfile('en')
  it('charges ASCII under 7 bits a character in English, an accented letter more', () => {
    const plain = findTextProblem('hello', en)
    const accented = findTextProblem('héllo', en)
    expect('bits' in plain && plain.bits / 5).toBeLessThan(7)
    expect('bits' in accented && 'bits' in plain && accented.bits > plain.bits + 5).toBe(true)
  })
  it.each([
    ['a zero-width space', 'hel\u200blo', 'invisible-character'],
    ['a variation selector', 'hello\ufe0f', 'invisible-character'],
    ['a tag character', 'hi\u{e0041}', 'invisible-character'],
    ['a private-use character', 'hi\ue000', 'character-not-allowed'],
    ['Cyrillic in an English call', 'hеllo', 'character-not-allowed'],
    ['a 65-letter word', 'a'.repeat(65), 'word-too-long'],
    ['13 digits in a row', 'call 1234567890123', 'digit-run'],
    ['stacked combining marks', 'e\u0301\u0301\u0301\u0301', 'combining-run'],
  ])('refuses %s', (_what, text, rule) => {
    const verdict = findTextProblem(text, en)
    expect('problem' in verdict && verdict.problem.rule).toBe(rule)
  })
  it('lets Japanese mix kana, kanji and the prolonged-sound mark, and Chinese hold a Latin brand', () => {
    expect(
      findTextProblem('データは東京のサーバーに保存されます。', scriptProfile('ja')),
    ).toHaveProperty('bits')
    expect(findTextProblem('我们的iPhone用户比较多。', scriptProfile('zh'))).toHaveProperty('bits')
  })
  it('refuses a word that changes script too often', () => {
    const verdict = findTextProblem('用a用b用c用', scriptProfile('zh'))
    expect('problem' in verdict && verdict.problem.rule).toBe('mixed-script-run')
  })
})

describe('checkUploadCapacity', () => {
  it('charges a repeat of a charged payload 1 bit plus which one, and copies of parts little', () => {
    const ledger = new MemoryCapacityLedger()
    const first = upload([{ startMs: 0, endMs: 2_000, text: 'Thanks for joining today.' }])
    const verdict = checkUploadCapacity(first, sha(first), facts, ledger.history(first.recordingId))
    if (!verdict.ok) throw new Error(verdict.reason)
    ledger.charge(first.recordingId, verdict.charge)
    const again = checkUploadCapacity(first, sha(first), facts, ledger.history(first.recordingId))
    expect(again.ok && again.charge.bits).toBe(1)
    const edited = {
      ...first,
      segments: [...first.segments, { startMs: 3_000, endMs: 4_000, text: 'Sure.' }],
    }
    const more = checkUploadCapacity(edited, sha(edited), facts, ledger.history(first.recordingId))
    expect(more.ok && more.charge.bits).toBeLessThan(verdict.charge.bits)
  })
  it('charges a contact email as a free choice, only the one the device holds, each change again', () => {
    const ledger = new MemoryCapacityLedger()
    const email = 'buyer@acme.example'
    const plain = upload([{ startMs: 0, endMs: 2_000, text: 'Thanks for joining today.' }])
    const withContact = { ...plain, contactEmail: email }
    const held = { ...facts, contactEmail: email }
    const without = checkUploadCapacity(plain, sha(plain), held, ledger.history(plain.recordingId))
    const charged = checkUploadCapacity(
      withContact,
      sha(withContact),
      held,
      ledger.history(plain.recordingId),
    )
    if (!without.ok || !charged.ok) throw new Error('refused')
    // Its length among 254 and each of its 18 characters among 69 symbols, at the least.
    const floor = Math.log2(254) + email.length * Math.log2(69)
    expect(charged.charge.bits - without.charge.bits).toBeGreaterThanOrEqual(floor)
    ledger.charge(plain.recordingId, charged.charge)
    // Another address than the device's for the recording carries data: refused.
    const other = { ...plain, contactEmail: 'someone@else.example' }
    expect(
      checkUploadCapacity(other, sha(other), held, ledger.history(plain.recordingId)),
    ).toMatchObject({ ok: false, rule: 'header-not-recording' })
    // A changed contact is a new header, charged again in full.
    const changed = { ...plain, contactEmail: 'buyer2@acme.example' }
    const again = checkUploadCapacity(
      changed,
      sha(changed),
      { ...facts, contactEmail: 'buyer2@acme.example' },
      ledger.history(plain.recordingId),
    )
    expect(again.ok && again.charge.bits).toBeGreaterThan(floor)
  })
  it('refuses once a recording’s uploads together pass 400 bit/s of its audio', () => {
    const ledger = new MemoryCapacityLedger()
    const short = { ...facts, durationMs: 5_000 }
    const first = {
      ...upload([{ startMs: 0, endMs: 5_000, text: Array(7).fill('é'.repeat(20)).join(' ') }]),
      durationMs: 5_000,
    }
    const verdict = checkUploadCapacity(first, sha(first), short, ledger.history(first.recordingId))
    expect(verdict).toMatchObject({ ok: false, rule: 'capacity-exceeded' })
  })
  it('charges a call-quality report its grid choices, once, and a repeat of it as a copy', () => {
    const ledger = new MemoryCapacityLedger()
    const plain = upload([{ startMs: 0, endMs: 2_000, text: 'Thanks for joining today.' }])
    const withQuality: TranscriptUpload = {
      ...plain,
      quality: {
        speechShare: 0.58,
        loudnessDbfs: -22,
        clippingShare: 0,
        snrDb: 31,
        overlapShare: 0.04,
        meanConfidence: 0.87,
      },
    }
    expect(TranscriptUpload.parse(withQuality)).toEqual(withQuality)
    const history = () => ledger.history(plain.recordingId)
    const without = checkUploadCapacity(plain, sha(plain), facts, history())
    const verdict = checkUploadCapacity(withQuality, sha(withQuality), facts, history())
    if (!without.ok || !verdict.ok) throw new Error('refused')
    // New part 1 bit; 3 shares and loudness of 101 values, clipping of 1001, SNR of 91, and 3
    // "or null" bits: 1 + 4·log2(101) + log2(1001) + log2(91) + 3 ≈ 47.1 bits.
    const expected = 1 + 4 * Math.log2(101) + Math.log2(1001) + Math.log2(91) + 3
    expect(verdict.breakdown.quality - without.breakdown.quality).toBeCloseTo(expected, 6)
    ledger.charge(plain.recordingId, verdict.charge)
    const edited = {
      ...withQuality,
      segments: [...withQuality.segments, { startMs: 3_000, endMs: 4_000, text: 'Sure.' }],
    }
    const again = checkUploadCapacity(edited, sha(edited), facts, history())
    expect(again.ok && again.breakdown.quality).toBeLessThan(5)
  })
  it('refuses quality figures off their coarse grids', () => {
    const base = upload([])
    const off = (quality: Record<string, unknown>) =>
      TranscriptUpload.safeParse({
        ...base,
        quality: {
          speechShare: 0.5,
          loudnessDbfs: -20,
          clippingShare: 0,
          snrDb: 30,
          overlapShare: 0,
          meanConfidence: null,
          ...quality,
        },
      }).success
    expect(off({})).toBe(true)
    expect(off({ speechShare: 0.503 })).toBe(false)
    expect(off({ clippingShare: 0.0012 })).toBe(false)
    expect(off({ loudnessDbfs: -20.5 })).toBe(false)
    expect(off({ snrDb: 61 })).toBe(false)
    expect(off({ verdict: 'good' })).toBe(false)
  })
  it('holds the header to what the store knows', () => {
    const ledger = new MemoryCapacityLedger()
    const u = { ...upload([]), createdAt: '2026-01-02T03:04:05.123Z' }
    expect(checkUploadCapacity(u, sha(u), facts, ledger.history(u.recordingId))).toMatchObject({
      ok: false,
      rule: 'header-not-recording',
    })
  })
})

describe('the analytics contract', () => {
  it('has 105 (event, properties) choices: under 7 bits an event', () => {
    expect(analyticsEventChoices()).toBe(105)
  })
})
