import { describe, expect, it } from 'vitest'
import { aggregateSignals } from '../../../../src/core/derive/signals/aggregateSignals'
import { defaultTrackers } from '../../../../src/core/derive/signals/defaultTrackers'
import { findSignals } from '../../../../src/core/derive/signals/findSignals'
import { isoWeek } from '../../../../src/core/derive/signals/isoWeek'
import { resolveTrackers } from '../../../../src/core/derive/signals/resolveTrackers'
import { SignalAggregates } from '../../../../src/shared/signals'
import { loadTranscript } from '../../../fixtures/transcripts/loadTranscript'

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01T12:00:00Z', '2026-W01'],
    ['2021-01-03T23:59:59Z', '2020-W53'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2026-02-16T00:00:00Z', '2026-W08'],
    ['2026-02-15T23:30:00-02:00', '2026-W08'],
  ])('%s is in %s', (instant, week) => {
    expect(isoWeek(new Date(instant))).toBe(week)
  })
})

describe('signals across recordings', () => {
  const trackers = resolveTrackers(defaultTrackers(), [], ['Gong', 'Chorus'])
  const signalsOf = (name: string) => findSignals(loadTranscript(name).segments, trackers)
  const items = [
    { recordedAt: '2026-02-10T09:00:00Z', signals: signalsOf('discovery-call') },
    { recordedAt: '2026-02-12T15:00:00Z', signals: signalsOf('support-churn-call') },
    { recordedAt: '2026-02-17T10:00:00Z', signals: signalsOf('negations-near-misses') },
    { recordedAt: '2026-02-18T10:00:00Z', signals: signalsOf('discovery-call') },
  ]
  const aggregates = aggregateSignals(items, { trackers })

  it('counts hits per ISO week and tracker, oldest week first', () => {
    expect(aggregates.weekly.filter((w) => w.tracker === 'competitor')).toEqual([
      { week: '2026-W07', tracker: 'competitor', count: 3 },
      { week: '2026-W08', tracker: 'competitor', count: 3 },
    ])
    expect(
      aggregates.weekly.find((w) => w.week === '2026-W07' && w.tracker === 'churn-risk'),
    ).toEqual({ week: '2026-W07', tracker: 'churn-risk', count: 7 })
    const total = items.reduce((sum, item) => sum + item.signals.length, 0)
    expect(aggregates.weekly.reduce((sum, w) => sum + w.count, 0)).toBe(total)
    const keys = aggregates.weekly.map((w) => `${w.week} ${w.tracker}`)
    expect(keys).toEqual([...keys].sort())
  })

  it('ranks requested features and competitors by hits, then recordings, then name', () => {
    expect(aggregates.topCompetitors).toEqual([
      { phrase: 'gong', count: 4, recordings: 2 },
      { phrase: 'chorus', count: 2, recordings: 2 },
    ])
    expect(aggregates.topFeatures).toEqual([
      { phrase: 'coaching scorecard', count: 2, recordings: 2 },
      { phrase: 'export transcripts', count: 2, recordings: 2 },
      { phrase: 'slack integration', count: 2, recordings: 2 },
      { phrase: 'mobile app', count: 1, recordings: 1 },
      { phrase: 'spanish transcript option', count: 1, recordings: 1 },
      { phrase: 'status page', count: 1, recordings: 1 },
    ])
    expect(aggregateSignals(items, { trackers, top: 2 }).topFeatures).toHaveLength(2)
  })

  it('is deterministic, fits its schema, and refuses a date that is not one', () => {
    expect(aggregateSignals(items, { trackers })).toEqual(aggregates)
    expect(SignalAggregates.safeParse(aggregates).success).toBe(true)
    expect(aggregateSignals([], { trackers })).toEqual({
      weekly: [],
      topFeatures: [],
      topCompetitors: [],
    })
    expect(() => aggregateSignals([{ recordedAt: 'soon', signals: [] }], { trackers })).toThrow(
      RangeError,
    )
  })
})
