import { CoreError } from '../CoreError'

export type EgressErrorCode =
  | 'invalid-url'
  | 'insecure-url'
  | 'destination-not-allowed'
  | 'method-not-allowed'
  | 'header-not-allowed'
  | 'redirect-refused'
  | 'too-many-redirects'
  | 'timeout'
  | 'aborted'
  | 'network-error'
  | 'http-error'
  | 'audit-failed'

/** A request the gate refused, or one that failed on the way. `status` is set for `http-error`. */
export class EgressError extends CoreError {
  declare readonly code: EgressErrorCode
  readonly status: number | undefined

  constructor(
    code: EgressErrorCode,
    message: string,
    options?: { status?: number; cause?: unknown },
  ) {
    super(code, message, { cause: options?.cause })
    this.status = options?.status
  }
}
