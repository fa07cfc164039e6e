/**
 * The one serialisation the gate lets out (issue 10, finding 1): RFC 8785 (JCS) for the JSON that
 * `JSON.parse` yields: object keys sorted by UTF-16 code units (§3.2.3), no whitespace, strings
 * and numbers as ECMAScript's JSON.stringify writes them (§3.2.2.2, §3.2.2.3). A body is sent
 * only when its bytes are exactly this text of its own parsed value, so nothing the parser drops
 * or normalises (a duplicate key, whitespace between tokens, `\u0041` for `A`, `1.0` for `1`, key
 * order) can carry a bit past the inspection. Senders encode with it (encodeUpload), so theirs
 * pass unchanged.
 */
export function canonicalJsonText(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) as string | undefined
    if (text === undefined) throw new TypeError(`JSON cannot hold a ${typeof value}.`)
    return text
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => canonicalJsonText(item ?? null)).join(',')}]`
  }
  const object = value as Record<string, unknown>
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJsonText(object[key])}`).join(',')}}`
}
