import { realpathSync } from 'node:fs'
import { sep } from 'node:path'
import { isGateLookup, isGateSocket } from './gatePass'
import { isLoopbackHost } from './isLoopbackHost'
import { lockProperty } from './lockProperty'
import { refusedErrno, tripwirePolicy } from './tripwirePolicy'

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown
type Binding = Record<string, unknown>

/**
 * Bindings `process.binding` may still hand out: none of them can open a socket, resolve a name
 * or start a process. Everything else (tcp_wrap, udp_wrap, pipe_wrap, tls_wrap, stream_wrap,
 * js_stream, cares_wrap, process_wrap, spawn_sync, tty_wrap, inspector, …) is refused: issue 9,
 * roads 6 and 9, a raw TCP handle or `getaddrinfo` with no check at all.
 */
const harmlessBindings = new Set([
  'async_wrap',
  'buffer',
  'config',
  'constants',
  'contextify',
  'crypto',
  'fs',
  'fs_event_wrap',
  'http_parser',
  'icu',
  'natives',
  'os',
  'signal_wrap',
  'url',
  'util',
  'uv',
  'v8',
  'zlib',
])

/**
 * The second wall, under Node's API: the native handle classes every socket is made of. Their
 * prototypes are shared by every instance, including one built from a handle's `constructor` or
 * a binding obtained before this ran, so the checks here hold for calls that never pass through
 * `net`, `dgram` or `dns`: a server handle's constructor turned client, a `lookup` that answers a
 * non-loopback address for `localhost`, a socket connected natively. A refused call returns
 * EACCES, which Node reports as an ordinary socket or DNS error, and is told to `onTrip`.
 *
 * - TCP `connect`/`connect6`: only the gate's sockets (the handle's owner), or loopback while open.
 * - TCP `listen`: only on a loopback address, and only for approved servers unless open.
 * - Pipe `connect`/`listen`: local only while open (a Unix-socket proxy is a road out too).
 * - UDP `send`/`send6` to an address, `connect`/`connect6`: loopback while open; multicast joins never.
 * - `getaddrinfo`/`getnameinfo` and every resolver query: the gate's lookups; `localhost` while open.
 * Then `process.binding` and `process._linkedBinding` themselves are replaced.
 */
export function guardNativeHandles(options: { linkedBindings: 'refuse' | 'keep' }): void {
  const binding = rawBinding()
  const tcp = binding('tcp_wrap')
  guardPrototype(classPrototype(tcp, 'TCP'), {
    connect: (handle, args) => checkTcpConnect(handle, args[1]),
    connect6: (handle, args) => checkTcpConnect(handle, args[1]),
    listen: (handle) => checkTcpListen(handle),
  })
  const pipe = binding('pipe_wrap')
  guardPrototype(classPrototype(pipe, 'Pipe'), {
    connect: () => (tripwirePolicy.localOpen ? undefined : 'socket: a Unix socket or pipe'),
    listen: (handle) =>
      tripwirePolicy.localOpen || tripwirePolicy.isApprovedListener(ownerOf(handle))
        ? undefined
        : 'listen: a Unix socket or pipe',
  })
  const udp = binding('udp_wrap')
  guardPrototype(classPrototype(udp, 'UDP'), {
    // send(req, list, count, port, address, hasCallback); a connected socket omits port and address.
    send: (_handle, args) => (args.length >= 6 ? checkDatagram(args[4]) : undefined),
    send6: (_handle, args) => (args.length >= 6 ? checkDatagram(args[4]) : undefined),
    connect: (_handle, args) => checkDatagram(args[0]),
    connect6: (_handle, args) => checkDatagram(args[0]),
    addMembership: () => 'udp: multicast group',
    addSourceSpecificMembership: () => 'udp: multicast group',
  })
  const cares = binding('cares_wrap')
  if (cares !== undefined) {
    guardFunction(cares, 'getaddrinfo', (_self, args) => checkName(args[1]))
    guardFunction(cares, 'getnameinfo', (_self, args) =>
      tripwirePolicy.mayReachAddress(String(args[1]))
        ? undefined
        : `dns: reverse ${String(args[1])}`,
    )
    const channel = classPrototype(cares, 'ChannelWrap')
    if (channel !== undefined) {
      const checks: Record<string, Check> = {}
      for (const name of Object.getOwnPropertyNames(channel)) {
        if (/^(?:query\w+|getHostByAddr)$/.test(name)) checks[name] = () => `dns: ${name}`
      }
      guardPrototype(channel, checks)
    }
  }
  guardBindingAccess(binding, options.linkedBindings)
}

