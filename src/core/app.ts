import { CoreError } from './CoreError'
import { Analytics } from './analytics/Analytics'
import { AnalyticsReporter } from './analytics/AnalyticsReporter'
import { readAmplitudeKey } from './analytics/readAmplitudeKey'
import { AuditLog } from './audit/AuditLog'
import { dataDirPath } from './config/dataDirLayout'
import { DeletionService } from './deletion/DeletionService'
import { EgressGate } from './egress/EgressGate'
import { FileKeyStore } from './keys/FileKeyStore'
import {
  resolveDatabaseKey,
  type DatabaseKeyOptions,
  type DatabaseKeySource,
} from './keys/resolveDatabaseKey'
import { rotateDatabaseKeyIfRequested, type DatabaseKeyRotation } from './keys/rotateDatabaseKey'
import type { SecretKeyStore } from './keys/SecretKeyStore'
import { CapacityLedgerStore } from './store/CapacityLedgerStore'
import { createMediaBackend } from './media/createMediaBackend'
import type { MediaBackend } from './media/types'
import type { SpawnWasmDecoder } from './media/WasmDecoderHandle'
import { Importer } from './jobs/Importer'
import { JobRunner } from './jobs/JobRunner'
import { RecordingDeriver } from './derive/RecordingDeriver'
import { configuredTrackers } from './derive/signals/configuredTrackers'
import { applyRetention, type RetentionResult } from './retention/applyRetention'
import { DerivedStore, type DerivedData } from './store/DerivedStore'
import { JobQueue } from './store/JobQueue'
import { openDatabase, type Db } from './store/openDatabase'
import { QualityStore } from './store/QualityStore'
import { RecordingStore } from './store/RecordingStore'
import { SettingsStore } from './store/SettingsStore'
import { VoiceStore } from './store/VoiceStore'
import { VoiceProfileService } from './voice/VoiceProfileService'
import { APP_VERSION } from './sync/appVersion'
import { readInstallId } from './sync/readInstallId'
import { AuditWitness } from './sync/AuditWitness'
import { SyncService, type UploadResult } from './sync/SyncService'
import { modelCatalog, type ModelCatalog } from './transcribe/model/modelCatalog'
import { ModelDownloads } from './transcribe/model/ModelDownloads'
import { WhisperTranscriber } from './transcribe/WhisperTranscriber'
import type { SpawnWhisperWorker } from './transcribe/WhisperWorkerHandle'
import { SileroVad, sileroModelPath } from './vad/SileroVad'

export interface CoreOptions {
  dataDir: string
  env?: NodeJS.ProcessEnv
  /** The app passes the token from the OS keychain; otherwise `EARSHOT_BACKEND_TOKEN` is used. */
  backendToken?: string
  /**
   * Where the audit seal and payload keys live: the OS keychain in the app (src/main); by default
   * 0600 files in `EARSHOT_KEYS_DIR`, else `<dataDir>/keys`.
   */
  keys?: SecretKeyStore
  /**
   * The OS keychain the database key is sealed in (the desktop app's safeStorage). Without one,
   * `EARSHOT_DB_KEY` or the 0600 key file (src/core/keys/resolveDatabaseKey).
   */
  databaseKeychain?: SecretKeyStore
  /** How the whisper worker starts: a Node child process by default; Electron passes a utilityProcess. */
  spawnWhisperWorker?: SpawnWhisperWorker
  /** How the ffmpeg.wasm decoder starts: a Node child process by default; Electron passes a utilityProcess. */
  spawnWasmDecoder?: SpawnWasmDecoder
  /**
   * Amplitude project key (default `EARSHOT_AMPLITUDE_KEY`; without one analytics stays off
   * whatever the setting) and endpoint. A `serverUrl` is added to the gate's analytics allowlist:
   * it exists for a loopback stand-in in tests, not as a user setting.
   */
  analytics?: { apiKey?: string; serverUrl?: string; flushIntervalMillis?: number }
  /**
   * The models `model download` and the app may fetch (default: the pinned Hugging Face
   * catalogue). Its URLs' origins are added to the gate's model-download allowlist, so like
   * `analytics.serverUrl` it exists for a loopback stand-in in tests, never as a user setting.
   */
  modelCatalog?: ModelCatalog
}

