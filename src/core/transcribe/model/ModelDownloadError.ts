import { CoreError } from '../../CoreError'

export type ModelDownloadErrorCode =
  | 'unknown-model'
  | 'unexpected-response'
  | 'size-mismatch'
  | 'incomplete-download'
  | 'checksum-mismatch'

/** A model download that reached the server but did not yield the catalogued file. */
export class ModelDownloadError extends CoreError {
  declare readonly code: ModelDownloadErrorCode

  // Not useless: it narrows `code` to the codes above (the lint rule does not see types).
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(code: ModelDownloadErrorCode, message: string) {
    super(code, message)
  }
}
