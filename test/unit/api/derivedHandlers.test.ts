import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import type { DerivedData } from '../../../src/core/store/DerivedStore'
import type { RecordingView, SearchResult } from '../../../src/shared/api'
import type {
  InsightsView,
  RecordingDerived,
  RedactionList,
  SpeakerView,
} from '../../../src/shared/derivedViews'
import type { UploadPreview } from '../../../src/shared/uploadViews'
import { appendLines, useApiCore, valueOf } from './support/apiCore'

const setup = useApiCore()

interface Line {
  speaker: string | null
  text: string
}

/** Fixture data: a finished recording with speaker-labelled lines, two seconds apart. */
function seed(core: Core, id: string, importedAt: string, lines: readonly Line[]): void {
  core.recordings.insert({
    id,
    title: `call ${id.slice(-1)}.m4a`,
    sourcePath: `/calls/${id}.m4a`,
    sourceSha256: id.padEnd(64, '0'),
    bytes: 1000,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationMs: lines.length * 2000,
    channels: 1,
    importedAt,
    status: 'done',
  })
  appendLines(core, id, lines)
}

// Upload payloads carry the recording id, which the contract requires to be a UUID.
const JAN_ID = '0b6f7c2e-4a57-4d6e-9f0a-000000000001'
const MAR_ID = '0b6f7c2e-4a57-4d6e-9f0a-000000000002'
const NEW_ID = '0b6f7c2e-4a57-4d6e-9f0a-000000000003'
const LONG_ID = '0b6f7c2e-4a57-4d6e-9f0a-000000000004'

const JAN = '2026-01-06T10:00:00.000Z' // ISO week 2026-W02
const MAR = '2026-03-03T10:00:00.000Z' // ISO week 2026-W10

const janLines: Line[] = [
  { speaker: 'Speaker 1', text: 'Thanks for joining. What does pricing look like for you?' },
  { speaker: 'Speaker 2', text: 'We need single sign-on, and we are also looking at Acme.' },
  { speaker: 'Speaker 1', text: 'Send the details to jo.doe@example.com please.' },
]

const janDerived: DerivedData = {
  signals: [
    {
      tracker: 'pricing',
      phrase: 'pricing',
      quote: 'What does pricing look like for you?',
      speaker: 'Speaker 1',
      startMs: 0,
      segmentIdx: 0,
    },
    {
      tracker: 'feature-request',
      phrase: 'single sign-on',
      quote: 'We need single sign-on, and we are also looking at Acme.',
      speaker: 'Speaker 2',
      startMs: 2000,
      segmentIdx: 1,
    },
    {
      tracker: 'competitor',
      phrase: 'Acme',
      quote: 'We need single sign-on, and we are also looking at Acme.',
      speaker: 'Speaker 2',
      startMs: 2000,
      segmentIdx: 1,
    },
  ],
  metrics: {
    talkRatio: { 'Speaker 1': 0.6, 'Speaker 2': 0.4 },
    longestMonologueMs: 1800,
    wordsPerMinute: 140,
    questions: { 'Speaker 1': 1, 'Speaker 2': 0 },
    silenceShare: 0.1,
    interruptions: 0,
  },
  summary: {
    text: 'We need single sign-on, and we are also looking at Acme.',
    keyMoments: [
      {
        startMs: 2000,
        segmentIdx: 1,
        sentence: 'We need single sign-on, and we are also looking at Acme.',
        reason: 'feature request',
      },
    ],
  },
}

function seedTwoCalls(core: Core): void {
  seed(core, JAN_ID, JAN, janLines)
  core.derived.saveDerived(JAN_ID, janDerived)
  seed(core, MAR_ID, MAR, [
    { speaker: 'Speaker 1', text: 'Single Sign-On is a must, and dark mode would help.' },
    { speaker: 'Speaker 2', text: 'Globex offered us a discount.' },
  ])
  const signal = (tracker: string, phrase: string, segmentIdx: number) => ({
    tracker,
    phrase,
    quote: 'q',
    startMs: segmentIdx * 2000,
    segmentIdx,
  })
  core.derived.saveDerived(MAR_ID, {
    signals: [
      signal('feature-request', 'Single Sign-On', 0),
      signal('feature-request', 'dark mode', 0),
      signal('competitor', 'Globex', 1),
    ],
    metrics: null,
    summary: null,
  })
}