/** The composition root: builds the engine once, for the Electron app, the CLI and web mode alike. */
export class Core {
  readonly db: Db
  /** Where the key of earshot.db and audit.db came from (Settings and the CLI say what it means). */
  readonly databaseKey: { source: DatabaseKeySource; keyFile: string | null; created: boolean }
  /** The key rotation this start finished ("Delete all data" asked for one), or null. */
  readonly keyRotation: DatabaseKeyRotation | null
  readonly settings: SettingsStore
  readonly recordings: RecordingStore
  readonly queue: JobQueue
  readonly media: MediaBackend
  readonly importer: Importer
  readonly runner: JobRunner
  readonly egress: EgressGate
  /** The per-recording capacity ledger every gate of this core charges (issue 10). */
  readonly capacity: CapacityLedgerStore
  readonly audit: AuditLog
  readonly sync: SyncService
  /** `audit verify` against the heads backends witnessed (docs/handoff/h6.md). */
  readonly auditWitness: AuditWitness
  /** Every local delete: one recording, all data, retention (src/core/deletion). */
  readonly deletion: DeletionService
  readonly derived: DerivedStore
  /** Voice features of speakers and the user's profile (read through `voiceProfile`). */
  readonly voices: VoiceStore
  /** Call-quality reports measured at import (issue 14). */
  readonly quality: QualityStore
  /** Derives stored transcripts (signals, metrics, summary) into `derived`. */
  readonly deriver: RecordingDeriver
  /** "This is me": the user's voice profile and each recording's speaker voices (issue 11). */
  readonly voiceProfile: VoiceProfileService
  /** What `retention.days` deleted when this core started. */
  readonly retention: RetentionResult
  /** Opt-in usage analytics through the gate; null when the build has no Amplitude key. */
  readonly analytics: Analytics | null
  /** The models that may be downloaded (the pinned catalogue unless a test passed its own). */
  readonly modelCatalog: ModelCatalog
  /** The app's in-background model downloads (Settings, first run); the CLI downloads in line. */
  readonly modelDownloads: ModelDownloads
  private readonly analyticsReporter: AnalyticsReporter
  /** The voice model, loaded on the first two-channel import and kept (2.3 MB, one session). */
  private vad: Promise<SileroVad | null> | null = null

