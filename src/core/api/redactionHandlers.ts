import type { Core } from '../app'
import { CoreError } from '../CoreError'
import type { ApiHandlers } from './createApiHandlers'
import { uploadRedactions } from './uploadRedactions'

type RedactionHandlers = Pick<
  ApiHandlers,
  'redactions.list' | 'redactions.revert' | 'redactions.restore'
>

/** Review & Upload's per-item redaction toggles; each answers the list as it now stands. */
export function redactionHandlers(
  core: Core,
  requireRecording: (id: string) => { id: string },
): RedactionHandlers {
  return {
    'redactions.list': ({ id }) => Promise.resolve(uploadRedactions(core, requireRecording(id).id)),

    'redactions.revert': ({ id, redactionId }) => {
      const recordingId = requireRecording(id).id
      // Only an item of the current plan can be let through; an id from a preview made before the
      // text changed is refused, so the person sees the new plan before deciding again.
      if (!uploadRedactions(core, recordingId).items.some((r) => r.id === redactionId)) {
        throw new CoreError(
          'redaction-not-found',
          'That redaction is no longer in this transcript; review the preview again.',
        )
      }
      core.derived.revertRedaction(recordingId, redactionId)
      return Promise.resolve(uploadRedactions(core, recordingId))
    },

    'redactions.restore': ({ id, redactionId }) => {
      const recordingId = requireRecording(id).id
      core.derived.restoreRedaction(recordingId, redactionId)
      return Promise.resolve(uploadRedactions(core, recordingId))
    },
  }
}
