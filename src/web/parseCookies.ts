/** The request's cookies by name (RFC 6265 §5.4 `Cookie` header; first value wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    if (name !== '' && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim())
  }
  return cookies
}
