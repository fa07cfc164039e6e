import dgram from 'node:dgram'
import dns from 'node:dns'
import net from 'node:net'
import { connectSocket } from './connectSocket'
import { EgressError } from './EgressError'
import { hasGatePass } from './gatePass'
import { isLoopbackHost } from './isLoopbackHost'
import { pristineNetwork } from './pristineNetwork'
import {
  createUndiciAgent,
  getGlobalDispatcher,
  setGlobalDispatcher,
  type UndiciDispatcher,
} from './undiciDispatcher'

export interface TripwireOptions {
  /**
   * Let connections that did not come from the gate reach literal loopback addresses and
   * `localhost` (whose lookup is pinned to loopback answers): dev servers, the reference backend,
   * test servers. Default true.
   */
  allowLoopback?: boolean
  /** Told about every refused attempt, e.g. to log it; the attempt throws either way. */
  onTrip?: (trip: TripwireTrip) => void
}

export interface TripwireTrip {
  /** Which way out was tried. */
  channel: 'socket' | 'fetch' | 'dns' | 'udp'
  /** Host (and port) or name; never data. */
  target: string
}

interface TripwireState {
  options: Required<Pick<TripwireOptions, 'allowLoopback'>> & Pick<TripwireOptions, 'onTrip'>
  previousDispatcher: UndiciDispatcher | undefined
  restore: (() => void)[]
}

// Process-wide, like the prototypes it patches (see pristineNetwork).
const key = Symbol.for('earshot.egress.tripwire')
const slot = globalThis as { [key]?: TripwireState }

const connectTimeoutMs = 10_000
const loopbackName = 'localhost'

/**
 * Closes every way out of the process except the egress gate (DESIGN.md §5). Call it first thing
 * at startup (Electron main, CLI, web mode) and in the test setup. After it:
 *
 * - `net.Socket.prototype.connect` refuses non-loopback hosts unless the gate opened the socket.
 *   Every TCP client in Node goes through it: `net.connect`, `new net.Socket().connect`,
 *   `tls.connect`, `http(s).request`, http2, and undici (Node's fetch) too. Names are judged
 *   before any lookup, so a name that resolves to loopback (`127.0.0.1.nip.io`) is still refused.
 * - undici's global dispatcher is replaced by one whose connector refuses the same, so a fetch
 *   fails with a clear cause even before it reaches a socket.
 * - `dns` lookups and queries of any name but `localhost` are refused: the query itself leaves the
 *   machine and can carry data in the name.
 * - UDP (`dgram`) may only send to loopback.
 *
 * Idempotent: a second call only updates the options. Not a sandbox: code in this process that
 * sets out to undo it can, and child processes and worker threads are outside it.
 */
export function installTripwire(options: TripwireOptions = {}): void {
  const settings = { allowLoopback: options.allowLoopback ?? true, onTrip: options.onTrip }
  const installed = slot[key]
  if (installed !== undefined) {
    installed.options = settings
    return
  }
  const state: TripwireState = {
    options: settings,
    previousDispatcher: getGlobalDispatcher(),
    restore: [],
  }
  slot[key] = state

  const socketPrototype = net.Socket.prototype
  socketPrototype.connect = guardedSocketConnect
  state.restore.push(() => {
    socketPrototype.connect = pristineNetwork.socketConnect
  })

  const datagramPrototype = dgram.Socket.prototype
  datagramPrototype.send = guardedDatagramSend as typeof datagramPrototype.send
  datagramPrototype.connect = guardedDatagramConnect
  state.restore.push(() => {
    datagramPrototype.send = pristineNetwork.datagramSend
    datagramPrototype.connect = pristineNetwork.datagramConnect
  })

  guardDns(state)

  setGlobalDispatcher(
    createUndiciAgent(
      connectSocket({
        connectMs: connectTimeoutMs,
        checkHost: (host) => {
          if (!mayConnect(host)) throw trip('fetch', host)
        },
      }),
    ),
  )
}

/** Puts Node's own functions and undici's previous dispatcher back. For tests. */
export function uninstallTripwire(): void {
  const state = slot[key]
  if (state === undefined) return
  for (const restore of state.restore.reverse()) restore()
  if (state.previousDispatcher !== undefined) setGlobalDispatcher(state.previousDispatcher)
  slot[key] = undefined
}

export function isTripwireInstalled(): boolean {
  return slot[key] !== undefined
}

function currentOptions(): TripwireState['options'] {
  return slot[key]?.options ?? { allowLoopback: true, onTrip: undefined }
}

/** Whether a connection that did not come from the gate may go to `host`. */
function mayConnect(host: string): boolean {
  return currentOptions().allowLoopback && (isLoopbackHost(host) || host === loopbackName)
}

function trip(channel: TripwireTrip['channel'], target: string): EgressError {
  currentOptions().onTrip?.({ channel, target })
  return new EgressError(
    'tripwire',
    `Blocked a ${channel} connection to ${target}: only the egress gate may reach the network (DESIGN.md §5).`,
  )
}

interface SocketConnectOptions {
  host?: string
  port?: number | string
  path?: string
  lookup?: unknown
}

function guardedSocketConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  if (hasGatePass()) return pristineNetwork.socketConnect.apply(this, args as never)
  const { options, callback } = connectArguments(args)
  // A path is a Unix socket or a Windows pipe: this machine, not the network.
  if (typeof options.path === 'string') {
    return pristineNetwork.socketConnect.apply(this, args as never)
  }
  // Node's default host is `localhost` (net.js normalizeArgs).
  const host = options.host ?? loopbackName
  if (!mayConnect(host)) throw trip('socket', `${host}:${String(options.port)}`)
  if (host !== loopbackName) return pristineNetwork.socketConnect.apply(this, args as never)
  // `localhost` is whatever the resolver says; only its loopback answers are used.
  const pinned = { ...options, lookup: loopbackOnlyLookup }
  const rest = callback === undefined ? [] : [callback]
  return pristineNetwork.socketConnect.apply(this, [pinned, ...rest] as never)
}

/** Node's connect signatures: (options[, cb]), (port[, host][, cb]), (path[, cb]), or net.connect's pre-normalized array. */
function connectArguments(args: unknown[]): { options: SocketConnectOptions; callback?: unknown } {
  const [first, second, third] = args
  if (Array.isArray(first)) {
    const [options, callback] = first as [SocketConnectOptions, unknown]
    return { options, callback }
  }
  if (typeof first === 'object' && first !== null) {
    return { options: first, callback: second }
  }
  // net.js isPipeName: a string that is not a non-negative number is a path.
  if (typeof first === 'string' && !(Number(first) >= 0)) {
    return { options: { path: first }, callback: second }
  }
  if (typeof second === 'string') {
    return { options: { port: first as number, host: second }, callback: third }
  }
  return { options: { port: first as number }, callback: second }
}

type LookupCallback = (
  error: Error | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void

function loopbackOnlyLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: LookupCallback,
): void {
  pristineNetwork.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error !== null) {
      callback(error, [])
      return
    }
    const loopback = addresses.filter((entry) => isLoopbackHost(entry.address))
    const first = loopback[0]
    if (first === undefined) {
      callback(trip('dns', `${hostname} (resolves off loopback)`), [])
      return
    }
    if (options.all === true) callback(null, loopback)
    else callback(null, first.address, first.family)
  })
}

function guardedDatagramConnect(this: dgram.Socket, ...args: unknown[]): void {
  const address = args.find((arg) => typeof arg === 'string')
  checkDatagramTarget(address, args[0])
  pristineNetwork.datagramConnect.apply(this, args as never)
}

function guardedDatagramSend(this: dgram.Socket, ...args: unknown[]): void {
  if (!isConnected(this)) {
    // (msg, offset, length, port[, address][, cb]) or (msg, port[, address][, cb])
    const withRange =
      typeof args[1] === 'number' && typeof args[2] === 'number' && typeof args[3] === 'number'
    const port = withRange ? args[3] : args[1]
    checkDatagramTarget(withRange ? args[4] : args[2], port)
  }
  pristineNetwork.datagramSend.apply(this, args as never)
}

function checkDatagramTarget(address: unknown, port: unknown): void {
  // No address means dgram's default: the loopback address of the socket's family.
  if (typeof address !== 'string') {
    if (!currentOptions().allowLoopback) throw trip('udp', `loopback:${String(port)}`)
    return
  }
  if (!mayConnect(address)) throw trip('udp', `${address}:${String(port)}`)
}

function isConnected(socket: dgram.Socket): boolean {
  try {
    socket.remoteAddress()
    return true
  } catch {
    return false
  }
}

const dnsQueryNames = /^(?:resolve\w*|reverse|lookupService)$/

/**
 * Every name Node would look up or query. `lookup` of a literal address or `localhost` stays
 * (no packet leaves); everything else, including all resolver queries, is refused.
 */
function guardDns(state: TripwireState): void {
  const targets: Record<string, unknown>[] = [
    dns,
    dns.promises,
    dns.Resolver.prototype as unknown as Record<string, unknown>,
    dns.promises.Resolver.prototype as unknown as Record<string, unknown>,
  ]
  for (const target of targets) {
    for (const name of Object.getOwnPropertyNames(target)) {
      const original = target[name]
      if (typeof original !== 'function') continue
      if (name === 'lookup') {
        target[name] = function guardedLookup(
          this: unknown,
          hostname: unknown,
          ...rest: unknown[]
        ) {
          const host = String(hostname)
          if (!hasGatePass() && net.isIP(host) === 0 && !mayConnect(host)) throw trip('dns', host)
          return (original as (...a: unknown[]) => unknown).call(this, hostname, ...rest)
        }
      } else if (dnsQueryNames.test(name)) {
        target[name] = function guardedQuery(this: unknown, ...args: unknown[]) {
          if (!hasGatePass()) throw trip('dns', String(args[0]))
          return (original as (...a: unknown[]) => unknown).apply(this, args)
        }
      } else {
        continue
      }
      state.restore.push(() => {
        target[name] = original
      })
    }
  }
}
