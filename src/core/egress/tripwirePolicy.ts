import { getSystemErrorMap } from 'node:util'
import { EgressError } from './EgressError'
import { isLoopbackHost } from './isLoopbackHost'

export interface TripwireTrip {
  /** Which way out was tried. */
  channel: 'socket' | 'fetch' | 'dns' | 'udp' | 'listen' | 'binding' | 'worker' | 'process'
  /** Host (and port), name, binding or file; never data. */
  target: string
}

/**
 * What the tripwire lets through, held only in this module (nothing on `globalThis` to flip).
 * `open` is loopback, `localhost` and Unix sockets for everyone: tests only (their servers run on
 * loopback). It can be closed after the fact, never reopened.
 */
const state = {
  installed: false,
  open: false,
  listeners: [] as ((trip: TripwireTrip) => void)[],
}

const approvedListeners = new WeakSet<object>()

export const tripwirePolicy = {
  get installed(): boolean {
    return state.installed
  },

  /** First install: the policy is fixed. Later calls may only close loopback and add listeners. */
  configure(options: { open: boolean; onTrip?: (trip: TripwireTrip) => void }): void {
    if (!state.installed) {
      state.installed = true
      state.open = options.open
    } else if (options.open && !state.open) {
      throw new EgressError(
        'tripwire',
        'The tripwire is already installed with loopback closed; it cannot be reopened.',
      )
    } else {
      state.open &&= options.open
    }
    if (options.onTrip !== undefined) state.listeners.push(options.onTrip)
  },

  /** Loopback, `localhost` and Unix sockets are open to connections that are not the gate's. */
  get localOpen(): boolean {
    return state.open
  },

  /** Whether a connection that is not the gate's may go to this literal address. */
  mayReachAddress(address: string): boolean {
    return state.open && isLoopbackHost(address)
  },

  /** A server `listenOnLoopback` started (web mode, the reference backend). */
  approveListener(server: object): void {
    approvedListeners.add(server)
  },

  isApprovedListener(server: unknown): boolean {
    return typeof server === 'object' && server !== null && approvedListeners.has(server)
  },

  /** Tells the listeners and returns the error to throw. */
  trip(channel: TripwireTrip['channel'], target: string): EgressError {
    for (const listener of state.listeners) {
      try {
        listener({ channel, target })
      } catch {
        // A listener's failure must not turn a refusal into something else.
      }
    }
    return new EgressError(
      'tripwire',
      `Blocked a ${channel} attempt (${target}): only the egress gate may reach the network (DESIGN.md §5).`,
    )
  },
}

/**
 * The libuv error a refused native call returns (a negative errno): Node turns it into an
 * ordinary socket or DNS error (`EACCES`), as if the OS had said no.
 */
export const refusedErrno: number = (() => {
  for (const [code, [name]] of getSystemErrorMap()) if (name === 'EACCES') return code
  return -13
})()
