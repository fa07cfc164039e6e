import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import { CoreError } from '../CoreError'
import type { MediaBackend } from '../media/types'
import type { JobOptions, JobQueue } from '../store/JobQueue'
import type { Db } from '../store/openDatabase'
import type { RecordingStore } from '../store/RecordingStore'
import { sha256File } from './sha256File'

export interface ImportResult {
  recordingId: string
  /**
   * The same content (SHA-256) was imported before and is transcribed or on its way: the earlier
   * recording is returned, nothing queued. (An earlier import that failed or was cancelled is run
   * again instead, and this is false.)
   */
  duplicate: boolean
}

export interface ImporterDeps {
  db: Db
  recordings: RecordingStore
  queue: JobQueue
  media: MediaBackend
  clock?: () => Date
  /**
   * Readies what uploading the new recording will need, once it is stored: the core creates its
   * audit payload key here, one durable key file at import (seconds of transcription follow),
   * instead of on the first upload, where a batch would wait for every new key's fsync (issue 10).
   */
  prepareForUpload?: (recordingId: string) => void
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
    if (existing && this.reopen(existing.id, sourcePath, options)) {
      return { recordingId: existing.id, duplicate: false }
    }
    if (existing) return { recordingId: existing.id, duplicate: true }

    const { size, mtime } = await stat(sourcePath)
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
        // When the call happened, for insights: what the container says, else when the file was
        // last written (a recorder writes it as the call ends); the user can correct it.
        callDate: probed.creationTime ?? mtime.toISOString(),
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
    this.deps.prepareForUpload?.(id)
    return { recordingId: id, duplicate: false }
  }

  /**
   * Runs a failed or cancelled import again from the start, from the file it was imported from. That
   * file must still be there with the same content; otherwise the user adds it again (which lands in
   * `importFile` and reopens the same recording).
   */
  async retry(recordingId: string, options: JobOptions, signal?: AbortSignal): Promise<void> {
    const recording = this.deps.recordings.get(recordingId)
    if (!recording) throw new CoreError('not-found', `No recording has the id '${recordingId}'.`)
    if (recording.status !== 'failed' && recording.status !== 'cancelled') {
      throw new CoreError(
        'not-retryable',
        `Only a failed or cancelled import can be retried; this one is ${recording.status}.`,
      )
    }
    if (!existsSync(recording.sourcePath)) {
      throw new CoreError(
        'source-missing',
        'The original file is no longer where it was imported from; add it again to retry.',
      )
    }
    const sha256 = await sha256File(recording.sourcePath, signal)
    if (sha256 !== recording.sourceSha256) {
      throw new CoreError(
        'source-changed',
        'The file at the original place has changed since it was imported; add it again to retry.',
      )
    }
    if (!this.reopen(recordingId, recording.sourcePath, options)) {
      throw new CoreError('not-retryable', 'This import is already running again.')
    }
  }

  /** Reopens a failed or cancelled recording and queues it, in one transaction. False if it was neither. */
  private reopen(recordingId: string, sourcePath: string, options: JobOptions): boolean {
    const { db, recordings, queue } = this.deps
    return db.transaction(() => {
      if (!recordings.reopenForRetry(recordingId, sourcePath)) return false
      // A cancelled run may have left lines behind; the new run starts from an empty transcript.
      recordings.clearSegments(recordingId)
      queue.enqueue(recordingId, options)
      return true
    })()
  }
}
