import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  api,
  isChannel,
  type ApiResult,
  type Channel,
  type ImportOutcome,
  type Input,
  type Output,
} from '../../shared/api'
import type { Core } from '../app'
import { CoreError } from '../CoreError'
import { formatTranscript } from '../export/formatTranscript'
import { toErrorInfo } from '../jobs/toErrorInfo'
import type { JobOptions } from '../store/JobQueue'
import type { RecordingRow } from '../store/RecordingStore'
import { toFtsQuery } from '../store/toFtsQuery'
import { APP_VERSION } from '../sync/appVersion'
import { isInside } from './isInside'
import { removeOwnedCopy, StagedFiles } from './StagedFiles'
import { toApiError } from './toApiError'
import { toRecordingView } from './toRecordingView'

export type ApiHandlers = { [C in Channel]: (input: Input<C>) => Promise<Output<C>> }

export interface ApiService {
  handlers: ApiHandlers
  /** Parses `raw` with the channel's input schema, runs the handler, returns a value, never throws. */
  dispatch: (channel: string, raw: unknown) => Promise<ApiResult<unknown>>
  /** Where transports leave files for `recordings.import`. */
  staged: StagedFiles
  /** Web mode's uploads live here, one folder per upload. */
  importsDir: string
}

export interface ApiOptions {
  log?: (error: unknown) => void
}

const SEARCH_LIMIT = 50

/**
 * The one handler map behind every transport (Electron IPC, the web bridge): each channel of the
 * contract in `src/shared/api.ts`, implemented on the core.
 */
export function createApiHandlers(core: Core, options: ApiOptions = {}): ApiService {
  const staged = new StagedFiles()
  const importsDir = join(core.options.dataDir, 'imports')
  const log =
    options.log ??
    ((error: unknown) => {
      console.error(error)
    })

  const recording = (id: string): RecordingRow => {
    const row = core.recordings.get(id)
    if (!row) throw new CoreError('not-found', 'That recording no longer exists.')
    return row
  }

  const jobOptions = (): JobOptions => {
    const modelPath = core.settings.get('model.path')
    if (modelPath === null) {
      throw new CoreError(
        'no-model',
        'No whisper model is set: choose one in Settings (model.path) before importing.',
      )
    }
    if (!existsSync(modelPath)) {
      throw new CoreError('model-not-found', 'The model file set in Settings does not exist.')
    }
    return {
      modelPath,
      language: core.settings.get('transcribe.language'),
      threads: core.settings.get('transcribe.threads'),
      initialPrompt: core.settings.get('transcribe.initialPrompt'),
    }
  }

  const importOne = async (sourceId: string, job: JobOptions): Promise<ImportOutcome> => {
    const file = staged.take(sourceId)
    if (!file) {
      const error = {
        code: 'unknown-source',
        message: 'That file was not handed over; add it again.',
      }
      return { sourceId, recordingId: null, duplicate: false, error }
    }
    try {
      const { recordingId, duplicate } = await core.importer.importFile(file.path, job)
      // A duplicate keeps pointing at the first copy; this one would be an orphan.
      if (duplicate) await removeOwnedCopy(file)
      return { sourceId, recordingId, duplicate, error: null }
    } catch (error) {
      await removeOwnedCopy(file)
      return { sourceId, recordingId: null, duplicate: false, error: toErrorInfo(error) }
    }
  }

  const handlers: ApiHandlers = {
    'app.info': () =>
      Promise.resolve({
        version: APP_VERSION,
        modelConfigured: core.settings.get('model.path') !== null,
      }),

    'recordings.list': () => Promise.resolve(core.recordings.list().map(toRecordingView)),

    'recordings.get': ({ id }) => Promise.resolve(toRecordingView(recording(id))),

    'recordings.segments': ({ id }) =>
      Promise.resolve(
        core.recordings.segments(recording(id).id).map((s) => ({
          idx: s.idx,
          startMs: s.startMs,
          endMs: s.endMs,
          text: s.text,
          ...(s.speaker !== null && { speaker: s.speaker }),
          ...(s.confidence !== null && { confidence: s.confidence }),
        })),
      ),

    'recordings.search': ({ q }) => {
      const query = toFtsQuery(q)
      if (query === null) return Promise.resolve([])
      const texts = new Map<string, string[]>()
      const textOf = (recordingId: string, idx: number): string => {
        let lines = texts.get(recordingId)
        if (!lines) {
          lines = core.recordings.segments(recordingId).map((s) => s.text)
          texts.set(recordingId, lines)
        }
        return lines[idx] ?? ''
      }
      return Promise.resolve(
        core.recordings.search(query, SEARCH_LIMIT).map((hit) => ({
          recordingId: hit.recordingId,
          title: hit.title,
          segmentIdx: hit.segmentIdx,
          startMs: hit.startMs,
          endMs: hit.endMs,
          text: textOf(hit.recordingId, hit.segmentIdx),
        })),
      )
    },

    'recordings.import': async ({ sourceIds }) => {
      const job = jobOptions()
      const outcomes: ImportOutcome[] = []
      for (const sourceId of sourceIds) outcomes.push(await importOne(sourceId, job))
      // The queue runs in the background; progress reaches the UI as `job` events.
      void core.runner.drain()
      return outcomes
    },

    'recordings.cancel': ({ id }) =>
      Promise.resolve({ cancelled: core.runner.cancel(recording(id).id) }),

    'recordings.delete': async ({ id }) => {
      const row = recording(id)
      core.runner.cancel(row.id)
      const [result] = await core.sync.delete([row.id], { remote: false })
      if (result?.error) throw new CoreError(result.error.code, result.error.message)
      // Only Earshot's own upload copies go; a file the user imported from disk stays theirs.
      if (isInside(importsDir, dirname(row.sourcePath))) {
        await removeOwnedCopy({ path: row.sourcePath, ownedCopy: true })
      }
      return { deleted: result?.deleted ?? false }
    },

    'settings.get': () => Promise.resolve(core.settings.all()),

    'settings.set': ({ key, value }) => {
      core.settings.set(key, value)
      return Promise.resolve(core.settings.all())
    },

    'transcript.export': ({ id, format }) => {
      const row = recording(id)
      return Promise.resolve(formatTranscript(row, core.recordings.segments(row.id), format))
    },
  }

  const dispatch = async (channel: string, raw: unknown): Promise<ApiResult<unknown>> => {
    if (!isChannel(channel)) {
      return {
        ok: false,
        error: { code: 'unknown-channel', message: `No API call is named '${channel}'.` },
      }
    }
    const input = api[channel].input.safeParse(raw)
    if (!input.success) return { ok: false, error: toApiError(input.error, log) }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>
      const output: unknown = await handler(input.data)
      // Parsing the output too strips any field the contract does not name (a path, a hash); a
      // handler that breaks its schema is a bug, so it is reported as internal, not as bad input.
      const value = api[channel].output.safeParse(output)
      if (!value.success)
        return { ok: false, error: toApiError(new Error(value.error.message), log) }
      return { ok: true, value: value.data }
    } catch (error) {
      return { ok: false, error: toApiError(error, log) }
    }
  }

  return { handlers, dispatch, staged, importsDir }
}
