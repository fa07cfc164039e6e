import { UsageError } from './errors'

/** A --port value for a loopback server: a TCP port number, 0 to let the OS pick a free one. */
export function portFlag(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError('--port must be a port number (0 picks a free one)')
  }
  return port
}
