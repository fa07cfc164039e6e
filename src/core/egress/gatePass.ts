import dns from 'node:dns'
import net from 'node:net'

/**
 * How the tripwire tells the gate's own connections from every other one, without any state a
 * caller could set: the sockets the gate opened are members of a WeakSet that only this module
 * holds, and a lookup the gate asked for runs while a counter only this module holds is raised.
 * There is nothing on `globalThis` to forge (issue 9: a counter there was bumped from outside).
 * The tripwire only asks (`isGateSocket`, `isGateLookup`); opening is `claimGatePass`'s, once.
 */
const gateSockets = new WeakSet<object>()
let gateLookups = 0
let claimed = false

export interface GatePass {
  /** A TCP socket the tripwire lets through (at the API and at the native handle). */
  connect(options: net.TcpNetConnectOpts): net.Socket
  /** Name resolution the tripwire lets through; only for the gate's own sockets. */
  lookup: net.LookupFunction
}

/**
 * The gate's pass, handed out exactly once: `connectSocket` claims it as it loads, and the tripwire
 * loads `connectSocket`, so the claim is made before any other code of the process runs. A second
 * claim throws: somebody else got there first, and the gate must not start.
 */
export function claimGatePass(): GatePass {
  if (claimed) throw new Error('The egress gate pass was already claimed; refusing to start.')
  claimed = true
  return { connect: connectAsGate, lookup: lookupAsGate }
}

/**
 * The reference backend's database connection (issue 12), handed out exactly once like the gate's:
 * `databaseEndpoint` claims it as the tripwire loads. A socket it makes is not connected yet; the
 * claimant connects it, and only to the one endpoint the operator configured.
 */
export interface DatabasePass {
  socket(): net.Socket
  lookup: net.LookupFunction
}

let databaseClaimed = false

export function claimDatabasePass(): DatabasePass {
  if (databaseClaimed) throw new Error('The database pass was already claimed; refusing to start.')
  databaseClaimed = true
  return {
    socket: () => {
      const socket = new net.Socket()
      gateSockets.add(socket)
      return socket
    },
    lookup: lookupAsGate,
  }
}

export function isGateSocket(socket: unknown): boolean {
  return typeof socket === 'object' && socket !== null && gateSockets.has(socket)
}

/** True only while the gate's own lookup runs (dns.lookup calls the resolver synchronously). */
export function isGateLookup(): boolean {
  return gateLookups > 0
}

function connectAsGate(options: net.TcpNetConnectOpts): net.Socket {
  const socket = new net.Socket()
  gateSockets.add(socket)
  return socket.connect({ ...options, lookup: lookupAsGate })
}

function lookupAsGate(
  hostname: string,
  options: dns.LookupOptions,
  callback: (
    error: NodeJS.ErrnoException | null,
    address: string | dns.LookupAddress[],
    family?: number,
  ) => void,
): void {
  gateLookups++
  try {
    // The guarded dns.lookup: it, and the resolver binding under it, see isGateLookup().
    dns.lookup(hostname, options, callback)
  } finally {
    gateLookups--
  }
}
