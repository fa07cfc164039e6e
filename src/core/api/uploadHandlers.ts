import type { Core } from '../app'
import type { ApiHandlers } from './createApiHandlers'
import type { BackendSession } from './BackendSession'
import { toUploadStatusView } from './toUploadStatusView'
import { toRedactionView } from './uploadRedactions'

type UploadHandlers = Pick<ApiHandlers, 'uploads.list' | 'uploads.preview' | 'uploads.send'>

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Review & Upload. The preview is `SyncService.prepare`, the same call the CLI's dry run and the
 * real send use, so what the screen shows is byte for byte what the backend receives.
 */
export function uploadHandlers(core: Core, backend: BackendSession): UploadHandlers {
  return {
    'uploads.list': () => {
      const queue = backend.sync().queue
      const finished = core.recordings.list().filter((recording) => recording.status === 'done')
      return Promise.resolve(
        finished.map((recording) =>
          toUploadStatusView(recording, queue.forRecording(recording.id).at(-1)),
        ),
      )
    },

    'uploads.preview': ({ id }) => {
      const sync = backend.sync()
      const prepared = sync.prepare(id)
      const recording = core.recordings.get(id)
      const upload = sync.queue
        .forRecording(id)
        .find((row) => row.payloadSha256 === prepared.payloadSha256)
      return Promise.resolve({
        recordingId: prepared.recordingId,
        bytes: prepared.body.byteLength,
        payloadSha256: prepared.payloadSha256,
        body: utf8.decode(prepared.body),
        upload: recording && upload ? toUploadStatusView(recording, upload) : null,
        redactions: prepared.redactions.map(toRedactionView),
      })
    },

    'uploads.send': async ({ ids }) => {
      const results = await backend.sync().upload(ids)
      return results.map((result) => ({
        recordingId: result.id,
        state: result.state,
        receipt: result.receipt,
        error: result.error,
      }))
    },
  }
}
