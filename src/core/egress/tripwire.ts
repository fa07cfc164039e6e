import { installChildProcessGuard } from './childProcessGuard'
import { connectSocket } from './connectSocket'
// Loaded with the tripwire so that it, and nothing later, holds the database pass.
import './databaseEndpoint'
import { EgressError } from './EgressError'
import { guardNativeHandles } from './guardNativeHandles'
import { guardNodeApis } from './guardNodeApis'
import { guardWorkers } from './guardWorkers'
import { tripwirePolicy, type TripwireTrip } from './tripwirePolicy'
import { createUndiciAgent, setGlobalDispatcher } from './undiciDispatcher'

export type { TripwireTrip } from './tripwirePolicy'

export interface TripwireOptions {
  /**
   * Tests only: let connections that are not the gate's reach literal loopback addresses,
   * `localhost` (pinned to its loopback answers) and Unix sockets, and let any server listen on
   * loopback. Default false: then loopback is no free pass (a local SOCKS or HTTP proxy is a road
   * out), and only the gate's own connections and `listenOnLoopback` servers get through.
   */
  allowLoopback?: boolean
  /** Told about every refused attempt, e.g. to log it; the attempt fails either way. */
  onTrip?: (trip: TripwireTrip) => void
  /**
   * `process._linkedBinding`: refused in plain Node, where nothing registers one; kept in
   * Electron's main process, whose own modules are built on it.
   */
  linkedBindings?: 'refuse' | 'keep'
  /** 'engine-only' (default): only launchEngineProcess may start programs. 'any': tests only. */
  childProcesses?: 'engine-only' | 'any'
}

const connectTimeoutMs = 10_000

/**
 * Closes every way out of the process except the egress gate (DESIGN.md §5, issue 9). Each entry
 * point calls it as the first thing it evaluates (src/cli/tripwireFirst.ts,
 * src/main/tripwireFirst.ts, the whisper worker, the ffmpeg.wasm decoder process). After it:
 *
 * - Node's network API refuses, with `EgressError('tripwire')`, every TCP connection, server, UDP
 *   datagram and name lookup the policy does not allow (guardNodeApis), and the native handles
 *   under that API refuse them again (guardNativeHandles), so a raw handle, a custom `lookup` or a
 *   socket connected natively gets no further. The gate's sockets carry a pass no caller can forge
 *   (gatePass: a module-private WeakSet).
 * - `process.binding` hands out no network-capable binding; no worker thread may start
 *   (guardWorkers).
 * - undici's global dispatcher (Node's fetch) is replaced by one whose connector refuses the same,
 *   so a fetch fails with a clear cause before it reaches a socket.
 *
 * Every replaced function is non-writable and non-configurable: nothing restores the originals,
 * which are kept only inside these modules. A second call may close loopback or add `onTrip`,
 * nothing else. Not a sandbox: in-process code can still reach whatever Earshot's own modules
 * export (the gate itself), and native addons are outside JavaScript; the OS-level wall around
 * the media processes covers those.
 */
export function installTripwire(options: TripwireOptions = {}): void {
  const first = !tripwirePolicy.installed
  tripwirePolicy.configure({
    open: options.allowLoopback ?? false,
    ...(options.onTrip !== undefined && { onTrip: options.onTrip }),
  })
  if (!first) return
  refuseInternalsFlags()
  // Native first: dns/promises copies the resolver's functions when it first loads, which the
  // API guard makes happen, and it must copy the guarded ones.
  guardNativeHandles({ linkedBindings: options.linkedBindings ?? 'refuse' })
  guardNodeApis()
  guardWorkers()
  if (options.childProcesses !== 'any') installChildProcessGuard()
  setGlobalDispatcher(
    createUndiciAgent(
      connectSocket({
        connectMs: connectTimeoutMs,
        checkHost: (host) => {
          if (
            !tripwirePolicy.mayReachAddress(host) &&
            !(host === 'localhost' && tripwirePolicy.localOpen)
          ) {
            throw tripwirePolicy.trip('fetch', host)
          }
        },
      }),
    ),
  )
}

export function isTripwireInstalled(): boolean {
  return tripwirePolicy.installed
}

/**
 * `--expose-internals` hands out `internalBinding`, under every guard here. Node reads it from the
 * command line and NODE_OPTIONS only at start-up, so refusing to run is the only answer.
 */
function refuseInternalsFlags(): void {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? '']
  if (
    flags.some((flag) => flag.includes('--expose-internals') || flag.includes('--expose_internals'))
  ) {
    throw new EgressError(
      'tripwire',
      'Earshot does not run with --expose-internals: it would open every way around the egress gate.',
    )
  }
}
