import type { SpeakerView } from '../../shared/derivedViews'
import type { SignalAggregates } from '../../shared/signals'
import type { Core } from '../app'
import type { DateRange, PhraseCount } from '../store/DerivedStore'
import type { ApiHandlers } from './createApiHandlers'
import { configuredTrackers } from '../derive/signals/configuredTrackers'
import { trackerLabels } from './trackerLabels'

type DerivedHandlers = Pick<ApiHandlers, 'recordings.derived' | 'speakers.rename' | 'insights.get'>

const TOP = 10

/**
 * The Recording screen's side panel and the Insights screen: what derivation stored, read through
 * DerivedStore, with the user's speaker names. `requireRecording` throws `not-found`.
 */
export function derivedHandlers(
  core: Core,
  requireRecording: (id: string) => { id: string },
): DerivedHandlers {
  const speakersOf = (id: string): SpeakerView[] => {
    const names = core.derived.speakerNames(id)
    const labels = new Set<string>()
    for (const segment of core.recordings.segments(id)) {
      if (segment.speaker !== null && segment.speaker.trim() !== '') labels.add(segment.speaker)
    }
    return [...labels].map((label) => ({ label, name: names[label] ?? null }))
  }

  return {
    'recordings.derived': ({ id }) => {
      const { id: recordingId } = requireRecording(id)
      const derived = core.derived.derived(recordingId)
      return Promise.resolve({
        ...derived,
        speakers: speakersOf(recordingId),
        trackers: trackerLabels(
          configuredTrackers(core.settings),
          derived.signals.map((s) => s.tracker),
        ),
      })
    },

    'speakers.rename': ({ id, label, name }) => {
      const { id: recordingId } = requireRecording(id)
      core.derived.renameSpeaker(recordingId, label, name)
      return Promise.resolve(speakersOf(recordingId))
    },

    'insights.get': (range) => {
      const bounds: DateRange = {
        ...(range.from !== undefined && { from: range.from }),
        ...(range.to !== undefined && { to: range.to }),
      }
      const trackers = configuredTrackers(core.settings)
      const idsOfKind = (kind: string): string[] =>
        trackers.filter((t) => t.kind === kind).map((t) => t.id)
      const top = (ids: readonly string[]): SignalAggregates['topFeatures'] =>
        mergeTop(ids.map((tracker) => core.derived.topPhrases(tracker, { ...bounds, limit: TOP })))
      const weekly = core.derived.signalCountsByWeek(bounds)
      return Promise.resolve({
        weekly,
        topFeatures: top(idsOfKind('feature-request')),
        topCompetitors: top(idsOfKind('competitor')),
        trackers: trackerLabels(
          trackers,
          weekly.map((w) => w.tracker),
        ),
      })
    },
  }
}

/**
 * One ranking from several trackers' top lists (a user may keep more than one feature tracker):
 * the same phrase, ignoring case, counts once with its hits summed. Recordings are summed too, an
 * upper bound when one call hit two trackers with the same phrase; rare, and only used to order ties.
 */
function mergeTop(lists: readonly PhraseCount[][]): PhraseCount[] {
  if (lists.length === 1) return lists[0] ?? []
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
  return [...merged.values()]
    .sort(
      (a, b) =>
        b.count - a.count || b.recordings - a.recordings || a.phrase.localeCompare(b.phrase),
    )
    .slice(0, TOP)
}
