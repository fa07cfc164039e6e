import { copyFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CoreError } from '../../../src/core/CoreError'
import { Importer } from '../../../src/core/jobs/Importer'
import { JobRunner } from '../../../src/core/jobs/JobRunner'
import { NativeFfmpeg } from '../../../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../../../src/core/media/resolveFfmpeg'
import { JobOptions, JobQueue } from '../../../src/core/store/JobQueue'
import { openDatabase, type Db } from '../../../src/core/store/openDatabase'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { WhisperTranscriber } from '../../../src/core/transcribe/WhisperTranscriber'
import { media as fixtures } from '../../support/mediaFixtures'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../transcribe/support/fixtures'

const tempDir = useTempDir()
const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('these tests need ffmpeg and ffprobe on PATH')
const media = new NativeFfmpeg(binaries)

let goodModel = ''
beforeAll(async () => {
  goodModel = await microModel()
})

interface Library {
  db: Db
  recordings: RecordingStore
  queue: JobQueue
  importer: Importer
  runner: JobRunner
}

const open: Library[] = []
afterEach(async () => {
  for (const library of open.splice(0)) {
    await library.runner.dispose()
    library.db.close()
  }
})

/** A real library: SQLite, ffmpeg and whisper.cpp; only the model file decides whether a run works. */
function library(): Library {
  const db = openDatabase(join(tempDir(), 'earshot.db'), null)
  const recordings = new RecordingStore(db)
  const queue = new JobQueue(db)
  const importer = new Importer({ db, recordings, queue, media })
  const runner = new JobRunner({
    recordings,
    queue,
    media,
    createTranscriber: (options) => new WhisperTranscriber(options),
  })
  const made = { db, recordings, queue, importer, runner }
  open.push(made)
  return made
}

/** A copy of a generated clip the test may move or change, so the shared fixture stays intact. */
function ownCopy(name: string): string {
  const path = join(tempDir(), name)
  copyFileSync(fixtures.wavS16Mono16k, path)
  return path
}

/** A "model" that exists but is not one: the run starts, then fails in the engine. */
function brokenModel(): string {
  const path = join(tempDir(), 'broken.bin')
  writeFileSync(path, 'not a ggml model')
  return path
}

async function failedImport(lib: Library, file: string): Promise<string> {
  const { recordingId } = await lib.importer.importFile(
    file,
    JobOptions.parse({ modelPath: brokenModel() }),
  )
  await lib.runner.drain()
  expect(lib.recordings.get(recordingId)?.status).toBe('failed')
  return recordingId
}

const good = () => JobOptions.parse({ modelPath: goodModel })

describe('a failed or cancelled import runs again (real ffmpeg, SQLite, whisper.cpp)', () => {
  it('Retry runs a failed import from its file and finishes it', { timeout: 60_000 }, async () => {
    const lib = library()
    const id = await failedImport(lib, ownCopy('call.wav'))
    expect(lib.recordings.get(id)?.errorMessage).toBeTruthy()

    await lib.importer.retry(id, good())
    await lib.runner.drain()

    const after = lib.recordings.get(id)
    expect(after?.status).toBe('done')
    expect(after?.errorCode).toBeNull()
    expect(after?.errorMessage).toBeNull()
    expect(lib.recordings.list()).toHaveLength(1)
  })

  it(
    'adding the same file again reopens the failed recording instead of saying "duplicate"',
    {
      timeout: 60_000,
    },
    async () => {
      const lib = library()
      const first = ownCopy('first.wav')
      const id = await failedImport(lib, first)
      // The same content from another place, as web mode hands over a fresh copy each time.
      const again = ownCopy('again.wav')

      const result = await lib.importer.importFile(again, good())
      await lib.runner.drain()

      expect(result).toEqual({ recordingId: id, duplicate: false })
      expect(lib.recordings.get(id)?.status).toBe('done')
      expect(lib.recordings.get(id)?.sourcePath).toBe(again)
      // A finished recording is a duplicate again: nothing runs twice.
      expect(await lib.importer.importFile(first, good())).toEqual({
        recordingId: id,
        duplicate: true,
      })
      expect(lib.queue.pendingCount()).toBe(0)
    },
  )

  it('Retry runs a cancelled import again', { timeout: 60_000 }, async () => {
    const lib = library()
    const { recordingId } = await lib.importer.importFile(ownCopy('call.wav'), good())
    // Cancelled while still queued: the runner has not been started.
    expect(lib.runner.cancel(recordingId)).toBe(true)
    expect(lib.recordings.get(recordingId)?.status).toBe('cancelled')

    await lib.importer.retry(recordingId, good())
    await lib.runner.drain()
    expect(lib.recordings.get(recordingId)?.status).toBe('done')
  })

  it('refuses, with one sentence, what cannot be retried', { timeout: 60_000 }, async () => {
    const lib = library()
    const moved = ownCopy('moved.wav')
    const movedId = await failedImport(lib, moved)
    renameSync(moved, `${moved}.elsewhere`)
    await expect(lib.importer.retry(movedId, good())).rejects.toThrow(
      new CoreError(
        'source-missing',
        'The original file is no longer where it was imported from; add it again to retry.',
      ),
    )

    const changed = join(tempDir(), 'changed.wav')
    copyFileSync(fixtures.wavS16Stereo44k, changed)
    const changedId = await failedImport(lib, changed)
    copyFileSync(fixtures.wavS16Mono16k, changed)
    await expect(lib.importer.retry(changedId, good())).rejects.toMatchObject({
      code: 'source-changed',
    })

    const { recordingId: doneId } = await lib.importer.importFile(fixtures.mp3, good())
    await lib.runner.drain()
    await expect(lib.importer.retry(doneId, good())).rejects.toMatchObject({
      code: 'not-retryable',
      message: 'Only a failed or cancelled import can be retried; this one is done.',
    })
    await expect(lib.importer.retry('no-such-id', good())).rejects.toMatchObject({
      code: 'not-found',
    })
    // Nothing refused was queued.
    expect(lib.queue.pendingCount()).toBe(0)
    expect(lib.recordings.get(movedId)?.status).toBe('failed')
    expect(lib.recordings.get(changedId)?.status).toBe('failed')
  })
})
