import { describe, expect, it } from 'vitest'
import { renameMetrics } from '../../../src/core/derive/applySpeakerNames'
import { deriveRecording } from '../../../src/core/derive/deriveRecording'
import { defaultTrackers } from '../../../src/core/derive/signals/defaultTrackers'
import type { StoredSegment } from '../../../src/core/store/RecordingStore'
import { composeUploadContent } from '../../../src/core/sync/composeUploadContent'
import { loadTranscript } from '../../fixtures/transcripts/loadTranscript'

const trackers = defaultTrackers()
const { segments: fixture, durationMs } = loadTranscript('support-churn-call')
const segments: StoredSegment[] = fixture.map((s) => ({
  ...s,
  speaker: s.speaker === 'Priya' ? 'Speaker 2' : 'Speaker 1',
  confidence: 0.8,
}))
const stored = deriveRecording(segments, durationMs, { trackers })
const derived = {
  signals: stored.signals,
  metrics: stored.metrics,
  summary: { text: stored.summary.text, keyMoments: [] },
}
const redaction = { enabled: true, terms: ['Priya'], reverted: new Set<string>() }

describe('composeUploadContent', () => {
  it('sends no derived parts for a recording that was never derived', () => {
    const content = composeUploadContent({
      segments,
      durationMs,
      derived: { signals: [], metrics: null, summary: null },
      speakerNames: {},
      redaction,
      trackers,
    })
    expect(content).toMatchObject({ summary: null, signals: [], metrics: null })
    expect(content.segments[16]?.text).toBe(' Will do. Thanks for your patience, [redacted].')
  })

  it('re-derives from the redacted text only what carries text, and keeps confidence', () => {
    const content = composeUploadContent({
      segments,
      durationMs,
      derived,
      speakerNames: {},
      redaction,
      trackers,
    })
    expect(content.metrics).toEqual(stored.metrics)
    expect(content.segments.map((s) => s.confidence)).toEqual(segments.map(() => 0.8))
    expect(JSON.stringify(content.segments)).not.toContain('Priya')
    expect(content.redactions.map((r) => [r.segmentIdx, r.original, r.reverted])).toEqual([
      [16, 'Priya', false],
    ])
  })

  it('sends the stored parts as they are when redaction is off', () => {
    const content = composeUploadContent({
      segments,
      durationMs,
      derived,
      speakerNames: { 'Speaker 2': 'Priya (customer)' },
      redaction: { ...redaction, enabled: false },
      trackers,
    })
    expect(content.summary).toBe(stored.summary.text)
    expect(content.signals.map((s) => s.quote)).toEqual(stored.signals.map((s) => s.quote))
    expect(content.redactions).toEqual([])
    expect(Object.keys(content.metrics?.talkRatio ?? {})).toEqual(['Priya (customer)', 'Speaker 1'])
  })
})

