import net from 'node:net'
import { claimDatabasePass } from './gatePass'
import { tripwirePolicy } from './tripwirePolicy'

// Claimed as this module loads, which is while the tripwire loads (tripwire.ts imports it).
const pass = claimDatabasePass()

let allowed: { host: string; port: number } | null = null

/**
 * The one connection the tripwire lets the team server open that is not the egress gate's: to the
 * PostgreSQL server named in `earshot backend --db postgres://…` (issue 12). Narrow on purpose:
 * one host and port per process, fixed at the first call (a second, different endpoint is refused),
 * TCP only, and only through `openDatabaseSocket`; loopback stays closed to everything else. The
 * decision is the operator's (the `--db` they typed); the CLI prints it when the server starts, so
 * it is on the record beside the listening address.
 */
export function allowDatabaseEndpoint(host: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535 || host === '') {
    throw tripwirePolicy.trip('socket', `${host}:${String(port)} (not a database endpoint)`)
  }
  if (allowed !== null && (allowed.host !== host || allowed.port !== port)) {
    throw tripwirePolicy.trip(
      'socket',
      `${host}:${port} (this process may reach only the database ${allowed.host}:${allowed.port})`,
    )
  }
  allowed = { host, port }
}

/**
 * A socket for `pg` (its `stream` option). `pg` calls `connect(port, host)` on it; any other
 * endpoint than the allowed one, or a Unix socket path, is refused as the tripwire refuses.
 */
export function openDatabaseSocket(): net.Socket {
  const socket = pass.socket()
  const connect = (...args: unknown[]): net.Socket => {
    const [port, host] = args
    const endpoint = allowed
    if (
      endpoint === null ||
      typeof host !== 'string' ||
      host !== endpoint.host ||
      Number(port) !== endpoint.port
    ) {
      socket.destroy()
      throw tripwirePolicy.trip('socket', `${String(host)}:${String(port)}`)
    }
    // The guarded Socket.prototype.connect: it passes this socket on for holding the pass.
    return (
      Reflect.get(net.Socket.prototype, 'connect') as (
        this: net.Socket,
        options: net.TcpSocketConnectOpts,
      ) => net.Socket
    ).call(socket, {
      host,
      port: endpoint.port,
      lookup: pass.lookup,
    })
  }
  Object.defineProperty(socket, 'connect', { value: connect })
  return socket
}
