import dgram from 'node:dgram'
import dns from 'node:dns'
import inspector from 'node:inspector'
import net from 'node:net'
import { isGateLookup, isGateSocket } from './gatePass'
import { isLoopbackHost } from './isLoopbackHost'
import { lockProperty } from './lockProperty'
import { tripwirePolicy } from './tripwirePolicy'

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown

/** An own method, taken off its prototype to be called with `.apply` as Node would. */
function methodOf(target: object, name: string): AnyFunction {
  return Reflect.get(target, name) as AnyFunction
}

/** Text for a message: a host given as anything but a string is shown as its type. */
function shown(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : typeof value
}

const loopbackName = 'localhost'

/**
 * The first wall, at Node's public network API: every TCP client (`net`, `tls`, `http(s)`, http2,
 * undici and so fetch) ends in `net.Socket.prototype.connect`; every server in
 * `net.Server.prototype.listen`; UDP in `dgram.Socket.prototype`; names in `dns`. Each is replaced
 * for good (lockProperty) by a check that reads its arguments once, into a copy that is what Node
 * then gets (a getter cannot answer the check one host and Node another). It refuses early, with a
 * clear EgressError; the native handles under it are guarded again (guardNativeHandles), for the
 * calls that never pass through here.
 */
export function guardNodeApis(): void {
  guardSocketConnect()
  guardServerListen()
  guardDatagrams()
  guardDns()
  // The inspector's WebSocket server would run any code a peer sends, on any interface.
  lockProperty(inspector, 'open', function refusedInspectorOpen(): never {
    throw tripwirePolicy.trip('listen', 'inspector.open')
  })
}

interface ConnectOptions {
  host?: unknown
  port?: unknown
  path?: unknown
  lookup?: unknown
}

function guardSocketConnect(): void {
  const prototype = net.Socket.prototype
  const original = methodOf(prototype, 'connect')
  lockProperty(prototype, 'connect', function guardedConnect(this: net.Socket, ...args: unknown[]) {
    if (isGateSocket(this)) return original.apply(this, args)
    const { options, callback } = connectArguments(args)
    const rest = callback === undefined ? [] : [callback]
    // net.js: `const pipe = !!path`. An empty path is TCP (issue 9, road 1).
    if (options.path !== undefined && options.path !== null && options.path !== '') {
      if (!tripwirePolicy.localOpen) throw tripwirePolicy.trip('socket', 'a Unix socket or pipe')
      return original.apply(this, [options, ...rest])
    }
    // Node's default host is `localhost` (net.js normalizeArgs).
    const host = options.host === undefined ? loopbackName : shown(options.host)
    const target = `${host}:${String(options.port)}`
    if (net.isIP(host) !== 0) {
      if (!tripwirePolicy.mayReachAddress(host)) throw tripwirePolicy.trip('socket', target)
      return original.apply(this, [options, ...rest])
    }
    if (host !== loopbackName || !tripwirePolicy.localOpen) {
      throw tripwirePolicy.trip('socket', target)
    }
    // `localhost` is whatever the resolver says, or a caller's `lookup`: only loopback answers.
    return original.apply(this, [{ ...options, host, lookup: loopbackOnlyLookup }, ...rest])
  })
}

/** Node's connect signatures: (options[, cb]), (port[, host][, cb]), (path[, cb]), or net.connect's pre-normalized array. */
function connectArguments(args: unknown[]): { options: ConnectOptions; callback?: unknown } {
  const [first, second, third] = args
  if (Array.isArray(first)) {
    return { options: copy(first[0]), callback: first[1] }
  }
  if (typeof first === 'object' && first !== null) {
    return { options: copy(first), callback: second }
  }
  // net.js isPipeName: a string that is not a non-negative number is a path.
  if (typeof first === 'string' && !(Number(first) >= 0)) {
    return { options: { path: first }, callback: second }
  }
  if (typeof second === 'string') {
    return { options: { port: first, host: second }, callback: third }
  }
  return { options: { port: first }, callback: second }
}

/** A plain copy: getters run once, here, and what was checked is what Node receives. */
function copy(value: unknown): ConnectOptions {
  return typeof value === 'object' && value !== null ? { ...(value as ConnectOptions) } : {}
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
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error !== null) {
      callback(error, [])
      return
    }
    const loopback = addresses.filter((entry) => isLoopbackHost(entry.address))
    const first = loopback[0]
    if (first === undefined) {
      callback(tripwirePolicy.trip('dns', `${hostname} (resolves off loopback)`), [])
      return
    }
    if (options.all === true) callback(null, loopback)
    else callback(null, first.address, first.family)
  })
}

/**
 * Inbound: a server may listen only on a literal loopback address (issue 9, road 10: `0.0.0.0`,
 * `::` and no host at all hand data to whoever connects in), and outside tests only if
 * `listenOnLoopback` started it. Handles and file descriptors are refused: their address is not
 * ours to check here (the native guard checks the bound address anyway).
 */