describe('composeUploadContent with the names the user gave', () => {
  // Sam and Priya as the fixture names them, given as the user would, plus Priya's address.
  const named: StoredSegment[] = segments.map((s) =>
    s.idx === 5 ? { ...s, text: `${s.text} Write to priya.raman@example.com.` } : s,
  )
  const namedDerived = deriveRecording(named, durationMs, { trackers })
  const input = {
    segments: named,
    durationMs,
    derived: {
      signals: namedDerived.signals,
      metrics: namedDerived.metrics,
      summary: { text: namedDerived.summary.text, keyMoments: [] },
    },
    speakerNames: { 'Speaker 1': 'Sam (Support)', 'Speaker 2': 'Customer' },
    redaction: { enabled: true, terms: [], reverted: new Set<string>() },
    trackers,
  }

  it('redacts every given name part and the person in an address, wherever the upload names them', () => {
    const content = composeUploadContent(input)
    const sent = JSON.stringify({ ...content, redactions: [] })
    for (const name of ['Sam', 'Priya', 'Raman']) {
      expect(sent.toLowerCase()).not.toContain(name.toLowerCase())
    }
    // Sam's name is redacted, so Sam is sent under the stable label; a role stays.
    expect(new Set(content.segments.map((s) => s.speaker))).toEqual(
      new Set(['Speaker 1', 'Customer']),
    )
    expect(Object.keys(content.metrics?.talkRatio ?? {})).toEqual(['Customer', 'Speaker 1'])
    expect(content.signals.length).toBeGreaterThan(0)
    for (const signal of content.signals) {
      expect(['Speaker 1', 'Customer']).toContain(signal.speaker)
      const segment = content.segments.find((s) => s.idx === signal.segmentIdx)
      expect(segment?.text).toContain(signal.quote)
    }
    expect(content.segments[0]?.text).toBe(
      ' Thanks for calling Earshot support, this is [name]. How can I help you today?',
    )
    const kinds = content.redactions.map((r) => [r.kind, r.original])
    expect(kinds).toContainEqual(['name', 'Priya'])
    expect(kinds).toContainEqual(['name', 'Sam'])
    expect(kinds).toContainEqual(['email', 'priya.raman@example.com'])
  })

  it('sends a name the user reverted as spoken, and a speaker under a term of theirs as a label', () => {
    const first = composeUploadContent(input)
    const samAtStart = first.redactions.find((r) => r.segmentIdx === 0 && r.kind === 'name')
    expect(samAtStart).toBeDefined()
    const content = composeUploadContent({
      ...input,
      speakerNames: { 'Speaker 1': 'Support', 'Speaker 2': 'Customer (Acme)' },
      redaction: { enabled: true, terms: ['Acme'], reverted: new Set([samAtStart?.id ?? '']) },
    })
    // "Sam" is no longer a given name, so only the reverts and terms apply to segment 0.
    expect(content.segments[0]?.text).toContain('this is Sam.')
    expect(new Set(content.segments.map((s) => s.speaker))).toEqual(
      new Set(['Support', 'Speaker 2']),
    )
    const again = composeUploadContent({
      ...input,
      redaction: { ...input.redaction, reverted: new Set([samAtStart?.id ?? '']) },
    })
    expect(again.segments[0]?.text).toContain('this is Sam.')
    expect(again.redactions.find((r) => r.id === samAtStart?.id)?.reverted).toBe(true)
  })

  it('sends the names as given when redaction is off', () => {
    const content = composeUploadContent({
      ...input,
      redaction: { ...input.redaction, enabled: false },
    })
    expect(new Set(content.segments.map((s) => s.speaker))).toEqual(
      new Set(['Sam (Support)', 'Customer']),
    )
    expect(content.redactions).toEqual([])
  })
})

describe('renameMetrics', () => {
  const metrics = {
    talkRatio: { 'Speaker 1': 0.3333, 'Speaker 2': 0.3333, 'Speaker 3': 0.3334 },
    longestMonologueMs: 1000,
    wordsPerMinute: 100,
    questions: { 'Speaker 1': 1, 'Speaker 2': 0, 'Speaker 3': 2 },
    silenceShare: 0.1,
    interruptions: 0,
  }

  it('merges labels given one name, sorts keys, and keeps names as plain keys', () => {
    const renamed = renameMetrics(metrics, {
      'Speaker 1': 'Customer',
      'Speaker 3': 'Customer',
      'Speaker 2': '__proto__',
    })
    expect(Object.keys(renamed.talkRatio)).toEqual(['Customer', '__proto__'])
    expect(renamed.talkRatio.Customer).toBe(0.6667)
    expect(renamed.questions).toEqual(JSON.parse('{"Customer":3,"__proto__":0}'))
  })

  it('clips a long name to the 80 characters an upload allows', () => {
    const renamed = renameMetrics(metrics, { 'Speaker 1': 'x'.repeat(200) })
    expect(Object.keys(renamed.talkRatio)).toContain('x'.repeat(80))
  })
})
