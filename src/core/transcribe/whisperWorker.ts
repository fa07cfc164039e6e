/**
 * Entry of the whisper worker process: loads the model once, then transcribes the windows the host
 * sends, in order. Runs apart from the app so a native crash or hang in whisper.cpp only costs this
 * process (the host maps its death to a TranscribeError).
 */
// First: this process holds the decoded PCM, and needs no network at all (issue 9). The kernel's
// wall before anything else, then the in-process tripwire.
import '../egress/seccompWallFirst'
import '../egress/workerTripwireFirst'
import { seccompWallReport } from '../egress/seccompWall'
import { binding, WhisperModel } from 'smart-whisper'
import type { TranscribeResult } from 'smart-whisper'
import type {
  HostToWorkerMessage,
  RawSegment,
  RawWord,
  WorkerToHostMessage,
} from './workerMessages'

/** Electron's utilityProcess exposes parentPort instead of process.send (no 'electron' import). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

function post(message: WorkerToHostMessage): void {
  if (parentPort) parentPort.postMessage(message)
  else process.send?.(message)
}

function onHostMessage(listener: (message: HostToWorkerMessage) => void): void {
  if (parentPort) {
    parentPort.on('message', (event) => {
      listener(event.data as HostToWorkerMessage)
    })
  } else {
    process.on('message', (message) => {
      listener(message as HostToWorkerMessage)
    })
    // The host died (crash, kill -9): its IPC channel closes. Stop rather than keep transcribing
    // for nobody. SIGKILL, not process.exit(): measured here, exit() waits for whisper_full's
    // thread to finish the window, so the orphan kept a core busy for minutes. Nothing to flush.
    process.on('disconnect', () => {
      process.kill(process.pid, 'SIGKILL')
    })
  }
}

function toRaw(result: TranscribeResult<'detail', true>): RawSegment {
  return {
    fromMs: result.from,
    toMs: result.to,
    text: result.text,
    confidence: Number.isFinite(result.confidence) ? result.confidence : undefined,
    language: result.lang,
  }
}

function wordsOf(result: TranscribeResult<'detail', true>): RawWord[] {
  // Special tokens ([_BEG_], [_TT_123], <|en|>) carry no text of the transcript.
  return result.tokens
    .filter(
      (t) => !/^\s*(\[_|<\|)/.test(t.text) && Number.isFinite(t.from) && Number.isFinite(t.to),
    )
    .map((t) => ({ fromMs: t.from, toMs: t.to, text: t.text }))
}

let model: Awaited<ReturnType<typeof WhisperModel.load>> | undefined
let queue = Promise.resolve()

/**
 * A full GC once a window is done: the window's PCM and its IPC buffers are external memory a
 * ~10 MB JS heap never collects on its own; with it the worker stays flat over 30 windows
 * (whisperWorkerTuning.ts). `gc` exists when the host passed `--expose-gc`.
 */
function collectWindowGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

function transcribeWindow(windowId: number, pcm: Float32Array, params: object): Promise<void> {
  const loaded = model
  const handle = loaded?.handle
  if (!handle) throw new Error('window before model load')
  let streamed = 0
  return new Promise((resolve) => {
    binding.transcribe<'detail', true>(
      handle,
      pcm,
      { ...params, format: 'detail' },
      (results: TranscribeResult<'detail', true>[] | Error) => {
        // smart-whisper hands an Error to the finish callback when whisper_full fails.
        if (results instanceof Error) {
          post({ type: 'failed', code: 'engine-failed', message: results.message })
        } else {
          post({
            type: 'window-done',
            windowId,
            segments: results.slice(streamed).map(toRaw),
            words: results.map(wordsOf),
          })
        }
        resolve()
      },
      (result) => {
        streamed++
        post({ type: 'segment', windowId, segment: toRaw(result) })
      },
    )
  })
}

onHostMessage((message) => {
  switch (message.type) {
    case 'init':
      queue = queue.then(async () => {
        try {
          model = await WhisperModel.load(message.modelPath, false)
          post({ type: 'ready', seccomp: seccompWallReport() })
        } catch (error) {
          post({ type: 'failed', code: 'model-invalid', message: String(error) })
        }
      })
      break
    case 'window':
      queue = queue
        .then(() => transcribeWindow(message.windowId, message.pcm, message.params))
        .then(collectWindowGarbage)
      break
    case 'end':
      queue = queue.then(async () => {
        await model?.free()
        process.exit(0)
      })
      break
  }
})
