import type { Core } from '../app'
import { forgetFreedPages } from '../deletion/forgetFreedPages'
import type { ApiHandlers } from './createApiHandlers'
import { toTranscriptLine } from './toTranscriptLine'

type SegmentHandlers = Pick<ApiHandlers, 'segments.edit' | 'segments.setSpeaker'>

/**
 * The Recording screen's line editing. `requireRecording` throws `not-found`; the store refuses a
 * transcript that is not finished (`not-editable`) and a line it does not have.
 */
export function segmentHandlers(
  core: Core,
  requireRecording: (id: string) => { id: string },
): SegmentHandlers {
  return {
    'segments.edit': ({ id, idx, text }) => {
      const recordingId = requireRecording(id).id
      // One transaction: signals, metrics and summary quote the text, so either the edit and what
      // is derived from it both land, or neither does and the screen rolls the line back.
      const edited = core.db.transaction(() => {
        const segment = core.recordings.editSegmentText(recordingId, idx, text)
        core.rederive(recordingId)
        return segment
      })()
      // A correction often removes what should not be there (a misheard name): the old wording
      // was zeroed in place (secure_delete); this takes its older page images out of the WAL too.
      forgetFreedPages(core.db)
      return Promise.resolve(toTranscriptLine(edited))
    },
    'segments.setSpeaker': ({ id, idx, speaker }) => {
      const recordingId = requireRecording(id).id
      // Talk ratio, questions and signals are per speaker: derived again with the move.
      const moved = core.db.transaction(() => {
        const segment = core.recordings.setSegmentSpeaker(recordingId, idx, speaker)
        core.rederive(recordingId)
        return segment
      })()
      return Promise.resolve(toTranscriptLine(moved))
    },
  }
}
