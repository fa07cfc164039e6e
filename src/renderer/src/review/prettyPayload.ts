/**
 * The exact upload body indented for reading. Returns null when compacting the indented text again
 * would not give back the very same bytes, so the screen never shows a reading that differs from
 * what is sent (it then shows the body as it is).
 */
export function prettyPayload(body: string): string | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return null
  }
  const pretty = JSON.stringify(parsed, null, 2)
  return JSON.stringify(JSON.parse(pretty)) === body ? pretty : null
}