function guardServerListen(): void {
  const prototype = net.Server.prototype
  const original = methodOf(prototype, 'listen')
  lockProperty(prototype, 'listen', function guardedListen(this: net.Server, ...args: unknown[]) {
    const [first, ...rest] = args
    const approved = tripwirePolicy.localOpen || tripwirePolicy.isApprovedListener(this)
    if (typeof first === 'object' && first !== null) {
      const options = { ...(first as Record<string, unknown>) }
      const isHandle =
        Object.getPrototypeOf(first) !== Object.prototype ||
        'handle' in options ||
        '_handle' in options ||
        'fd' in options
      if (isHandle) {
        if (!tripwirePolicy.localOpen) throw tripwirePolicy.trip('listen', 'a handle or descriptor')
        return original.apply(this, args)
      }
      if (typeof options.path === 'string' && options.path !== '') {
        if (!approved) throw tripwirePolicy.trip('listen', 'a Unix socket or pipe')
        return original.apply(this, [options, ...rest])
      }
      checkListenHost(options.host, approved)
      return original.apply(this, [options, ...rest])
    }
    if (typeof first === 'string' && !(Number(first) >= 0)) {
      if (!approved) throw tripwirePolicy.trip('listen', 'a Unix socket or pipe')
      return original.apply(this, args)
    }
    checkListenHost(typeof rest[0] === 'string' ? rest[0] : undefined, approved)
    return original.apply(this, args)
  })
}

function checkListenHost(host: unknown, approved: boolean): void {
  const where = host === undefined ? 'every interface' : shown(host)
  const loopback = typeof host === 'string' && isLoopbackHost(host)
  const localName = host === loopbackName && tripwirePolicy.localOpen
  if (!(loopback || localName) || !approved) throw tripwirePolicy.trip('listen', where)
}

/**
 * UDP. Every `send` overload (issue 9, road 4: a port given as a string took the other branch of
 * the old parser): the address is found the way dgram.js finds it, and on a connected socket the
 * peer it is connected to is checked too. Joining a multicast group announces it on the network
 * (IGMP/MLD), so that is refused as well.
 */
function guardDatagrams(): void {
  const prototype = dgram.Socket.prototype
  const send = methodOf(prototype, 'send')
  lockProperty(prototype, 'send', function guardedSend(this: dgram.Socket, ...args: unknown[]) {
    const peer = connectedPeer(this)
    if (peer !== undefined) {
      checkDatagramAddress(peer)
      return send.apply(this, args)
    }
    // dgram.js send(): the (msg, offset, length, port, address) form if address or a port is
    // there, else (msg, port, address).
    const [, , third, fourth, fifth] = args
    const ranged = Boolean(fifth) || (Boolean(fourth) && typeof fourth !== 'function')
    const address = ranged ? fifth : third
    checkDatagramAddress(typeof address === 'string' ? address : undefined)
    return send.apply(this, args)
  })
  const connect = methodOf(prototype, 'connect')
  lockProperty(
    prototype,
    'connect',
    function guardedConnect(this: dgram.Socket, ...args: unknown[]) {
      const address = args[1]
      checkDatagramAddress(typeof address === 'string' ? address : undefined)
      return connect.apply(this, args)
    },
  )
  for (const name of ['addMembership', 'addSourceSpecificMembership'] as const) {
    lockProperty(prototype, name, function refusedMembership(): never {
      throw tripwirePolicy.trip('udp', `multicast group (${name})`)
    })
  }
}

/** No address, or an empty one, is dgram's default: the loopback address of the socket's family. */
function checkDatagramAddress(address: string | undefined): void {
  if (address === undefined || address === '') {
    if (!tripwirePolicy.localOpen) throw tripwirePolicy.trip('udp', 'loopback')
    return
  }
  if (
    net.isIP(address) !== 0
      ? tripwirePolicy.mayReachAddress(address)
      : address === loopbackName && tripwirePolicy.localOpen
  )
    return
  throw tripwirePolicy.trip('udp', address)
}

function connectedPeer(socket: dgram.Socket): string | undefined {
  try {
    return socket.remoteAddress().address
  } catch {
    return undefined
  }
}

const dnsQueryNames = /^(?:resolve\w*|reverse|lookupService)$/

/**
 * Every name Node would look up or query (issue 9, road 9: the query itself leaves the machine and
 * can carry data in the name). `lookup` of a literal address (no packet leaves) and of the gate's
 * own hosts stays; `localhost` only while loopback is open; every resolver query is refused.
 */
function guardDns(): void {
  const targets = [
    dns,
    dns.promises,
    dns.Resolver.prototype,
    dns.promises.Resolver.prototype,
  ] as unknown as Record<string, unknown>[]
  for (const target of targets) {
    for (const name of Object.getOwnPropertyNames(target)) {
      const original = target[name]
      if (typeof original !== 'function' || name === 'constructor') continue
      if (name === 'lookup') {
        lockProperty(target, name, function guardedLookup(this: unknown, ...args: unknown[]) {
          const host = String(args[0])
          const allowed =
            isGateLookup() ||
            net.isIP(host) !== 0 ||
            (host === loopbackName && tripwirePolicy.localOpen)
          if (!allowed) throw tripwirePolicy.trip('dns', host)
          return (original as AnyFunction).apply(this, args)
        })
      } else if (name === 'setServers' && (target === dns || target === dns.promises)) {
        // The module-level setServers re-binds the module's resolve functions (dns.js
        // bindDefaultResolver), which are locked; no query could use the servers anyway.
        lockProperty(target, name, function refusedSetServers(): never {
          throw tripwirePolicy.trip('dns', 'setServers')
        })
      } else if (dnsQueryNames.test(name)) {
        lockProperty(target, name, function guardedQuery(): never {
          throw tripwirePolicy.trip('dns', `${name} query`)
        })
      }
    }
  }
}
