import { noteSeccompWallReport } from '../egress/seccompWallReports'
import { TranscribeError } from './TranscribeError'
import type { WhisperWorkerHandle } from './WhisperWorkerHandle'
import type { RawSegment, RawWord, WhisperParams, WorkerToHostMessage } from './workerMessages'

interface Pending {
  phase: 'load' | 'window'
  windowId?: number
  onSegment?: (segment: RawSegment) => void
  onWords?: (words: RawWord[][]) => void
  resolve: () => void
  reject: (error: TranscribeError) => void
}

/**
 * One worker process, supervised: every wait on it is bounded by a stall watchdog, its death
 * becomes a TranscribeError, and `kill` ends it at once (cancel cannot wait for whisper.cpp, which
 * has no abort hook in smart-whisper).
 */
export class WhisperWorkerSession {
  private failure: TranscribeError | undefined
  /** Rejecters of the `untilFailed` calls still waiting. */
  private readonly failureWaiters = new Set<(error: TranscribeError) => void>()
  private pending: Pending | undefined
  private watchdog: NodeJS.Timeout | undefined
  private stderrTail = ''
  private readonly exited: Promise<void>

  constructor(
    private readonly handle: WhisperWorkerHandle,
    private readonly stallTimeoutMs: number,
  ) {
    handle.onMessage((message) => {
      this.onMessage(message)
    })
    handle.onStderr?.((text) => {
      this.stderrTail = (this.stderrTail + text).slice(-4000)
    })
    this.exited = new Promise((resolve) => {
      handle.onExit((code, signal) => {
        this.onExit(code, signal)
        resolve()
      })
    })
  }

  /**
   * `promise`, or this session's failure if that comes first. Not `Promise.race([p, failed])`
   * against one long-lived promise: every race leaves a reaction on it that keeps the race's result
   * reachable until the session ends (nodejs/node#17469). Racing each PCM window that way kept the
   * whole recording in the host: measured 237 MB of ArrayBuffers at the end of a 60-min import,
   * growing linearly, and a full GC after every window did not free it. This waiter is removed as
   * soon as `promise` settles.
   */
  untilFailed<T>(promise: Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<T>((resolve, reject) => {
      this.failureWaiters.add(reject)
      promise.then(resolve, reject).finally(() => this.failureWaiters.delete(reject))
    })
  }

  load(modelPath: string): Promise<void> {
    return this.wait({ phase: 'load' }, () => {
      this.handle.send({ type: 'init', modelPath })
    })
  }

  transcribeWindow(
    windowId: number,
    pcm: Float32Array,
    params: WhisperParams,
    onSegment: (segment: RawSegment) => void,
    onWords?: (words: RawWord[][]) => void,
  ): Promise<void> {
    return this.wait({ phase: 'window', windowId, onSegment, ...(onWords && { onWords }) }, () => {
      this.handle.send({ type: 'window', windowId, pcm, params })
    })
  }

  /** Asks the worker to free the model and exit; kills it if it has not gone within `graceMs`. */
  async end(graceMs = 2000): Promise<void> {
    if (!this.failure) this.handle.send({ type: 'end' })
    const timer = setTimeout(() => {
      this.handle.kill()
    }, graceMs)
    await this.exited
    clearTimeout(timer)
  }

  kill(error: TranscribeError): void {
    this.fail(error)
    this.handle.kill()
  }

  /** Resolves when the process has gone. */
  whenExited(): Promise<void> {
    return this.exited
  }

  private wait(pending: Omit<Pending, 'resolve' | 'reject'>, start: () => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<void>((resolve, reject) => {
      this.pending = { ...pending, resolve, reject }
      this.armWatchdog()
      start()
    })
  }

  private settle(): void {
    const pending = this.pending
    this.pending = undefined
    clearTimeout(this.watchdog)
    pending?.resolve()
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog)
    this.watchdog = setTimeout(() => {
      const seconds = Math.round(this.stallTimeoutMs / 1000)
      this.kill(
        new TranscribeError(
          'engine-timeout',
          `The transcription engine made no progress for ${seconds} s and was stopped.`,
        ),
      )
    }, this.stallTimeoutMs)
  }

  private onMessage(message: WorkerToHostMessage): void {
    const pending = this.pending
    if (!pending || this.failure) return
    this.armWatchdog()
    switch (message.type) {
      case 'ready':
        // What the worker says of its own seccomp wall is what Settings shows (osNetworkWallInfo).
        noteSeccompWallReport('whisper-worker', message.seccomp)
        if (pending.phase === 'load') this.settle()
        break
      case 'segment':
        if (message.windowId === pending.windowId) pending.onSegment?.(message.segment)
        break
      case 'window-done':
        if (message.windowId === pending.windowId) {
          for (const segment of message.segments) pending.onSegment?.(segment)
          if (message.words) pending.onWords?.(message.words)
          this.settle()
        }
        break
      case 'failed':
        this.kill(new TranscribeError(message.code, this.describe(message.message)))
        break
    }
  }

  private onExit(code: number | null, signal: string | null): void {
    clearTimeout(this.watchdog)
    if (this.failure) return
    const how = signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`
    // Dying while loading is whisper.cpp rejecting the file (smart-whisper 0.8.1 even dereferences
    // the null context of a failed load); dying later is the engine's own fault.
    const error =
      this.pending?.phase === 'load'
        ? new TranscribeError(
            'model-invalid',
            this.describe(`The model could not be loaded (${how})`),
          )
        : new TranscribeError(
            'engine-crashed',
            this.describe(`The transcription engine stopped (${how})`),
          )
    this.fail(error)
  }

  private fail(error: TranscribeError): void {
    if (this.failure) return
    this.failure = error
    clearTimeout(this.watchdog)
    const pending = this.pending
    this.pending = undefined
    pending?.reject(error)
    for (const reject of this.failureWaiters) reject(error)
    this.failureWaiters.clear()
  }

  /** Adds whisper.cpp's last error line, which usually names the problem (e.g. "bad magic"). */
  private describe(message: string): string {
    const lines = this.stderrTail.split('\n').filter((l) => /error|failed|invalid/i.test(l))
    const last = lines.at(-1)?.trim()
    return last ? `${message}: ${last}.` : `${message}.`
  }
}
