import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ReferenceBackend } from '../../src/backend/ReferenceBackend'
import { Core } from '../../src/core/app'
import { createApiHandlers, type ApiService } from '../../src/core/api/createApiHandlers'
import { SettingsStore } from '../../src/core/store/SettingsStore'
import { repoRoot } from './paths'
import { recordingRow } from './recordingRow'
import { openDataFolderDatabase } from './openDataFolderDatabase'

/** One ordinary timed call transcript of test/fixtures/capacity/corpus.json. */
export interface CorpusTranscript {
  name: string
  language: string
  durationMs: number
  segments: {
    startMs: number
    endMs: number
    speaker: string
    text: string
    confidence: number
  }[]
}

export function loadCapacityCorpus(): CorpusTranscript[] {
  const path = join(repoRoot, 'test', 'fixtures', 'capacity', 'corpus.json')
  return JSON.parse(readFileSync(path, 'utf8')) as CorpusTranscript[]
}

export const UPLOAD_WORLD_TOKEN = 'upload-world-token-0123456789'

/**
 * The real upload path end to end: a core in a fresh data folder whose backend is the reference
 * backend on loopback, and the API handlers on it (so lines are edited through `segments.edit`,
 * as the app edits them). Uploads go queue → gate (budget, ledger, audit) → backend.
 */
export interface UploadWorld {
  core: Core
  service: ApiService
  backend: ReferenceBackend
  /** Stores a finished recording with the transcript's segments, derived as a job would. */
  seed(transcript: CorpusTranscript): string
  close(): Promise<void>
}

export async function startUploadWorld(): Promise<UploadWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-upload-world-'))
  const backend = new ReferenceBackend({
    token: UPLOAD_WORLD_TOKEN,
    dbPath: join(dir, 'backend.db'),
  })
  const url = await backend.listen()
  const dataDir = join(dir, 'data')
  // The gate reads backend.url once, when the core is built.
  const db = openDataFolderDatabase(dataDir)
  new SettingsStore(db).set('backend.url', url)
  db.close()
  const core = new Core({
    dataDir,
    env: { ...process.env, EARSHOT_BACKEND_TOKEN: UPLOAD_WORLD_TOKEN },
  })
  const service = createApiHandlers(core, { log: () => undefined })
  return {
    core,
    service,
    backend,
    seed(transcript) {
      const id = randomUUID()
      core.recordings.insert(
        recordingRow(id, { title: `${transcript.name}.m4a`, durationMs: transcript.durationMs }),
      )
      core.recordings.setLanguage(id, transcript.language)
      for (const segment of transcript.segments) core.recordings.appendSegment(id, segment)
      core.rederive(id)
      return id
    },
    async close() {
      await service.dispose()
      await core.dispose()
      await backend.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
