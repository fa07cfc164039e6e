/**
 * RFC 9110 §10.2.3: `Retry-After` is delay-seconds or an HTTP-date. Returns the wait in ms from
 * `now`, or undefined when the header is absent or neither form.
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^[0-9]{1,10}$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  if (Number.isNaN(at) || !/[A-Za-z]/.test(trimmed)) return undefined
  return Math.max(0, at - now.getTime())
}