describe('recordings.derived and speakers.rename', () => {
  it('answers what derivation stored, with speakers in order of first appearance', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const derived = valueOf<RecordingDerived>(
      await service.dispatch('recordings.derived', { id: JAN_ID }),
    )
    expect(derived.signals).toEqual(janDerived.signals)
    expect(derived.metrics).toEqual(janDerived.metrics)
    expect(derived.summary).toEqual(janDerived.summary)
    expect(derived.speakers).toEqual([
      { label: 'Speaker 1', name: null },
      { label: 'Speaker 2', name: null },
    ])
    expect(derived.trackers.map((t) => t.id)).toContain('feature-request')
    const labels = new Map(derived.trackers.map((t) => [t.id, t.label]))
    for (const signal of derived.signals) expect(labels.get(signal.tracker)).toBeTruthy()
  })

  it('answers an empty panel for a recording nothing was derived from yet', async () => {
    const { core, service } = setup()
    seed(core, NEW_ID, JAN, [{ speaker: null, text: 'hello there' }])
    await expect(service.dispatch('recordings.derived', { id: NEW_ID })).resolves.toMatchObject({
      ok: true,
      value: { signals: [], metrics: null, summary: null, speakers: [] },
    })
  })

  it('keeps a name per recording, trims it, and removes it when emptied', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const renamed = valueOf<SpeakerView[]>(
      await service.dispatch('speakers.rename', {
        id: JAN_ID,
        label: 'Speaker 2',
        name: '  Customer ',
      }),
    )
    expect(renamed).toEqual([
      { label: 'Speaker 1', name: null },
      { label: 'Speaker 2', name: 'Customer' },
    ])
    // Another recording's Speaker 2 is someone else.
    const mar = valueOf<RecordingDerived>(
      await service.dispatch('recordings.derived', { id: MAR_ID }),
    )
    expect(mar.speakers).toContainEqual({ label: 'Speaker 2', name: null })
    // Search finds the line by the given name too.
    const byName = valueOf<SearchResult>(
      await service.dispatch('recordings.search', { q: 'Acme', speaker: 'customer' }),
    )
    expect(byName.hits.map((h) => [h.recordingId, h.segmentIdx, h.speaker])).toEqual([
      [JAN_ID, 1, 'Speaker 2'],
    ])

    const cleared = valueOf<SpeakerView[]>(
      await service.dispatch('speakers.rename', { id: JAN_ID, label: 'Speaker 2', name: '' }),
    )
    expect(cleared).toContainEqual({ label: 'Speaker 2', name: null })
  })

  it('refuses unknown recordings and over-long names', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    await expect(service.dispatch('recordings.derived', { id: 'nope' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
    await expect(
      service.dispatch('speakers.rename', { id: JAN_ID, label: 'Speaker 1', name: 'x'.repeat(81) }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })
})

describe('insights.get', () => {
  it('counts signals per tracker per week and ranks features and competitors', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const insights = valueOf<InsightsView>(await service.dispatch('insights.get', {}))
    expect(insights.weekly).toEqual([
      { week: '2026-W02', tracker: 'competitor', count: 1 },
      { week: '2026-W02', tracker: 'feature-request', count: 1 },
      { week: '2026-W02', tracker: 'pricing', count: 1 },
      { week: '2026-W10', tracker: 'competitor', count: 1 },
      { week: '2026-W10', tracker: 'feature-request', count: 2 },
    ])
    // "single sign-on" and "Single Sign-On" are one feature, asked for in two calls.
    expect(insights.topFeatures).toEqual([
      { phrase: 'Single Sign-On', count: 2, recordings: 2 },
      { phrase: 'dark mode', count: 1, recordings: 1 },
    ])
    expect(insights.topCompetitors.map((c) => c.phrase).sort()).toEqual(['Acme', 'Globex'])
    expect(insights.trackers.map((t) => t.id)).toEqual(
      expect.arrayContaining(['pricing', 'feature-request', 'competitor']),
    )
  })

  it('limits everything to recordings imported in the date range', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const march = valueOf<InsightsView>(
      await service.dispatch('insights.get', { from: '2026-02-01T00:00:00.000Z' }),
    )
    expect(march.weekly.map((w) => w.week)).toEqual(['2026-W10', '2026-W10'])
    expect(march.topCompetitors).toEqual([{ phrase: 'Globex', count: 1, recordings: 1 }])
    const none = valueOf<InsightsView>(
      await service.dispatch('insights.get', {
        from: '2025-01-01T00:00:00.000Z',
        to: '2025-12-31T00:00:00.000Z',
      }),
    )
    expect(none).toMatchObject({ weekly: [], topFeatures: [], topCompetitors: [] })
    await expect(service.dispatch('insights.get', { from: 'last week' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
  })
})

describe('insights by when the call happened, and rows you can tell apart', () => {
  it('groups by the call date once set, and the list row shows format, date and counts', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const list = valueOf<RecordingView[]>(await service.dispatch('recordings.list', undefined))
    const jan = list.find((r) => r.id === JAN_ID)
    expect(jan).toMatchObject({ format: 'M4A', callDate: null, quality: null })
    expect(jan?.signalCount).toBe(3)
    expect(jan?.speakerCount).toBe(2)
    // The January call actually happened in March: its signals move to March's week.
    const moved = valueOf<RecordingView>(
      await service.dispatch('recordings.setCallDate', {
        id: JAN_ID,
        callDate: '2026-03-04T09:00:00+01:00',
      }),
    )
    expect(moved.callDate).toBe('2026-03-04T08:00:00.000Z')
    const insights = valueOf<InsightsView>(await service.dispatch('insights.get', {}))
    expect(new Set(insights.weekly.map((w) => w.week))).toEqual(new Set(['2026-W10']))
    await expect(
      service.dispatch('recordings.setCallDate', { id: JAN_ID, callDate: 'March' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('derives past calls again when competitors are saved in Settings', async () => {
    const { core, service } = setup()
    seed(core, JAN_ID, JAN, janLines)
    core.rederive(JAN_ID)
    const competitors = () =>
      core.derived
        .signals(JAN_ID)
        .filter((signal) => signal.tracker === 'competitor')
        .map((signal) => signal.phrase)
    expect(competitors()).toEqual([])
    valueOf(await service.dispatch('settings.set', { key: 'signals.competitors', value: ['Acme'] }))
    expect(competitors()).toEqual(['Acme'])
    // The user's own product is never a competitor, even when it is on the list.
    valueOf(await service.dispatch('settings.set', { key: 'signals.ownProduct', value: 'ACME' }))
    expect(competitors()).toEqual([])
  })
})

describe('recordings.search filters', () => {
  it('filters by date range and tracker, and says the hits are ranked', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const search = async (input: object) =>
      valueOf<SearchResult>(await service.dispatch('recordings.search', input))
    const all = await search({ q: 'sign' })
    expect(all.ranked).toBe(true)
    expect(all.hits.map((h) => h.recordingId).sort()).toEqual([JAN_ID, MAR_ID])
    expect((await search({ q: 'sign', to: '2026-02-01T00:00:00.000Z' })).hits).toEqual([
      {
        recordingId: JAN_ID,
        title: 'call 1.m4a',
        segmentIdx: 1,
        startMs: 2000,
        endMs: 3800,
        text: janLines[1]?.text,
        speaker: 'Speaker 2',
      },
    ])
    expect((await search({ q: 'acme', tracker: 'competitor' })).hits).toHaveLength(1)
    expect((await search({ q: 'globex', tracker: 'competitor' })).hits).toHaveLength(1)
    expect((await search({ q: 'pricing', tracker: 'competitor' })).hits).toEqual([])
  })

  it('says when a very common word is answered newest first instead of by relevance', async () => {
    const { core, service } = setup()
    const lines = Array.from({ length: 2_100 }, (_, i) => ({
      speaker: null,
      text: `the call went on, part ${i}`,
    }))
    core.db.transaction(() => {
      seed(core, LONG_ID, JAN, lines)
    })()
    const common = valueOf<SearchResult>(await service.dispatch('recordings.search', { q: 'call' }))
    expect(common.ranked).toBe(false)
    expect(common.hits.length).toBeGreaterThan(0)
  })
})

describe('redactions', () => {
  it('lists the planned redactions and lets each be reverted and restored', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const list = valueOf<RedactionList>(await service.dispatch('redactions.list', { id: JAN_ID }))
    expect(list.enabled).toBe(true)
    const email = list.items.find((item) => item.kind === 'email')
    expect(email).toMatchObject({
      segmentIdx: 2,
      original: 'jo.doe@example.com',
      replacement: '[email]',
      reverted: false,
    })
    const id = email?.id ?? ''
    const reverted = valueOf<RedactionList>(
      await service.dispatch('redactions.revert', { id: JAN_ID, redactionId: id }),
    )
    expect(reverted.items.find((item) => item.id === id)?.reverted).toBe(true)
    expect(core.derived.revertedRedactions(JAN_ID)).toEqual(new Set([id]))
    const restored = valueOf<RedactionList>(
      await service.dispatch('redactions.restore', { id: JAN_ID, redactionId: id }),
    )
    expect(restored.items.find((item) => item.id === id)?.reverted).toBe(false)
  })

  it('refuses to revert an id that is not in the current plan', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    await expect(
      service.dispatch('redactions.revert', { id: JAN_ID, redactionId: '2:0-5:email:00000000' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'redaction-not-found' } })
    expect(core.derived.revertedRedactions(JAN_ID).size).toBe(0)
  })

  it("follows the user's terms and the on/off setting", async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    core.settings.set('redaction.terms', ['Globex'])
    const mar = valueOf<RedactionList>(await service.dispatch('redactions.list', { id: MAR_ID }))
    expect(mar.items.map((i) => [i.kind, i.original])).toEqual([['term', 'Globex']])
    core.settings.set('redaction.enabled', false)
    await expect(service.dispatch('redactions.list', { id: JAN_ID })).resolves.toEqual({
      ok: true,
      value: { enabled: false, items: [] },
    })
  })

  it('marks in the preview the same items the bytes carry, and a revert changes the bytes', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const preview = async () =>
      valueOf<UploadPreview>(await service.dispatch('uploads.preview', { id: JAN_ID }))
    const before = await preview()
    const list = valueOf<RedactionList>(await service.dispatch('redactions.list', { id: JAN_ID }))
    expect(before.redactions).toEqual(list.items)
    const segments = (body: string) =>
      (JSON.parse(body) as { segments: { text: string }[] }).segments.map((s) => s.text)
    expect(segments(before.body)[2]).toBe('Send the details to [email] please.')
    expect(before.body).not.toContain('jo.doe@example.com')

    const email = list.items.find((item) => item.kind === 'email')?.id ?? ''
    await service.dispatch('redactions.revert', { id: JAN_ID, redactionId: email })
    const after = await preview()
    expect(segments(after.body)[2]).toBe(janLines[2]?.text)
    expect(after.payloadSha256).not.toBe(before.payloadSha256)
    expect(Buffer.from(after.body).equals(Buffer.from(core.sync.prepare(JAN_ID).body))).toBe(true)
    expect(after.redactions.find((r) => r.id === email)?.reverted).toBe(true)
  })
})

describe('transcript.export', () => {
  it('writes Markdown with the speaker names, summary and signals', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    core.derived.renameSpeaker(JAN_ID, 'Speaker 2', 'Customer')
    const md = valueOf<string>(
      await service.dispatch('transcript.export', { id: JAN_ID, format: 'md' }),
    )
    expect(md).toContain('**Customer:**')
    expect(md).not.toContain('Speaker 2')
    expect(md).toContain('## Summary')
    expect(md).toContain('single sign-on')
  })

  it('answers a Word document as base64 of a zip file', async () => {
    const { core, service } = setup()
    seedTwoCalls(core)
    const base64 = valueOf<string>(
      await service.dispatch('transcript.export', { id: JAN_ID, format: 'docx' }),
    )
    const bytes = Buffer.from(base64, 'base64')
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004')
    expect(bytes.toString('latin1')).toContain('word/document.xml')
  })
})