/** A refusal message (`channel: target`), or undefined to let the call through. */
type Check = (self: unknown, args: unknown[]) => string | undefined

function guardPrototype(prototype: object | undefined, checks: Record<string, Check>): void {
  if (prototype === undefined) return
  for (const [name, check] of Object.entries(checks)) guardFunction(prototype, name, check)
}

function guardFunction(target: object, name: string, check: Check): void {
  const original = (target as Binding)[name]
  if (typeof original !== 'function') return
  lockProperty(target, name, function guardedNative(this: unknown, ...args: unknown[]) {
    const refused = check(this, args)
    if (refused === undefined) return (original as AnyFunction).apply(this, args)
    const [channel, target] = splitRefusal(refused)
    tripwirePolicy.trip(channel, target)
    return refusedErrno
  })
}

function splitRefusal(refused: string): [Parameters<typeof tripwirePolicy.trip>[0], string] {
  const at = refused.indexOf(': ')
  return [refused.slice(0, at) as Parameters<typeof tripwirePolicy.trip>[0], refused.slice(at + 2)]
}

/** net.js keeps the socket or server a handle belongs to under `owner` (TCP.prototype accessor). */
function ownerOf(handle: unknown): unknown {
  return (handle as { owner?: unknown } | null)?.owner
}

function checkTcpConnect(handle: unknown, address: unknown): string | undefined {
  if (isGateSocket(ownerOf(handle))) return undefined
  return tripwirePolicy.mayReachAddress(String(address)) ? undefined : `socket: ${String(address)}`
}

function checkTcpListen(handle: unknown): string | undefined {
  const out: { address?: string } = {}
  ;(handle as { getsockname?: (out: object) => number }).getsockname?.(out)
  const address = out.address ?? 'an unbound socket'
  if (!isLoopbackHost(address)) return `listen: ${address}`
  const approved = tripwirePolicy.localOpen || tripwirePolicy.isApprovedListener(ownerOf(handle))
  return approved ? undefined : `listen: ${address}`
}

function checkDatagram(address: unknown): string | undefined {
  return tripwirePolicy.mayReachAddress(String(address)) ? undefined : `udp: ${String(address)}`
}

function checkName(hostname: unknown): string | undefined {
  if (isGateLookup()) return undefined
  const name = String(hostname)
  return name === 'localhost' && tripwirePolicy.localOpen ? undefined : `dns: ${name}`
}

function classPrototype(binding: Binding | undefined, name: string): object | undefined {
  const value = binding?.[name]
  return typeof value === 'function' ? (value as { prototype: object }).prototype : undefined
}

type BindingFunction = (name: string) => Binding | undefined

/** `process.binding` as Node has it, before it is replaced; undefined where it is gone. */
function rawBinding(): BindingFunction {
  const original = (process as unknown as { binding?: (name: string) => Binding }).binding
  return (name) => {
    try {
      return original?.call(process, name)
    } catch {
      return undefined
    }
  }
}

function guardBindingAccess(binding: BindingFunction, linked: 'refuse' | 'keep'): void {
  lockProperty(process, 'binding', function guardedBinding(name: unknown): Binding | undefined {
    const module = String(name)
    if (!harmlessBindings.has(module)) throw tripwirePolicy.trip('binding', module)
    return binding(module)
  })
  // A native addon is machine code in this process: it can open any socket. Only installed
  // packages' addons load (better-sqlite3, smart-whisper; in the packaged app they sit in
  // app.asar.unpacked/node_modules), never one written somewhere else, such as a temp directory.
  const dlopen = process.dlopen.bind(process)
  lockProperty(
    process,
    'dlopen',
    function guardedDlopen(module: { exports: unknown }, filename: string, flags?: number) {
      let real: string
      try {
        real = realpathSync(filename)
      } catch {
        real = filename
      }
      if (!real.includes(`${sep}node_modules${sep}`))
        throw tripwirePolicy.trip('binding', `addon ${real}`)
      if (flags === undefined) dlopen(module, filename)
      else dlopen(module, filename, flags)
    },
  )
  // Plain Node registers no linked bindings; Electron's own modules are built on them, and
  // Electron's network APIs are guarded where Electron is (src/main).
  if (linked === 'refuse' && '_linkedBinding' in process) {
    lockProperty(process, '_linkedBinding', function refusedLinkedBinding(name: unknown): never {
      throw tripwirePolicy.trip('binding', `linked ${String(name)}`)
    })
  }
}
