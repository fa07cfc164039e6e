import { describe, expect, it } from 'vitest'
import { hasFilters, noFilters, toSearchInput } from './toSearchInput'

describe('toSearchInput', () => {
  it('sends only the query when no filter is set', () => {
    expect(toSearchInput('pricing', noFilters)).toEqual({ q: 'pricing' })
    expect(hasFilters({ ...noFilters, speaker: '   ' })).toBe(false)
  })

  it('turns days into UTC instants, the "to" day included', () => {
    expect(
      toSearchInput('sso', { from: '2026-02-27', to: '2026-02-28', speaker: '', tracker: '' }),
    ).toEqual({
      q: 'sso',
      from: '2026-02-27T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    })
  })

  it('passes a trimmed speaker and the tracker id', () => {
    const draft = { ...noFilters, speaker: ' Customer ', tracker: 'competitor' }
    expect(toSearchInput('x', draft)).toEqual({
      q: 'x',
      speaker: 'Customer',
      tracker: 'competitor',
    })
    expect(hasFilters(draft)).toBe(true)
  })
})
