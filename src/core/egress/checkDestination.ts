import { EgressError } from './EgressError'
import { isLoopbackHostname } from './isLoopbackHostname'

/**
 * The URL a request may go to, or an `EgressError` saying why not. https everywhere except
 * literal loopback (DESIGN.md §4), and only origins the caller's allowlist names: the check runs
 * again on every redirect hop, so a redirect can never widen it.
 */
export function checkDestination(url: string | URL, allowedOrigins: ReadonlySet<string>): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (cause) {
    throw new EgressError('invalid-url', `Not a valid URL: ${String(url)}.`, { cause })
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // Credentials in a URL end up in logs and Referer headers; headers are the place for them.
    throw new EgressError('invalid-url', `Refusing a URL with credentials in it (${parsed.host}).`)
  }
  const secure =
    parsed.protocol === 'https:' ||
    (parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname))
  if (!secure) {
    throw new EgressError(
      'insecure-url',
      `Refusing ${parsed.protocol}//${parsed.host}: only https may leave the machine.`,
    )
  }
  if (!allowedOrigins.has(parsed.origin)) {
    throw new EgressError(
      'destination-not-allowed',
      `${parsed.origin} is not on the allowlist for this kind of request.`,
    )
  }
  return parsed
}
