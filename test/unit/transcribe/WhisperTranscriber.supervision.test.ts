import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { WhisperTranscriber } from '../../../src/core/transcribe/WhisperTranscriber'
import type { WhisperWorkerHandle } from '../../../src/core/transcribe/WhisperWorkerHandle'
import type {
  HostToWorkerMessage,
  WorkerToHostMessage,
} from '../../../src/core/transcribe/workerMessages'
import { ensureTestModel } from '../../../src/core/transcribe/model/ensureTestModel'
import { sharedFixturesDir, testOutputDir } from '../../support/paths'

/** A scripted worker: no process, so supervision is tested without whisper. */
function fakeWorker(script: {
  onSend: (message: HostToWorkerMessage, worker: FakeWorker) => void
}): FakeWorker {
  const listeners: ((m: WorkerToHostMessage) => void)[] = []
  let exitListener: ((code: number | null, signal: string | null) => void) | undefined
  const worker: FakeWorker = {
    pid: undefined,
    killed: false,
    send: (m) => {
      queueMicrotask(() => {
        script.onSend(m, worker)
      })
    },
    onMessage: (l) => listeners.push(l),
    onExit: (l) => (exitListener = l),
    kill: () => {
      if (worker.killed) return
      worker.killed = true
      setTimeout(() => exitListener?.(null, 'SIGKILL'), 0)
    },
    emit: (m) => {
      for (const l of listeners) l(m)
    },
    exit: (code, signal) => exitListener?.(code, signal),
  }
  return worker
}

interface FakeWorker extends WhisperWorkerHandle {
  killed: boolean
  emit(message: WorkerToHostMessage): void
  exit(code: number | null, signal: string | null): void
}

async function* oneSecond(): AsyncGenerator<Float32Array> {
  await Promise.resolve()
  yield new Float32Array(16_000)
}

let modelPath = ''
beforeAll(async () => {
  modelPath = await ensureTestModel({
    dims: 'micro',
    seed: 1,
    vocabSource: join(sharedFixturesDir, 'for-tests-ggml-tiny.en.bin'),
    outPath: join(testOutputDir, 'models', 'whisper-micro-seed1.bin'),
  })
})

describe('WhisperTranscriber supervision', () => {
  it('kills a worker that makes no progress and rejects with `engine-timeout`', async () => {
    const worker = fakeWorker({ onSend: () => undefined })
    const transcriber = new WhisperTranscriber({
      modelPath,
      stallTimeoutMs: 200,
      spawnWorker: () => worker,
    })
    await expect(transcriber.transcribe(oneSecond())).rejects.toMatchObject({
      code: 'engine-timeout',
    })
    expect(worker.killed).toBe(true)
  })

  it('reports a worker that dies while loading as `model-invalid`', async () => {
    const worker = fakeWorker({
      onSend: (m, w) => {
        if (m.type === 'init') w.exit(null, 'SIGSEGV')
      },
    })
    const transcriber = new WhisperTranscriber({ modelPath, spawnWorker: () => worker })
    await expect(transcriber.transcribe(oneSecond())).rejects.toMatchObject({
      code: 'model-invalid',
    })
  })

  it('reports a worker that exits during a window as `engine-crashed`', async () => {
    const worker = fakeWorker({
      onSend: (m, w) => {
        if (m.type === 'init') w.emit({ type: 'ready' })
        if (m.type === 'window') w.exit(134, null)
      },
    })
    const transcriber = new WhisperTranscriber({ modelPath, spawnWorker: () => worker })
    await expect(transcriber.transcribe(oneSecond())).rejects.toMatchObject({
      code: 'engine-crashed',
      message: expect.stringContaining('exit code 134') as unknown,
    })
  })

  it('passes whisper failures on as `engine-failed`', async () => {
    const worker = fakeWorker({
      onSend: (m, w) => {
        if (m.type === 'init') w.emit({ type: 'ready' })
        if (m.type === 'window') {
          w.emit({ type: 'failed', code: 'engine-failed', message: 'whisper_full failed' })
        }
      },
    })
    const transcriber = new WhisperTranscriber({ modelPath, spawnWorker: () => worker })
    await expect(transcriber.transcribe(oneSecond())).rejects.toMatchObject({
      code: 'engine-failed',
    })
    expect(worker.killed).toBe(true)
  })

  it('rejects at once with `cancelled` when the signal is already aborted', async () => {
    const transcriber = new WhisperTranscriber({ modelPath })
    await expect(
      transcriber.transcribe(oneSecond(), { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('cancels while waiting for a slow source, and stops reading it', async () => {
    let returned = false
    const slow: AsyncIterable<Float32Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<Float32Array>>((resolve) =>
            setTimeout(() => {
              resolve({ done: false, value: new Float32Array(160) })
            }, 20),
          ),
        return: () => {
          returned = true
          return Promise.resolve({ done: true, value: undefined })
        },
      }),
    }
    const worker = fakeWorker({
      onSend: (m, w) => {
        if (m.type === 'init') w.emit({ type: 'ready' })
      },
    })
    const transcriber = new WhisperTranscriber({ modelPath, spawnWorker: () => worker })
    const controller = new AbortController()
    const run = transcriber.transcribe(slow, { signal: controller.signal })
    setTimeout(() => {
      controller.abort()
    }, 50)
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
    expect(worker.killed).toBe(true)
    // The source (ffmpeg, in the app) is told to stop once its pending read settles.
    await expect.poll(() => returned).toBe(true)
  })
})
