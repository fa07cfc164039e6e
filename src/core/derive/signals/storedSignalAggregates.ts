import type { SignalAggregates, TrackerDefinition, TrackerKind } from '../../../shared/signals'
import type { DerivedStore, PhraseCount, SignalFilter } from '../../store/DerivedStore'
import { byRank } from './byRank'

/** How many top features and competitors are listed. */
export const TOP_PHRASES = 10

/**
 * Signals across the stored recordings (imported in `range`): hits per ISO week and tracker, and
 * the most frequent feature requests and competitors. Which trackers count as features and
 * competitors is their kind, so a user's own feature tracker joins the default one. Only what
 * "them" said unless `range.party` says otherwise (the user's own pitch is not demand). Counted in
 * SQL (DerivedStore), never by loading every signal.
 */
export function storedSignalAggregates(
  derived: DerivedStore,
  trackers: readonly Pick<TrackerDefinition, 'id' | 'kind'>[],
  range: SignalFilter = {},
  top = TOP_PHRASES,
): SignalAggregates {
  const ranked = (kind: TrackerKind): PhraseCount[] =>
    mergeRankings(
      trackers
        .filter((tracker) => tracker.kind === kind)
        .map((tracker) => derived.topPhrases(tracker.id, { ...range, limit: top })),
      top,
    )
  return {
    weekly: derived.signalCountsByWeek(range),
    topFeatures: ranked('feature-request'),
    topCompetitors: ranked('competitor'),
  }
}

/**
 * One ranking from several trackers' top lists: the same phrase, ignoring case, counts once with
 * its hits summed. Recordings are summed too, an upper bound when one call hit two trackers with
 * the same phrase; rare, and only used to order ties.
 */
function mergeRankings(lists: readonly PhraseCount[][], top: number): PhraseCount[] {
  const merged = new Map<string, PhraseCount>()
  for (const item of lists.flat()) {
    const key = item.phrase.toLowerCase()
    const seen = merged.get(key)
    merged.set(
      key,
      seen
        ? {
            phrase: seen.phrase,
            count: seen.count + item.count,
            recordings: seen.recordings + item.recordings,
          }
        : { ...item },
    )
  }
  return [...merged.values()].sort(byRank).slice(0, top)
}
