import { describe, expect, it } from 'vitest'
import { groupSignals } from './groupSignals'

const hit = (tracker: string, segmentIdx: number, phrase = tracker) => ({
  tracker,
  phrase,
  quote: `${phrase} quote`,
  startMs: segmentIdx * 1000,
  segmentIdx,
})

describe('groupSignals', () => {
  it('groups by tracker in configuration order, hits in transcript order', () => {
    const groups = groupSignals(
      [hit('competitor', 5), hit('pricing', 3), hit('competitor', 1, 'Acme')],
      [
        { id: 'pricing', label: 'Pricing' },
        { id: 'budget', label: 'Budget' },
        { id: 'competitor', label: 'Competitors' },
      ],
    )
    expect(groups.map((g) => [g.label, g.signals.map((s) => s.segmentIdx)])).toEqual([
      ['Pricing', [3]],
      ['Competitors', [1, 5]],
    ])
  })

  it('keeps hits of a tracker no longer configured, last and under its id', () => {
    const groups = groupSignals(
      [hit('old-one', 0), hit('pricing', 2)],
      [{ id: 'pricing', label: 'Pricing' }],
    )
    expect(groups.map((g) => g.label)).toEqual(['Pricing', 'old-one'])
  })

  it('answers nothing for no signals', () => {
    expect(groupSignals([], [{ id: 'pricing', label: 'Pricing' }])).toEqual([])
  })
})
