import { resolve } from 'node:path'
import { lockProperty } from '../core/egress/lockProperty'
import { tripwirePolicy, type TripwireTrip } from '../core/egress/tripwirePolicy'

/**
 * Electron's own ways out of the main process, which the Node-side tripwire cannot see: `net` and
 * a session's `fetch`/`resolveHost`/`preconnect`/`downloadURL` go through Chromium's network
 * stack, and `utilityProcess.fork` starts a child the tripwire is not loaded in (issue 9). Earshot
 * uses none of them but the whisper worker's fork: the gate talks through Node's `http(s)`. Each
 * is replaced by a refusal that trips like the tripwire (same `EgressError`, same listeners) and
 * locked so later code cannot put the original back.
 *
 * Typed loosely on purpose: the objects are Electron's (`net`, a `Session`, `utilityProcess`), or
 * hand-made stand-ins in the unit test, since no Electron binary runs on the build machines.
 */

/** Every refusal this module made, so installing twice (or on a shared prototype) is a no-op. */
const refusals = new WeakSet<object>()

const netEntries: readonly [name: string, channel: TripwireTrip['channel']][] = [
  ['request', 'fetch'],
  ['fetch', 'fetch'],
  ['resolveHost', 'dns'],
]

// `setProxy` too: a proxy is where Chromium would send every request the session makes, and
// Earshot never sets one, so any change is refused rather than judged.
const sessionEntries: readonly [name: string, channel: TripwireTrip['channel']][] = [
  ['fetch', 'fetch'],
  ['resolveHost', 'dns'],
  ['preconnect', 'socket'],
  ['downloadURL', 'fetch'],
  ['setProxy', 'socket'],
]

function describeTarget(first: unknown): string {
  if (typeof first === 'string') return first.slice(0, 80)
  if (first instanceof URL) return first.href.slice(0, 80)
  if (typeof first === 'object' && first !== null) {
    const url = (first as { url?: unknown }).url
    if (typeof url === 'string') return url.slice(0, 80)
  }
  return 'a request'
}

function refusal(label: string, channel: TripwireTrip['channel']): (...args: unknown[]) => never {
  const refuse = (...args: unknown[]): never => {
    throw tripwirePolicy.trip(channel, `${label}: ${describeTarget(args[0])}`)
  }
  refusals.add(refuse)
  return refuse
}

/**
 * Locks `replacement` on `target` and on every prototype above it that holds `name` (so
 * `Session.prototype.fetch.call(session, …)` is closed too). Returns the places it could not lock:
 * a property Electron made non-configurable stays as it is, and the caller says so.
 */
function lockEverywhere(
  target: object,
  name: string,
  label: string,
  replacement: (...args: unknown[]) => unknown,
): string[] {
  const unlocked: string[] = []
  const lockAt = (holder: object, where: string): void => {
    const descriptor = Object.getOwnPropertyDescriptor(holder, name)
    if (descriptor?.value !== undefined && refusals.has(descriptor.value as object)) return
    if (descriptor !== undefined && descriptor.configurable !== true) {
      unlocked.push(where)
      return
    }
    lockProperty(holder, name, replacement)
  }
  for (
    let holder = Object.getPrototypeOf(target) as object | null;
    holder !== null && holder !== Object.prototype;
    holder = Object.getPrototypeOf(holder) as object | null
  ) {
    if (Object.prototype.hasOwnProperty.call(holder, name)) lockAt(holder, `${label} (prototype)`)
  }
  lockAt(target, label)
  return unlocked
}

export interface ElectronNetTargets {
  /** Electron's `net` module. */
  net: object
  /** Electron's `utilityProcess` module. */
  utilityProcess: object
  /** The only scripts `utilityProcess.fork` may start (the whisper worker). */
  utilityScripts: readonly string[]
}

/**
 * Guards `net` and `utilityProcess`. Returns the entry points it could not lock (empty when all
 * are closed), for the caller to report.
 */
export function guardElectronNet(targets: ElectronNetTargets): string[] {
  const unlocked: string[] = []
  for (const [name, channel] of netEntries) {
    if (!(name in targets.net)) continue
    unlocked.push(
      ...lockEverywhere(targets.net, name, `net.${name}`, refusal(`net.${name}`, channel)),
    )
  }
  const allowed = new Set(targets.utilityScripts.map((script) => resolve(script)))
  const originalFork = Reflect.get(targets.utilityProcess, 'fork') as unknown
  if (typeof originalFork === 'function') {
    const fork = (modulePath: unknown, ...rest: unknown[]): unknown => {
      if (typeof modulePath !== 'string' || !allowed.has(resolve(modulePath))) {
        throw tripwirePolicy.trip('process', `utilityProcess.fork: ${describeTarget(modulePath)}`)
      }
      return Reflect.apply(originalFork, targets.utilityProcess, [modulePath, ...rest])
    }
    refusals.add(fork)
    unlocked.push(...lockEverywhere(targets.utilityProcess, 'fork', 'utilityProcess.fork', fork))
  }
  return unlocked
}

/**
 * Guards one session (the default one and every one `session-created` reports). Returns the entry
 * points it could not lock.
 */
export function guardSessionNet(session: object): string[] {
  const unlocked: string[] = []
  for (const [name, channel] of sessionEntries) {
    if (!(name in session)) continue
    const label = `session.${name}`
    unlocked.push(...lockEverywhere(session, name, label, refusal(label, channel)))
  }
  return unlocked
}
