import type { HostToWorkerMessage, WorkerToHostMessage } from './workerMessages'

/**
 * The few things the transcriber needs from a worker process. Node's `child_process.fork` and
 * Electron's `utilityProcess.fork` both fit behind it, so the core never imports 'electron'
 * (DESIGN.md §2) and the app chooses how the worker runs.
 */
export interface WhisperWorkerHandle {
  readonly pid: number | undefined
  /** Must pass Float32Array intact (structured clone: fork `serialization: 'advanced'`). */
  send(message: HostToWorkerMessage): void
  onMessage(listener: (message: WorkerToHostMessage) => void): void
  /** Called once, when the process has gone: `code` null when a signal ended it. */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  /** Lines of the worker's stderr (whisper.cpp logs there); optional. */
  onStderr?(listener: (text: string) => void): void
  kill(): void
}

export type SpawnWhisperWorker = () => WhisperWorkerHandle
