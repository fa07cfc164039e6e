import { isIPv4, isIPv6 } from 'node:net'

/**
 * A socket host (not a URL hostname: no brackets) that is a literal loopback address: 127.0.0.0/8
 * or ::1 in any IPv6 spelling. Decimal, octal and hex IPv4 spellings, IPv4-mapped IPv6 and names
 * (`localhost.`, `127.0.0.1.nip.io`) are not: a name is only as good as the resolver behind it.
 */
export function isLoopbackHost(host: string): boolean {
  if (isIPv4(host)) return host.startsWith('127.')
  if (!isIPv6(host)) return false
  try {
    return new URL(`http://[${host}]/`).hostname === '[::1]'
  } catch {
    // A zone id (`::1%lo`) is no URL host; refusing it costs nothing.
    return false
  }
}
