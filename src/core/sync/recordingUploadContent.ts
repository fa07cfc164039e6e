import type { TrackerDefinition } from '../../shared/signals'
import type { DerivedStore } from '../store/DerivedStore'
import type { RecordingRow, RecordingStore } from '../store/RecordingStore'
import type { SettingsStore } from '../store/SettingsStore'
import { composeUploadContent, type UploadContent } from './composeUploadContent'

export interface RecordingContentSources {
  recordings: Pick<RecordingStore, 'segments'>
  derived: Pick<DerivedStore, 'derived' | 'speakerNames' | 'revertedRedactions'>
  settings: Pick<SettingsStore, 'get'>
}

/**
 * One stored recording's content under the user's current choices (redaction on or off, the
 * always-redact terms, the reverts, the speaker names). Uploads (SyncService.prepare) and what
 * `earshot mcp` shows an LLM client both come through here, so both follow the same rules.
 */
export function recordingUploadContent(
  sources: RecordingContentSources,
  recording: Pick<RecordingRow, 'id' | 'durationMs'>,
  trackers: readonly TrackerDefinition[],
): UploadContent {
  const { settings, derived, recordings } = sources
  return composeUploadContent({
    segments: recordings.segments(recording.id),
    durationMs: recording.durationMs ?? 0,
    derived: derived.derived(recording.id),
    speakerNames: derived.speakerNames(recording.id),
    redaction: {
      enabled: settings.get('redaction.enabled'),
      terms: settings.get('redaction.terms'),
      reverted: derived.revertedRedactions(recording.id),
    },
    trackers,
  })
}
