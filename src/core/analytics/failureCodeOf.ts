import type { z } from 'zod'
import { ErrorCode, FailureCode } from '../../shared/analytics'

/**
 * An upload's stored error code (EgressError, BackendRequestError, receipt checks) as one of the
 * fixed failure kinds. Unknown codes become `other`, so no free-form code reaches an event.
 */
export function uploadFailureCodeOf(code: string): z.infer<typeof FailureCode> {
  switch (code) {
    case 'network-error':
    case 'timeout':
    case 'http-error':
    case 'blocked':
      return code
    case 'backend-unavailable':
    case 'backend-rejected':
    case 'redirect-refused':
      return 'http-error'
    case 'invalid-receipt':
    case 'invalid-url':
      return 'invalid'
    default:
      return 'other'
  }
}

/** A failed job's stable code as one of the fixed error codes; anything else is `other`. */
export function errorCodeOf(code: string): z.infer<typeof ErrorCode> {
  const parsed = ErrorCode.safeParse(code)
  return parsed.success ? parsed.data : 'other'
}
