import { join } from 'node:path'
import { EgressGate } from './egress/EgressGate'
import { createMediaBackend } from './media/createMediaBackend'
import type { MediaBackend } from './media/types'
import { Importer } from './jobs/Importer'
import { JobRunner } from './jobs/JobRunner'
import { JobQueue } from './store/JobQueue'
import { openDatabase, type Db } from './store/openDatabase'
import { RecordingStore } from './store/RecordingStore'
import { SettingsStore } from './store/SettingsStore'
import { WhisperTranscriber } from './transcribe/WhisperTranscriber'

export interface CoreOptions {
  dataDir: string
  env?: NodeJS.ProcessEnv
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

  constructor(readonly options: CoreOptions) {
    const env = options.env ?? process.env
    this.db = openDatabase(join(options.dataDir, 'earshot.db'))
    this.settings = new SettingsStore(this.db)
    this.egress = new EgressGate({ clock: () => new Date() })
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
  }

  async dispose(): Promise<void> {
    await this.runner.dispose()
    this.db.close()
  }
}