  constructor(readonly options: CoreOptions) {
    const env = options.env ?? process.env
    const keyOptions = {
      dataDir: options.dataDir,
      env,
      ...(options.databaseKeychain && { keychain: options.databaseKeychain }),
    }
    this.keyRotation = rotateRequestedKey(keyOptions)
    const databaseKey = resolveDatabaseKey(keyOptions)
    this.databaseKey = {
      source: databaseKey.source,
      keyFile: databaseKey.keyFile,
      created: databaseKey.created,
    }
    this.db = openDatabase(dataDirPath(options.dataDir, 'database'), databaseKey.key)
    this.settings = new SettingsStore(this.db)
    this.audit = AuditLog.open(dataDirPath(options.dataDir, 'auditLog'), {
      databaseKey: databaseKey.key,
      keys:
        options.keys ??
        new FileKeyStore({ dir: env.EARSHOT_KEYS_DIR ?? dataDirPath(options.dataDir, 'keys') }),
    })
    this.capacity = new CapacityLedgerStore(this.db)
    const backendToken = options.backendToken ?? env.EARSHOT_BACKEND_TOKEN
    const analyticsKey = options.analytics?.apiKey ?? readAmplitudeKey(env)
    // The backend URL and token are fixed for the gate's life, read once here: the app rebuilds
    // its core when either changes in Settings.
    this.egress = new EgressGate({
      clock: () => new Date(),
      audit: this.audit,
      backend: { url: this.settings.get('backend.url'), token: backendToken },
      capacity: this.capacity,
      analyticsPins: {
        installId: readInstallId(this.db),
        appVersion: APP_VERSION,
        ...(analyticsKey !== undefined && { apiKey: analyticsKey }),
      },
      extraOrigins: {
        ...(options.analytics?.serverUrl !== undefined && {
          analytics: [new URL(options.analytics.serverUrl).origin],
        }),
        ...(options.modelCatalog !== undefined && {
          'model-download': Object.values(options.modelCatalog).map((e) => new URL(e.url).origin),
        }),
      },
      ...(options.modelCatalog !== undefined && {
        downloadCatalog: Object.values(options.modelCatalog),
      }),
    })
    this.modelCatalog = options.modelCatalog ?? modelCatalog
    this.modelDownloads = new ModelDownloads({
      gate: this.egress,
      catalog: this.modelCatalog,
      modelsDir: dataDirPath(options.dataDir, 'models'),
      // The core picked the path (its own models folder) and the file matched the pinned digest,
      // so nothing a page chose is loaded: unlike a typed path, this needs no confirmation.
      onVerified: (model) => {
        this.settings.set('model.path', model.path)
      },
    })
    this.recordings = new RecordingStore(this.db)
    this.queue = new JobQueue(this.db)
    this.media = createMediaBackend({
      backend: this.settings.get('media.backend'),
      settingPath: this.settings.get('media.ffmpegPath') ?? undefined,
      env,
      ...(options.spawnWasmDecoder && { spawnWasmDecoder: options.spawnWasmDecoder }),
    })
    this.importer = new Importer({
      db: this.db,
      recordings: this.recordings,
      queue: this.queue,
      media: this.media,
      prepareForUpload: (recordingId) => {
        try {
          this.audit.preparePayloadKeys([recordingId])
        } catch {
          // Only a head start: the first upload makes a missing key itself, or refuses with the
          // reason (a keychain the command line cannot open, a full disk), so the import stands.
        }
      },
    })
    this.derived = new DerivedStore(this.db)
    this.quality = new QualityStore(this.db)
    this.deriver = new RecordingDeriver({
      recordings: this.recordings,
      derived: this.derived,
      trackers: () => configuredTrackers(this.settings),
    })
    const voices = new VoiceStore(this.db)
    this.voiceProfile = new VoiceProfileService({
      db: this.db,
      voices,
      derived: this.derived,
      recordings: this.recordings,
    })
    this.voices = voices
    this.runner = new JobRunner({
      recordings: this.recordings,
      queue: this.queue,
      media: this.media,
      createTranscriber: ({ modelPath }) =>
        new WhisperTranscriber({
          modelPath,
          ...(options.spawnWhisperWorker && { spawnWorker: options.spawnWhisperWorker }),
        }),
      concurrency: this.settings.get('jobs.concurrency'),
      loadVad: () => {
        const path = sileroModelPath()
        this.vad ??= path ? SileroVad.load(path) : Promise.resolve(null)
        return this.vad
      },
      meChannel: () => {
        const me = this.settings.get('speakers.meChannel')
        return me === 'left' ? 0 : me === 'right' ? 1 : null
      },
      nameSpeaker: (recordingId, label, name) => {
        this.derived.renameSpeaker(recordingId, label, name)
      },
      speakerVoices: (recordingId, speakers) => {
        this.voiceProfile.recordSpeakers(recordingId, speakers)
      },
      derive: (recordingId) => {
        this.deriver.derive(recordingId)
      },
      saveQuality: (recordingId, quality) => {
        this.quality.save(recordingId, quality)
      },
    })
    this.runner.recoverInterrupted()
    this.sync = new SyncService({
      db: this.db,
      recordings: this.recordings,
      settings: this.settings,
      gate: this.egress,
      token: backendToken,
      appVersion: APP_VERSION,
      onUploadResults: (results) => {
        this.reportUploadResults(results)
      },
    })
    this.auditWitness = new AuditWitness({
      audit: this.audit,
      localHeads: () => this.sync.witnessedHeads.list(),
      fetchHeads: (options) => this.sync.fetchWitnessedHeads(options),
    })
    this.deletion = new DeletionService({
      db: this.db,
      recordings: this.recordings,
      audit: this.audit,
      dataDir: options.dataDir,
      env,
      requestRemoteDeletion: (id, signal) => this.sync.requestRemoteDeletion(id, signal),
      cancelJob: (id) => {
        this.runner.cancel(id)
      },
    })
    this.analytics =
      analyticsKey === undefined
        ? null
        : new Analytics({
            gate: this.egress,
            // Read on every event and every batch: turning it off stops what is already queued.
            settings: { enabled: () => this.settings.get('analytics.enabled') },
            installId: readInstallId(this.db),
            appVersion: APP_VERSION,
            apiKey: analyticsKey,
            ...(options.analytics?.serverUrl !== undefined && {
              serverUrl: options.analytics.serverUrl,
            }),
            ...(options.analytics?.flushIntervalMillis !== undefined && {
              flushIntervalMillis: options.analytics.flushIntervalMillis,
            }),
          })
    this.analyticsReporter = new AnalyticsReporter({
      track: (event) => {
        this.analytics?.track(event)
      },
      recordings: this.recordings,
      queue: this.queue,
    })
    this.runner.onEvent((event) => {
      this.analyticsReporter.onJobEvent(event)
      if (event.type === 'finished' && event.status !== 'done') {
        this.deletion.releaseStagedCopy(event.recordingId)
      }
    })
    this.retention = this.applyRetention()
  }

