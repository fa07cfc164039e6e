import { createHash, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { inspectBody } from '../../../src/core/egress/policy/inspectBody'
import { bodyOf, uploadWith } from './bodyOf'

/** What real calls transcribe to; every one of these must pass the policy untouched. */
const SNIPPETS: Record<string, string> = {
  'plain English': "Okay, so let's get started. Can everyone see my screen?",
  'prices and plans':
    'The team plan is $1,200/month, or €13,500 a year if you pay upfront — 6.25% off.',
  'German with umlauts':
    'Können wir den Vertrag bis Freitag, den 14. März, unterschreiben? Das wäre großartig.',
  'a long German compound':
    'Die Donaudampfschifffahrtsgesellschaftskapitänsmütze ist ein Beispiel.',
  Japanese: '来週の火曜日に、価格について改めてご連絡いたします。よろしくお願いします。',
  'mixed Japanese and English': 'Salesforce の連携は Q3 にリリース予定です（API v2.1）。',
  'an email address':
    'Send the contract to jane.doe+legal@example-corp.com and cc procurement@acme.io.',
  'a URL with a short query string':
    'The deck is at https://example.com/decks/q3?ref=call&utm_source=earshot#pricing',
  'a percent-encoded URL': 'Try https://example.com/search?q=M%C3%BCnchen%20office%20space&page=2',
  timestamps: 'We met at 09:30, again at 14:05:33, and the call ended at 2025-03-14T15:30:00Z.',
  'an SRT-style time range': '00:00:01,000 --> 00:00:04,200 and then 00:12:30,500 --> 00:12:33,000',
  'a UUID': 'Your ticket id is 3f2b8c1e-9a4d-4e7b-8c2f-1d5e6a7b8c9d, please quote it.',
  'a SHA-256 digest': `The checksum is ${createHash('sha256').update('x').digest('hex')} as expected.`,
  'a SHA-512 digest': createHash('sha512').update('y').digest('hex'),
  'media words in speech':
    'We talked about the riff in the intro, RIFF and WAVE, ftyp boxes, OggS, ID3 tags and fLaC.',
  'a phone number and an order number':
    'Call me on +49 30 1234 5678 or +1 (415) 555-0100, order #A1B2-C3D4-E5F6.',
  'numbers read out':
    'The numbers were 12, 15, 20, 31, 44, 58, 63, 79, 80, 92, 101 and 255 in that order.',
  'version strings and hex colours':
    'We are on v4.2.1-beta.3, the brand colour is #1A45DF and #ff8800.',
  'an emoji': 'That went great 🎉👍 thanks everyone!',
  'a code word and acronyms':
    'Base64, JSON, gzip and mp4 came up; the SKU is XK-2291-B and MFA is on.',
  'a base64-looking product key': 'The licence key is XJ4K-92LM-QQ7P-ZT3W, not a secret.',
  'line breaks and tabs': 'First line.\nSecond line.\r\n\tIndented third line.',
}

describe('inspectBody lets real transcripts through', () => {
  for (const [name, text] of Object.entries(SNIPPETS)) {
    it(`passes ${name}`, () => {
      const verdict = inspectBody(bodyOf(uploadWith([text])))
      expect(verdict.ok, verdict.ok ? '' : verdict.reason).toBe(true)
    })
  }

  it('passes every snippet at once, as segment texts, summary and signals', () => {
    const texts = Object.values(SNIPPETS)
    const upload = uploadWith(texts, {
      summary: texts.join(' '),
      signals: texts.map((quote, segmentIdx) => ({
        tracker: 'pricing',
        phrase: 'price',
        quote: quote.slice(0, 200),
        startMs: segmentIdx * 4300,
        segmentIdx,
      })),
      metrics: {
        talkRatio: { Alice: 0.55, Bob: 0.45 },
        longestMonologueMs: 93_000,
        wordsPerMinute: 148.5,
        questions: { Alice: 4, Bob: 7 },
        silenceShare: 0.12,
        interruptions: 3,
      },
    })
    const verdict = inspectBody(bodyOf(upload))
    expect(verdict.ok, verdict.ok ? '' : verdict.reason).toBe(true)
    if (verdict.ok) expect(verdict.json).toEqual(upload)
  })

  it('passes a 2 MB transcript of shuffled snippets', () => {
    const texts = Object.values(SNIPPETS)
    const segments = Array.from({ length: 12_000 }, (_, i) => {
      const a = texts[(i * 7) % texts.length] ?? ''
      const b = texts[(i * 13 + 5) % texts.length] ?? ''
      return `${a} ${b}`
    })
    const body = bodyOf(uploadWith(segments))
    expect(body.length).toBeGreaterThan(2_000_000)
    const verdict = inspectBody(body)
    expect(verdict.ok, verdict.ok ? '' : verdict.reason).toBe(true)
  })

  it('passes the identifiers and digests an upload or receipt carries', () => {
    const digest = createHash('sha256').update('payload').digest('hex')
    const body = bodyOf({
      id: randomUUID(),
      recordingId: randomUUID(),
      payloadSha256: digest,
      previousSha256: createHash('sha256').update('previous').digest('hex'),
      installId: randomUUID(),
      receivedAt: new Date(0).toISOString(),
    })
    expect(inspectBody(body)).toMatchObject({ ok: true })
  })

  it('passes analytics-style event lists and small numeric arrays', () => {
    const body = bodyOf({
      events: ['app_opened', 'recording_imported', 'transcription_completed', 'upload_succeeded'],
      ids: Array.from({ length: 20 }, () => randomUUID()),
      histogram: [0, 3, 12, 40, 88, 120, 97, 41, 9, 2, 1, 0],
      durationsMs: [1200, 45_000, 3_600_000],
    })
    expect(inspectBody(body)).toMatchObject({ ok: true })
  })
})
