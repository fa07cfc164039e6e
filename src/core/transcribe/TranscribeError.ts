import { CoreError } from '../CoreError'

/**
 * Stable codes (scripts and the UI match on them):
 * - `model-not-found`: the model path does not exist.
 * - `model-invalid`: the file is not a whisper model whisper.cpp can load.
 * - `engine-crashed`: the worker process died (native crash, OOM kill, killed from outside).
 * - `engine-timeout`: the watchdog saw no progress for too long and killed the worker.
 * - `engine-failed`: whisper.cpp reported an error for a window.
 * - `cancelled`: the caller aborted, or the transcriber was disposed.
 */
export type TranscribeErrorCode =
  | 'model-not-found'
  | 'model-invalid'
  | 'engine-crashed'
  | 'engine-timeout'
  | 'engine-failed'
  | 'cancelled'

export class TranscribeError extends CoreError {
  declare readonly code: TranscribeErrorCode

  // Not useless: it narrows `code` to the stable list above.
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(code: TranscribeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
