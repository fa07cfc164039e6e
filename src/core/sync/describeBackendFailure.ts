import { BackendError } from '../../shared/upload'
import { BackendRequestError } from './BackendRequestError'

const MAX_REASON = 300

/**
 * A non-2xx answer as an error carrying the server's reason: its JSON `{error:{code,message}}`
 * when it sent one (the reference backend does), else just the status. The reason is cut short
 * and stripped of control characters because it is printed to a terminal and stored.
 */
export function describeBackendFailure(
  status: number,
  body: Uint8Array,
  what: string,
): BackendRequestError {
  let backendCode: string | null = null
  let reason = ''
  try {
    const parsed = BackendError.safeParse(JSON.parse(new TextDecoder().decode(body)))
    if (parsed.success) {
      backendCode = clean(parsed.data.error.code).slice(0, 80)
      reason = clean(parsed.data.error.message).slice(0, MAX_REASON)
    }
  } catch {
    // Not JSON: the status is all there is to say.
  }
  const detail = reason === '' ? '' : `: ${reason}`
  return new BackendRequestError(
    status,
    `The backend answered ${status} to ${what}${detail}`,
    backendCode,
  )
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim()
}
