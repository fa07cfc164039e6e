import { CoreError } from '../CoreError'

/** Stable codes: scripts, the CLI's `--json` output and the UI match on these, so never rename one. */
export type MediaErrorCode =
  | 'not-found'
  | 'is-directory'
  | 'empty-file'
  | 'permission-denied'
  | 'unreadable'
  | 'not-media'
  | 'corrupt-media'
  | 'no-audio-stream'
  | 'unsupported-codec'
  | 'ffmpeg-not-found'
  /** A configured program sits where someone else could have planted it (checkProgramFile). */
  | 'unsafe-program'
  | 'ffmpeg-failed'
  | 'too-large-for-wasm'
  | 'cancelled'

export interface MediaErrorOptions {
  /** The input file the error is about, when there is one. */
  path?: string
  /** ffmpeg's own last stderr line, kept for logs and bug reports; the message stays user-facing. */
  detail?: string
  cause?: unknown
}

/** A media failure: one sentence a user can act on, plus a stable `code`. */
export class MediaError extends CoreError {
  declare readonly code: MediaErrorCode
  readonly path: string | undefined
  readonly detail: string | undefined

  constructor(code: MediaErrorCode, message: string, options: MediaErrorOptions = {}) {
    super(code, message, { cause: options.cause })
    this.path = options.path
    this.detail = options.detail
  }
}
