import type { SignalAggregates, TrackerDefinition, TrackerKind } from '../../../shared/signals'
import { byRank } from './byRank'
import type { FoundSignal } from './findSignals'
import { isoWeek } from './isoWeek'
import { normalizeText } from './splitSentences'

/** One recording's hits with the time it was recorded (ISO 8601). */
export interface RecordingSignals {
  recordedAt: string
  signals: readonly FoundSignal[]
}

export interface AggregateOptions {
  /** The trackers in use; their kinds say which hits are feature requests and competitors. */
  trackers: readonly Pick<TrackerDefinition, 'id' | 'kind'>[]
  /** How many top features and competitors to list (default 10). */
  top?: number
}

type Ranked = SignalAggregates['topFeatures'][number]

/** Phrases of the given kind ranked by hits, then by recordings, then alphabetically. */
function rankPhrases(
  items: readonly RecordingSignals[],
  trackerIds: ReadonlySet<string>,
  top: number,
): Ranked[] {
  const byPhrase = new Map<string, { count: number; recordings: Set<number> }>()
  items.forEach((item, recording) => {
    for (const signal of item.signals) {
      if (!trackerIds.has(signal.tracker)) continue
      // "Dark mode" and "dark  mode" are one feature.
      const phrase = normalizeText(signal.phrase).toLowerCase()
      if (phrase === '') continue
      const entry = byPhrase.get(phrase) ?? { count: 0, recordings: new Set<number>() }
      entry.count += 1
      entry.recordings.add(recording)
      byPhrase.set(phrase, entry)
    }
  })
  return [...byPhrase]
    .map(([phrase, entry]) => ({ phrase, count: entry.count, recordings: entry.recordings.size }))
    .sort(byRank)
    .slice(0, top)
}

function idsOfKind(
  trackers: readonly Pick<TrackerDefinition, 'id' | 'kind'>[],
  kind: TrackerKind,
): Set<string> {
  return new Set(trackers.filter((tracker) => tracker.kind === kind).map((tracker) => tracker.id))
}

/**
 * Hits across recordings over time: counts per ISO week (UTC) and tracker, and the most frequent
 * feature requests and competitors. Deterministic: equal inputs give equal output, in a fixed order.
 * Throws a `RangeError` for a `recordedAt` that is not a date.
 */
export function aggregateSignals(
  items: readonly RecordingSignals[],
  options: AggregateOptions,
): SignalAggregates {
  const top = Math.max(0, Math.floor(options.top ?? 10))
  const weekly = new Map<string, number>()
  for (const item of items) {
    const instant = new Date(item.recordedAt)
    if (Number.isNaN(instant.getTime())) {
      throw new RangeError(`recordedAt is not a date: ${JSON.stringify(item.recordedAt)}`)
    }
    const week = isoWeek(instant)
    for (const signal of item.signals) {
      const key = `${week}\u0000${signal.tracker}`
      weekly.set(key, (weekly.get(key) ?? 0) + 1)
    }
  }
  return {
    weekly: [...weekly]
      .map(([key, count]) => {
        const [week = '', tracker = ''] = key.split('\u0000')
        return { week, tracker, count }
      })
      .sort((a, b) =>
        a.week !== b.week ? (a.week < b.week ? -1 : 1) : a.tracker < b.tracker ? -1 : 1,
      ),
    topFeatures: rankPhrases(items, idsOfKind(options.trackers, 'feature-request'), top),
    topCompetitors: rankPhrases(items, idsOfKind(options.trackers, 'competitor'), top),
  }
}
