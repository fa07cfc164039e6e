import { RecordingContactStore } from '../store/RecordingContactStore'
import { checkSettingValue } from '../config/checkSettingValue'
import { TRACKER_SETTING_KEYS } from '../derive/signals/configuredTrackers'
import { existsSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import {
  api,
  isChannel,
  type ApiResult,
  type Channel,
  type ImportOutcome,
  type Input,
  type Output,
} from '../../shared/api'
import { confirmedSettingKeys, settingsSchema } from '../../shared/settings'
import type { Core } from '../app'
import { dataDirPath } from '../config/dataDirLayout'
import { CoreError } from '../CoreError'
import { osNetworkWallInfo } from '../egress/osNetworkWallInfo'
import { storageEncryptionInfo } from '../keys/storageEncryptionInfo'
import { toErrorInfo } from '../jobs/toErrorInfo'
import type { JobOptions } from '../store/JobQueue'
import type { RecordingRow } from '../store/RecordingStore'
import { APP_VERSION } from '../sync/appVersion'
import { auditHandlers } from './auditHandlers'
import { backendHandlers } from './backendHandlers'
import {
  refuseSensitiveChanges,
  type ChangeConfirmer,
  type SensitiveChange,
} from './ChangeConfirmer'
import { BackendSession } from './BackendSession'
import { memoryTokenStore, type BackendTokenStore } from './BackendTokenStore'
import { derivedHandlers } from './derivedHandlers'
import { exportForDownload } from './exportForDownload'
import { firstRunFlag } from './firstRunFlag'
import { modelChoices } from './modelChoices'
import { redactionHandlers } from './redactionHandlers'
import { searchTranscripts } from './searchHandler'
import { segmentHandlers } from './segmentHandlers'
import { removeOwnedCopy, StagedFiles } from './StagedFiles'
import { toApiError } from './toApiError'
import { toRecordingView, type JobTimes } from './toRecordingView'
import { toTranscriptLine } from './toTranscriptLine'
import { uploadHandlers } from './uploadHandlers'

export type ApiHandlers = { [C in Channel]: (input: Input<C>) => Promise<Output<C>> }

export interface ApiService {
  handlers: ApiHandlers
  /** Parses `raw` with the channel's input schema, runs the handler, returns a value, never throws. */
  dispatch: (channel: string, raw: unknown) => Promise<ApiResult<unknown>>
  /** Where transports leave files for `recordings.import`. */
  staged: StagedFiles
  /** Web mode's uploads live here, one folder per upload. */
  importsDir: string
  /** Closes the backend connections this service opened; the transport calls it on shutdown. */
  dispose: () => Promise<void>
}

export interface ApiOptions {
  log?: (error: unknown) => void
  /**
   * Where the backend token is kept: the desktop app passes its keychain store. By default (web
   * mode) it is held in memory, starting from the core's token (EARSHOT_BACKEND_TOKEN).
   */
  tokens?: BackendTokenStore
  clock?: () => Date
  /**
   * Asks the user outside the page before a sensitive change (confirmedSettingKeys, a new backend
   * token): the desktop app's dialog, `earshot web`'s terminal. Without one they are all refused.
   */
  confirmer?: ChangeConfirmer
  /**
   * Runs after "Delete all data": the desktop app clears what Chromium keeps in its profile
   * (HTTP cache, storage), which lives in the same data folder but is not the core's.
   */
  afterDeleteAll?: () => Promise<void>
}

/**
 * The one handler map behind every transport (Electron IPC, the web bridge): each channel of the
 * contract in `src/shared/api.ts`, implemented on the core.
 */
export function createApiHandlers(core: Core, options: ApiOptions = {}): ApiService {
  const staged = new StagedFiles()
  // Copies a previous run received but never imported (it stopped in between) go now.
  core.deletion.sweepOrphanedCopies()
  const importsDir = dataDirPath(core.options.dataDir, 'imports')
  const clock = options.clock ?? (() => new Date())
  const tokens =
    options.tokens ??
    memoryTokenStore(
      core.options.backendToken ?? (core.options.env ?? process.env).EARSHOT_BACKEND_TOKEN,
    )
  const backend = new BackendSession(core, tokens)
  const log =
    options.log ??
    ((error: unknown) => {
      console.error(error)
    })

  const confirmer = options.confirmer ?? refuseSensitiveChanges
  /** Throws unless the user confirmed `change` where this transport asks them. */
  const confirmed = async (change: SensitiveChange, what: string): Promise<void> => {
    if (await confirmer.confirm(change)) return
    throw new CoreError(
      'not-confirmed',
      `${what} was not changed: that needs your yes in ${confirmer.where}.`,
    )
  }

  const recording = (id: string): RecordingRow => {
    const row = core.recordings.get(id)
    if (!row) throw new CoreError('not-found', 'That recording no longer exists.')
    return row
  }

  const jobTimes = (): JobTimes => ({
    queuePositions: core.queue.queuePositions(),
    processingTimes: core.queue.processingTimes(),
    secondsLeft: (id) => core.runner.secondsLeft(id),
  })
  const recordingView = (id: string) =>
    toRecordingView(
      recording(id),
      { counts: core.derived.rowCounts(id).get(id), quality: core.quality.get(id) },
      jobTimes(),
    )

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

  /** Deletes one recording and what was derived from it here; nothing is asked of the backend. */
  const deleteHere = async (row: RecordingRow): Promise<boolean> => {
    const [result] = await core.deletion.deleteRecordings([row.id], { remote: false })
    if (result?.error) throw new CoreError(result.error.code, result.error.message)
    return result?.deleted ?? false
  }

  const handlers: ApiHandlers = {
    'app.info': () =>
      Promise.resolve({
        version: APP_VERSION,
        modelConfigured: core.settings.get('model.path') !== null,
        osNetworkWall: osNetworkWallInfo(core),
        storageEncryption: storageEncryptionInfo(core.databaseKey.source),
      }),

    'recordings.list': () => {
      const counts = core.derived.rowCounts()
      const quality = core.quality.all()
      const times = jobTimes()
      return Promise.resolve(
        core.recordings
          .list()
          .map((row) =>
            toRecordingView(
              row,
              { counts: counts.get(row.id), quality: quality.get(row.id) ?? null },
              times,
            ),
          ),
      )
    },

    'recordings.get': ({ id }) => Promise.resolve(recordingView(recording(id).id)),

    'recordings.setCallDate': ({ id, callDate }) => {
      core.recordings.setCallDate(recording(id).id, new Date(callDate).toISOString())
      return Promise.resolve(recordingView(id))
    },

    'recordings.segments': ({ id }) =>
      Promise.resolve(core.recordings.segments(recording(id).id).map(toTranscriptLine)),

    'recordings.search': (query) => Promise.resolve(searchTranscripts(core, query)),

    ...derivedHandlers(core, recording),
    ...segmentHandlers(core, recording),
    ...redactionHandlers(core, recording),

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

    'recordings.retry': async ({ id }) => {
      await core.importer.retry(recording(id).id, jobOptions())
      void core.runner.drain()
      return { queued: true as const }
    },

    'recordings.delete': async ({ id }) => ({ deleted: await deleteHere(recording(id)) }),

    'recordings.setContact': ({ id, email }) => {
      const recordingId = recording(id).id
      const contacts = new RecordingContactStore(core.db)
      if (email === null) contacts.clear(recordingId)
      return Promise.resolve({
        id: recordingId,
        email: email === null ? null : contacts.set(recordingId, email),
      })
    },

    'settings.get': () => Promise.resolve(core.settings.all()),

    'settings.set': async ({ key, value }) => {
      if (confirmedSettingKeys.includes(key)) {
        const parsed = settingsSchema[key].safeParse(value)
        const unchanged = parsed.success && isDeepStrictEqual(parsed.data, core.settings.get(key))
        // An invalid value is refused by the store below without asking; an unchanged one needs no yes.
        if (parsed.success && !unchanged) {
          // Checked before asking, so nobody is asked to allow a value that would be refused.
          checkSettingValue(key, parsed.data)
          await confirmed({ kind: 'setting', key, value: parsed.data }, key)
        }
      }
      const before = core.settings.get(key)
      const stored = core.settings.set(key, value)
      // Stored signals were found with the old trackers: derive every finished call again, as
      // `earshot config set` does, so Insights, search by tracker and uploads use the new list.
      if (TRACKER_SETTING_KEYS.includes(key) && !isDeepStrictEqual(before, stored)) {
        core.rederiveAll()
      }
      return core.settings.all()
    },

    'transcript.export': ({ id, format }) => exportForDownload(core, recording(id), format),

    ...uploadHandlers(core, backend),
    ...auditHandlers(core, clock),
    ...backendHandlers(core, tokens, backend, confirmed),

    'models.catalog': () =>
      modelChoices({
        dataDir: core.options.dataDir,
        catalog: core.modelCatalog,
        downloads: core.modelDownloads,
        language: core.settings.get('transcribe.language'),
      }),

    'models.download': ({ name }) => Promise.resolve(core.modelDownloads.start(name).view),

    'models.cancelDownload': ({ name }) =>
      Promise.resolve({ cancelled: core.modelDownloads.cancel(name) }),

    'firstRun.state': () => Promise.resolve({ done: firstRunFlag.isDone(core.db) }),

    'firstRun.finish': () => {
      firstRunFlag.markDone(core.db, clock())
      return Promise.resolve({ done: true })
    },

    // The same delete-all as `earshot delete --all --yes` (DeletionService.deleteAll), plus what
    // only this process holds: the token in memory (or the keychain vault) and files handed over
    // but not yet imported.
    'data.deleteAll': async () => {
      const { results, wiped } = await core.deletion.deleteAll({ remote: false })
      const failed = results.find((result) => !result.deleted)
      if (!wiped || failed) {
        throw new CoreError(
          failed?.error?.code ?? 'delete-failed',
          failed?.error?.message ?? 'Not every recording could be deleted; nothing else was.',
        )
      }
      await tokens.set(null)
      await staged.dispose()
      await options.afterDeleteAll?.()
      return { deleted: results.length }
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

  return { handlers, dispatch, staged, importsDir, dispose: () => backend.dispose() }
}
