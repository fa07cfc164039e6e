import type { JsonPath } from './collectJsonFields'

/** Keys in a path are cut to this length: the path goes to the audit log and must not carry data. */
const MAX_KEY_IN_PATH = 32
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** JSONPath notation as in RFC 9535: `$.segments[3].text`, `$["odd key"]`. */
export function formatJsonPath(path: JsonPath | undefined): string {
  const parts: string[] = []
  for (let node = path; node !== undefined; node = node.parent) {
    const { key } = node
    if (typeof key === 'number') parts.push(`[${key}]`)
    else if (IDENTIFIER.test(key) && key.length <= MAX_KEY_IN_PATH) parts.push(`.${key}`)
    else {
      const shown = key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key
      parts.push(`[${JSON.stringify(shown)}]`)
    }
  }
  return '$' + parts.reverse().join('')
}
