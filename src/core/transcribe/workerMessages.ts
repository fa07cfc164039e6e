import type { SeccompWallReport } from '../egress/seccompWallReport'

/** whisper_full_params fields as smart-whisper's binding reads them (snake_case, by name). */
export type WhisperParams = Record<string, string | number | boolean>

/** A segment as whisper.cpp returns it: times relative to the window's first sample. */
export interface RawSegment {
  fromMs: number
  toMs: number
  text: string
  confidence?: number
  /** Language whisper decoded with (detected when the window was sent with 'auto'). */
  language?: string
}

/** A text token with its times (whisper.cpp token timestamps), window-relative like its segment. */
export interface RawWord {
  fromMs: number
  toMs: number
  text: string
}

/** Host → worker. One model load per worker; windows are transcribed one at a time, in order. */
export type HostToWorkerMessage =
  | { type: 'init'; modelPath: string }
  | { type: 'window'; windowId: number; pcm: Float32Array; params: WhisperParams }
  | { type: 'end' }

/** Worker → host. Every message counts as progress for the watchdog. */
export type WorkerToHostMessage =
  /** `seccomp`: how the worker's own seccomp network wall went (seccompWall.ts). */
  | { type: 'ready'; seccomp?: SeccompWallReport }
  | { type: 'segment'; windowId: number; segment: RawSegment }
  /** `segments`: any the streaming callback did not deliver, in order. */
  | {
      type: 'window-done'
      windowId: number
      segments: RawSegment[]
      /**
       * Token times of every segment of the window, streamed or not, in order: whisper.cpp has
       * them only once the window is done (the streaming callback's tokens carry no times).
       */
      words?: RawWord[][]
    }
  | { type: 'failed'; code: 'model-invalid' | 'engine-failed'; message: string }
