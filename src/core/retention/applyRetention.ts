import type { DeletionService } from '../deletion/DeletionService'
import type { RecordingStore } from '../store/RecordingStore'
import type { SettingsStore } from '../store/SettingsStore'

export interface RetentionDeps {
  settings: SettingsStore
  recordings: RecordingStore
  deletion: Pick<DeletionService, 'deleteLocally'>
}

export interface RetentionResult {
  /** The `retention.days` applied; null when retention is off (the default: keep forever). */
  days: number | null
  /** Recordings imported before this instant were deleted. */
  cutoff: string | null
  deletedIds: string[]
}

/** A job may still be writing these; they are left for a later run. */
const busy = new Set(['queued', 'decoding', 'transcribing'])

/**
 * Retention (issue 4, `retention.days`): deletes every recording imported more than N days before
 * `now`, and with it everything derived from it (transcript, full-text index, signals, metrics,
 * summary, speaker names, redaction choices, channel energy, queued upload payloads) — the
 * recording row itself is derived metadata, so a half-kept row would only show an empty
 * transcript. Each deletion is recorded in `deletions` as `not-requested`, like a local delete:
 * retention never contacts the backend (`earshot delete <id> --remote` does). It is the same
 * local delete as `earshot delete` (DeletionService: secure delete, WAL truncated, audit payload
 * key destroyed, staged copy removed); the audit chain itself is kept. Runs at every Core start.
 */
export function applyRetention(deps: RetentionDeps, now: Date): RetentionResult {
  const days = deps.settings.get('retention.days')
  if (days === null) return { days, cutoff: null, deletedIds: [] }
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString()
  const expired = deps.recordings
    .importedBefore(cutoff)
    .filter((recording) => !busy.has(recording.status))
    .map((recording) => recording.id)
  const deletedIds = deps.deletion
    .deleteLocally(expired, now)
    .filter((result) => result.deleted)
    .map((result) => result.id)
  return { days, cutoff, deletedIds }
}
