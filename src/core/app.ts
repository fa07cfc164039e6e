import { join } from 'node:path'
import { AuditLog } from './audit/AuditLog'
import { EgressGate } from './egress/EgressGate'
import { createMediaBackend } from './media/createMediaBackend'
import type { MediaBackend } from './media/types'
import { Importer } from './jobs/Importer'
import { JobRunner } from './jobs/JobRunner'
import { JobQueue } from './store/JobQueue'
import { openDatabase, type Db } from './store/openDatabase'
import { RecordingStore } from './store/RecordingStore'
import { SettingsStore } from './store/SettingsStore'
import { APP_VERSION } from './sync/appVersion'
import { SyncService } from './sync/SyncService'
import { WhisperTranscriber } from './transcribe/WhisperTranscriber'

export interface CoreOptions {
  dataDir: string
  env?: NodeJS.ProcessEnv
  /** The app passes the token from the OS keychain; otherwise `EARSHOT_BACKEND_TOKEN` is used. */
  backendToken?: string
}

/** The composition root: builds the engine once, for the Electron app, the CLI and web mode alike. */
export class Core {
  readonly db: Db
  readonly settings: SettingsStore
  readonly recordings: RecordingStore
  readonly queue: JobQueue
  readonly media: MediaBackend
  readonly importer: Importer
  readonly runner: JobRunner
  readonly egress: EgressGate
  readonly audit: AuditLog
  readonly sync: SyncService

  constructor(readonly options: CoreOptions) {
    const env = options.env ?? process.env
    this.db = openDatabase(join(options.dataDir, 'earshot.db'))
    this.settings = new SettingsStore(this.db)
    this.audit = AuditLog.open(join(options.dataDir, 'audit.db'))
    const backendToken = options.backendToken ?? env.EARSHOT_BACKEND_TOKEN
    // The backend URL and token are fixed for the gate's life, read once here: the app rebuilds
    // its core when either changes in Settings.
    this.egress = new EgressGate({
      clock: () => new Date(),
      audit: this.audit,
      backend: { url: this.settings.get('backend.url'), token: backendToken },
    })
    this.recordings = new RecordingStore(this.db)
    this.queue = new JobQueue(this.db)
    this.media = createMediaBackend({
      backend: this.settings.get('media.backend'),
      settingPath: this.settings.get('media.ffmpegPath') ?? undefined,
      env,
    })
    this.importer = new Importer({
      db: this.db,
      recordings: this.recordings,
      queue: this.queue,
      media: this.media,
    })
    this.runner = new JobRunner({
      recordings: this.recordings,
      queue: this.queue,
      media: this.media,
      createTranscriber: ({ modelPath }) => new WhisperTranscriber({ modelPath }),
      concurrency: this.settings.get('jobs.concurrency'),
    })
    this.runner.recoverInterrupted()
    this.sync = new SyncService({
      db: this.db,
      recordings: this.recordings,
      settings: this.settings,
      gate: this.egress,
      token: backendToken,
      appVersion: APP_VERSION,
    })
  }

  async dispose(): Promise<void> {
    await this.runner.dispose()
    await this.egress.close()
    this.db.close()
    this.audit.close()
  }
}
