import type { SpeakerView } from '../../shared/derivedViews'
import type { Core } from '../app'
import { partySplit } from '../derive/metrics/partySplit'
import type { SignalFilter } from '../store/DerivedStore'
import type { ApiHandlers } from './createApiHandlers'
import { configuredTrackers } from '../derive/signals/configuredTrackers'
import { storedSignalAggregates } from '../derive/signals/storedSignalAggregates'
import { trackerLabels } from './trackerLabels'

type DerivedHandlers = Pick<
  ApiHandlers,
  | 'recordings.derived'
  | 'speakers.rename'
  | 'speakers.merge'
  | 'insights.get'
  | 'voiceProfile.get'
  | 'voiceProfile.set'
  | 'voiceProfile.forget'
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
        parties: partySplit(
          derived.metrics,
          derived.signals,
          core.derived.speakerNames(recordingId),
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
      core.mergeSpeakers(recordingId, from, into)
      return Promise.resolve(speakersOf(recordingId))
    },

    'insights.get': (range) => {
      const bounds: SignalFilter = {
        ...(range.from !== undefined && { from: range.from }),
        ...(range.to !== undefined && { to: range.to }),
        ...(range.party !== undefined && { party: range.party }),
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

    'voiceProfile.get': () => Promise.resolve(core.voiceProfile.profile()),

    'voiceProfile.set': ({ id, label }) => {
      const { id: recordingId } = requireRecording(id)
      return Promise.resolve(core.voiceProfile.markMe(recordingId, label))
    },

    'voiceProfile.forget': () => Promise.resolve({ forgotten: core.voiceProfile.forget() }),
  }
}
