import { EgressError } from '../egress/EgressError'
import { BackendRequestError } from './BackendRequestError'

/** Failures of the way there, not of the request: trying again later may work. */
const transientEgressCodes: ReadonlySet<string> = new Set(['network-error', 'timeout'])

/**
 * Whether a failed send is worth repeating. Network errors, timeouts and 5xx are; so are 408
 * and 429, which say "later" rather than "no" (RFC 9110 §15.5.9, RFC 6585 §4). Any other 4xx is
 * the backend refusing this payload, and policy refusals by the gate are ours: sending the same
 * bytes again would meet the same answer.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof BackendRequestError) {
    return error.status >= 500 || error.status === 408 || error.status === 429
  }
  if (error instanceof EgressError) {
    if (error.code === 'http-error' && error.status !== undefined) {
      return error.status >= 500 || error.status === 408 || error.status === 429
    }
    return transientEgressCodes.has(error.code)
  }
  return false
}
