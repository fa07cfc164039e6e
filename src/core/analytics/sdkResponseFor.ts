import { EgressError } from '../egress/EgressError'
import type { SdkResponse } from './sdkTypes'

type Success = Extract<SdkResponse, { body: { eventsIngested: number } }>
type RateLimit = Extract<SdkResponse, { body: { throttledUsers: unknown } }>
type TooLarge = Exclude<
  Extract<SdkResponse, { body: { error: string } }>,
  { body: { epsThreshold: unknown } }
>
type Bodiless = Exclude<SdkResponse, { body: unknown }>

// analytics-core's `Status` enum, which the node SDK does not re-export: the same string values,
// asserted to the enum members once, here.
const Status = {
  Success: 'success',
  RateLimit: 'rate_limit',
  PayloadTooLarge: 'payload_too_large',
  Timeout: 'Timeout',
  Failed: 'failed',
} as unknown as {
  Success: Success['status']
  RateLimit: RateLimit['status']
  PayloadTooLarge: TooLarge['status']
  Timeout: Bodiless['status']
  Failed: Bodiless['status']
}

/**
 * Maps what the gate answered to the SDK's Response, which decides what the SDK's Destination
 * does next: `success` settles the batch; `Timeout`, `failed`, `rate_limit` and
 * `payload_too_large` are retried with backoff, at most `flushMaxRetries` times; `null` drops the
 * batch at once. Statuses are the SDK enum's string values (analytics-core `Status`).
 */
export function sdkResponseForStatus(statusCode: number): SdkResponse | null {
  if (statusCode >= 200 && statusCode < 300) {
    const body = { eventsIngested: 0, payloadSizeBytes: 0, serverUploadTime: 0 }
    return { status: Status.Success, statusCode, body } satisfies Success
  }
  if (statusCode === 408) return { status: Status.Timeout, statusCode }
  if (statusCode === 413) {
    return {
      status: Status.PayloadTooLarge,
      statusCode,
      body: { error: '' },
    } satisfies TooLarge
  }
  if (statusCode === 429) {
    const body = {
      error: '',
      epsThreshold: 0,
      throttledDevices: {},
      throttledUsers: {},
      exceededDailyQuotaDevices: {},
      exceededDailyQuotaUsers: {},
      throttledEvents: [],
    }
    return { status: Status.RateLimit, statusCode, body } satisfies RateLimit
  }
  if (statusCode >= 500) return { status: Status.Failed, statusCode }
  // Any other 4xx: Amplitude refused the batch itself (bad key, bad field); resending the same
  // bytes cannot help.
  return null
}

/**
 * A thrown gate error: a transient network failure is retried like the SDK's own transport does
 * (408 for a timeout, 0 for a dropped connection); a refusal — destination, method, header, body
 * policy, audit — is dropped, never retried, since the same bytes would be refused again.
 */
export function sdkResponseForError(error: unknown): SdkResponse | null {
  if (!(error instanceof EgressError)) return null
  switch (error.code) {
    case 'timeout':
      return { status: Status.Timeout, statusCode: 408 }
    case 'network-error':
      return { status: Status.Failed, statusCode: 0 }
    case 'http-error':
      return error.status === undefined ? null : sdkResponseForStatus(error.status)
    default:
      return null
  }
}
