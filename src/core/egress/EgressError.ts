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
  /** `send` refused the request by policy; `rule` says which (DESIGN.md §5). */
  | 'blocked'
  /** A connection that did not come from the gate, refused by the tripwire. */
  | 'tripwire'
  | 'response-too-large'

/**
 * A request the gate refused, or one that failed on the way. `status` is set for `http-error` and
 * `redirect-refused`; `rule` for `blocked` (a stable name such as `media-signature` or
 * `header-not-allowed`, also written to the audit log).
 */
export class EgressError extends CoreError {
  declare readonly code: EgressErrorCode
  readonly status: number | undefined
  readonly rule: string | undefined

  constructor(
    code: EgressErrorCode,
    message: string,
    options?: { status?: number; rule?: string; cause?: unknown },
  ) {
    super(code, message, { cause: options?.cause })
    this.status = options?.status
    this.rule = options?.rule
  }
}
