import type { WasmDecoderTask } from './wasmDecoderTask'

/**
 * One running ffmpeg.wasm decoder process, as WasmFfmpeg sees it. A Node child process
 * (forkWasmDecoder, behind the OS network wall) and Electron's `utilityProcess.fork` both fit
 * behind it, so the core never imports 'electron'.
 */
export interface WasmDecoderHandle {
  /** Undefined when the process could not start (or, in Electron, has not started yet). */
  readonly pid: number | undefined
  /** The process's stdout: raw f32le PCM for a decode, empty for a probe. */
  readonly stdout: NodeJS.ReadableStream
  /** The one outcome message the process sends (unchecked here; WasmFfmpeg parses it). */
  onMessage(listener: (message: unknown) => void): void
  /** Once, after the process ended and its stdio closed. */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  onStderr(listener: (text: string) => void): void
  kill(): void
}

export type SpawnWasmDecoder = (task: WasmDecoderTask) => WasmDecoderHandle
