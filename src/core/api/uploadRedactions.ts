import type { RedactionList, RedactionView } from '../../shared/derivedViews'
import type { Core } from '../app'
import type { UploadRedaction } from '../sync/composeUploadContent'

/** One redaction as the contract shows it (only the fields it names). */
export function toRedactionView(redaction: UploadRedaction): RedactionView {
  const { id, segmentIdx, kind, start, end, original, replacement, reverted } = redaction
  return { id, segmentIdx, kind, start, end, original, replacement, reverted }
}

/**
 * The redactions an upload of this recording carries, read from `SyncService.prepare`, the call
 * that builds the bytes, so the list can never disagree with what is sent.
 */
export function uploadRedactions(core: Core, recordingId: string): RedactionList {
  return {
    enabled: core.settings.get('redaction.enabled'),
    items: core.sync.prepare(recordingId).redactions.map(toRedactionView),
  }
}
