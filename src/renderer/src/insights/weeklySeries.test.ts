import { describe, expect, it } from 'vitest'
import { isoWeeksBetween, weeklySeries } from './weeklySeries'

describe('isoWeeksBetween', () => {
  it('crosses a year boundary with a 53-week year', () => {
    // 2026 has 53 ISO weeks (it starts on a Thursday).
    expect(isoWeeksBetween('2026-W52', '2027-W02')).toEqual([
      '2026-W52',
      '2026-W53',
      '2027-W01',
      '2027-W02',
    ])
  })

  it('knows that 30 December 2024 is in 2025-W01', () => {
    expect(isoWeeksBetween('2024-W51', '2025-W01')).toEqual(['2024-W51', '2024-W52', '2025-W01'])
  })

  it('answers nothing for a reversed or malformed span', () => {
    expect(isoWeeksBetween('2026-W10', '2026-W02')).toEqual([])
    expect(isoWeeksBetween('2026-10', '2026-W12')).toEqual([])
  })
})

describe('weeklySeries', () => {
  it('fills quiet weeks with zeros and orders trackers by total hits', () => {
    const series = weeklySeries([
      { week: '2026-W02', tracker: 'pricing', count: 1 },
      { week: '2026-W02', tracker: 'competitor', count: 2 },
      { week: '2026-W04', tracker: 'competitor', count: 3 },
    ])
    expect(series.trackers).toEqual(['competitor', 'pricing'])
    expect(series.rows).toEqual([
      { week: '2026-W02', competitor: 2, pricing: 1 },
      { week: '2026-W03', competitor: 0, pricing: 0 },
      { week: '2026-W04', competitor: 3, pricing: 0 },
    ])
  })

  it('has no rows without hits', () => {
    expect(weeklySeries([])).toEqual({ trackers: [], rows: [] })
  })
})
