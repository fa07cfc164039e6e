import { isIPv4 } from 'node:net'

/**
 * Literal loopback addresses only (127.0.0.0/8, ::1). `localhost` is refused on purpose: its
 * resolution is up to the OS and the hosts file, so it proves nothing about where bytes go.
 */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === '[::1]') return true
  return isIPv4(hostname) && hostname.startsWith('127.')
}
