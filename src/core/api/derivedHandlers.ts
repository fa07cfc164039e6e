import type { SpeakerView } from '../../shared/derivedViews'
import type { Core } from '../app'
import type { DateRange } from '../store/DerivedStore'
import type { ApiHandlers } from './createApiHandlers'
import { configuredTrackers } from '../derive/signals/configuredTrackers'
import { storedSignalAggregates } from '../derive/signals/storedSignalAggregates'
import { trackerLabels } from './trackerLabels'

type DerivedHandlers = Pick<
  ApiHandlers,
  'recordings.derived' | 'speakers.rename' | 'speakers.merge' | 'insights.get'
>

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

    'speakers.merge': ({ id, from, into }) => {
      const { id: recordingId } = requireRecording(id)
      core.db.transaction(() => {
        core.recordings.mergeSpeakers(recordingId, from, into)
        // A two-channel recording's turns follow its channels: the merged channel's label takes
        // the name the kept speaker shows, so RTTM and every export name one person.
        const names = core.derived.speakerNames(recordingId)
        core.derived.renameSpeaker(recordingId, from, names[into] ?? into)
        core.rederive(recordingId)
      })()
      return Promise.resolve(speakersOf(recordingId))
    },

    'insights.get': (range) => {
      const bounds: DateRange = {
        ...(range.from !== undefined && { from: range.from }),
        ...(range.to !== undefined && { to: range.to }),
      }
      const trackers = configuredTrackers(core.settings)
      const aggregates = storedSignalAggregates(core.derived, trackers, bounds)
      return Promise.resolve({
        ...aggregates,
        trackers: trackerLabels(
          trackers,
          aggregates.weekly.map((w) => w.tracker),
        ),
        ownProduct: core.settings.get('signals.ownProduct'),
      })
    },
  }
}
