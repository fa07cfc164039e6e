import type { SignalAggregates } from '../../../shared/signals'

type RankedPhrase = SignalAggregates['topFeatures'][number]

/**
 * The one order of a phrase ranking, in memory and over stored signals alike: most hits first,
 * then most recordings, then the phrase by code point (what SQLite's BINARY `ORDER BY phrase`
 * gives, so a ranking merged here agrees with one the database sorted).
 */
export function byRank(a: RankedPhrase, b: RankedPhrase): number {
  return (
    b.count - a.count ||
    b.recordings - a.recordings ||
    (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0)
  )
}