  /** Deletes recordings older than `retention.days` (see applyRetention); runs at every start. */
  applyRetention(now: Date = new Date()): RetentionResult {
    return applyRetention(
      { settings: this.settings, recordings: this.recordings, deletion: this.deletion },
      now,
    )
  }

  /**
   * Derives one recording again from its stored segments: after the user edits a line, or when
   * the tracker settings (`signals.custom`, `signals.competitors`) change. Idempotent.
   */
  rederive(recordingId: string): DerivedData {
    return this.deriver.derive(recordingId)
  }

  /**
   * Every line of speaker label `from` becomes `into` (one person the diarizer split in two), in
   * one transaction: the merged label takes the name the kept speaker shows (so RTTM and every
   * export name one person), their voice features are added up, and the recording is derived
   * again. Returns how many lines moved.
   */
  mergeSpeakers(recordingId: string, from: string, into: string): number {
    return this.db.transaction(() => {
      const moved = this.recordings.mergeSpeakers(recordingId, from, into)
      const names = this.derived.speakerNames(recordingId)
      this.derived.renameSpeaker(recordingId, from, names[into] ?? into)
      this.voices.mergeSpeakerVoices(recordingId, from, into)
      this.rederive(recordingId)
      return moved
    })()
  }

  /** Derives every finished recording again (the trackers changed); returns their ids. */
  rederiveAll(): string[] {
    return this.deriver.deriveAll()
  }

  /** The shells (Electron main, web mode) call this once they have started. */
  reportAppOpened(): void {
    this.analyticsReporter.appOpened()
  }

  /** Upload outcomes for usage analytics, whichever sync service sent them (CLI or the UI's). */
  reportUploadResults(results: readonly UploadResult[]): void {
    this.analyticsReporter.onUploadResults(results)
  }

  async dispose(): Promise<void> {
    await this.modelDownloads.dispose()
    await this.runner.dispose()
    // Sends what is queued (if the user opted in) before the gate closes; never retries.
    await this.analytics?.dispose()
    await this.egress.close()
    this.db.close()
    this.audit.close()
  }
}

/**
 * A rotation "Delete all data" asked for, done before anything opens the databases. When another
 * Earshot process still has them open it waits for a later start: the key stays, the data stays
 * readable, and the request is not lost.
 */
function rotateRequestedKey(options: DatabaseKeyOptions): DatabaseKeyRotation | null {
  try {
    return rotateDatabaseKeyIfRequested(options)
  } catch (error) {
    if (error instanceof CoreError && error.code === 'database-in-use') {
      return { rotated: false, reason: error.message }
    }
    throw error
  }
}
