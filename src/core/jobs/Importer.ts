import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename, extname, resolve } from 'node:path'
import type { MediaBackend } from '../media/types'
import type { JobOptions, JobQueue } from '../store/JobQueue'
import type { Db } from '../store/openDatabase'
import type { RecordingStore } from '../store/RecordingStore'
import { sha256File } from './sha256File'

export interface ImportResult {
  recordingId: string
  /** The same content (SHA-256) was imported before: the earlier recording is returned, nothing queued. */
  duplicate: boolean
}

export interface ImporterDeps {
  db: Db
  recordings: RecordingStore
  queue: JobQueue
  media: MediaBackend
  clock?: () => Date
}

/**
 * Checks a file is a usable recording (probe), records its path and content hash — never its bytes —
 * and queues its transcription. Bad input is rejected here with the media layer's clear error.
 */
export class Importer {
  constructor(private readonly deps: ImporterDeps) {}

  async importFile(path: string, options: JobOptions, signal?: AbortSignal): Promise<ImportResult> {
    const { recordings, queue, media } = this.deps
    const sourcePath = resolve(path)
    const probed = await media.probe(sourcePath, signal)
    const sha256 = await sha256File(sourcePath, signal)
    const existing = recordings.findBySha256(sha256)
    if (existing) return { recordingId: existing.id, duplicate: true }

    const { size } = await stat(sourcePath)
    const id = randomUUID()
    const firstAudio = probed.audioStreams[0]
    const insertQueued = this.deps.db.transaction(() => {
      recordings.insert({
        id,
        title: basename(sourcePath, extname(sourcePath)),
        sourcePath,
        sourceSha256: sha256,
        bytes: size,
        container: probed.container,
        durationMs: probed.durationMs,
        channels: firstAudio?.channels ?? null,
        importedAt: (this.deps.clock ?? (() => new Date()))().toISOString(),
        status: 'queued',
      })
      queue.enqueue(id, options)
    })
    try {
      // One transaction: a crash can't leave a recording without its job.
      insertQueued()
    } catch (error) {
      // Another import of the same content won the race since the lookup above.
      const winner = recordings.findBySha256(sha256)
      if (winner) return { recordingId: winner.id, duplicate: true }
      throw error
    }
    return { recordingId: id, duplicate: false }
  }
}
