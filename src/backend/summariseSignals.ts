import type { TeamSignalsResponse } from '../shared/team'
import type { PhraseCountRow, SignalCountRow } from './store/TeamStore'

/** Phrases listed per top list. */
const TOP = 20

/**
 * `GET /v1/signals`: the store's counts per ISO week, tracker and member folded into the answer's
 * shape, with the `feature-request` and `competitor` trackers' phrases ranked (the default
 * trackers' ids, resources/signals/).
 */
export function summariseSignals(
  counts: readonly SignalCountRow[],
  phrases: readonly PhraseCountRow[],
): TeamSignalsResponse {
  const weeks = new Map<string, TeamSignalsResponse['weeks'][number]>()
  for (const row of counts) {
    const id = `${row.week}\n${row.tracker}`
    const week = weeks.get(id) ?? { week: row.week, tracker: row.tracker, count: 0, byMember: [] }
    week.count += row.count
    week.byMember.push({ member: row.member, count: row.count })
    weeks.set(id, week)
  }
  const top = (tracker: string): TeamSignalsResponse['topFeatureRequests'] => {
    const byPhrase = new Map<string, TeamSignalsResponse['topFeatureRequests'][number]>()
    for (const row of phrases) {
      if (row.tracker !== tracker) continue
      const entry = byPhrase.get(row.phrase) ?? {
        phrase: row.phrase,
        count: 0,
        byMember: [],
        example: row.example,
      }
      entry.count += row.count
      entry.byMember.push({ member: row.member, count: row.count })
      byPhrase.set(row.phrase, entry)
    }
    return [...byPhrase.values()]
      .sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase))
      .slice(0, TOP)
  }
  const sortedWeeks = [...weeks.values()].sort(
    (a, b) =>
      a.week.localeCompare(b.week) || b.count - a.count || a.tracker.localeCompare(b.tracker),
  )
  for (const week of sortedWeeks) {
    week.byMember.sort((a, b) => b.count - a.count || a.member.localeCompare(b.member))
  }
  return {
    weeks: sortedWeeks,
    topFeatureRequests: top('feature-request'),
    topCompetitors: top('competitor'),
  }
}
