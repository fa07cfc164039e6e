import { resolve } from 'node:path'
import { lockProperty } from '../core/egress/lockProperty'
import { tripwirePolicy, type TripwireTrip } from '../core/egress/tripwirePolicy'

/**
 * Electron's own ways out of the main process, which the Node-side tripwire cannot see: `net` and
 * a session's `fetch`/`resolveHost`/`preconnect`/`downloadURL` go through Chromium's network
 * stack, and `utilityProcess.fork` starts a child the tripwire is not loaded in (issue 9). Earshot
 * uses none of them but the forks of the whisper worker and the ffmpeg.wasm decoder: the gate
 * talks through Node's `http(s)`. Each is replaced by a refusal that trips like the tripwire (same
 * `EgressError`, same listeners) and locked so later code cannot put the original back.
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

/** A script `utilityProcess.fork` may start, and the only way it may be started. */
export interface UtilityScript {
  path: string
  /** Exactly the execArgv the engine passes; anything else (`--inspect`, `--require`) is refused. */
  execArgv: readonly string[]
  /** The environment variables it may be given (never `NODE_OPTIONS`, `LD_PRELOAD`, …). */
  envNames: readonly string[]
  /** Whether `args` are ones the engine builds for this script. */
  acceptsArgs: (args: readonly string[]) => boolean
}

export interface ElectronNetTargets {
  /** Electron's `net` module. */
  net: object
  /** Electron's `utilityProcess` module. */
  utilityProcess: object
  /** The only scripts `utilityProcess.fork` may start (the whisper worker, the wasm decoder). */
  utilityScripts: readonly UtilityScript[]
}

/** The fork options the engine uses; any other (`cwd`, `allowLoadingUnsignedLibraries`, …) is refused. */
const forkOptionNames = new Set(['serviceName', 'env', 'execArgv', 'stdio'])

/**
 * The fork to hand on, rebuilt from the checked values only (so a getter or a Proxy cannot change
 * them after the check), or why it is refused. A utility process runs Node with whatever flags and
 * environment it is given: `--inspect` opens a debugger port, `--require` or `NODE_OPTIONS` load
 * code before the script's own tripwire (issue 9).
 */
function checkFork(
  scripts: ReadonlyMap<string, UtilityScript>,
  modulePath: unknown,
  args: unknown,
  options: unknown,
): string | { modulePath: string; args: string[]; options: Record<string, unknown> } {
  if (typeof modulePath !== 'string') return describeTarget(modulePath)
  const script = scripts.get(resolve(modulePath))
  if (script === undefined) return describeTarget(modulePath)
  const givenArgs = copyStrings(args ?? [])
  if (givenArgs === null || !script.acceptsArgs(givenArgs)) return `${modulePath} with arguments`
  if (options === undefined) return { modulePath, args: givenArgs, options: {} }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return `${modulePath} with options`
  }
  const given = { ...(options as Record<string, unknown>) }
  for (const name of Object.keys(given)) {
    if (!forkOptionNames.has(name)) return `${modulePath} with option ${name.slice(0, 40)}`
  }
  const checked: Record<string, unknown> = {}
  const flags = copyStrings(given.execArgv ?? [])
  if (
    flags === null ||
    flags.length !== script.execArgv.length ||
    flags.some((flag, i) => flag !== script.execArgv[i])
  ) {
    return `${modulePath} with execArgv`
  }
  checked.execArgv = flags
  if (given.env !== undefined) {
    if (typeof given.env !== 'object' || given.env === null) return `${modulePath} with env`
    const env: Record<string, string> = {}
    for (const [name, value] of Object.entries(given.env)) {
      if (!script.envNames.includes(name) || typeof value !== 'string') {
        return `${modulePath} with env ${name.slice(0, 40)}`
      }
      env[name] = value
    }
    checked.env = env
  }
  if (given.stdio !== undefined) {
    const streams = Array.isArray(given.stdio) ? [...(given.stdio as unknown[])] : [given.stdio]
    if (streams.some((stream) => stream !== 'ignore' && stream !== 'pipe')) {
      return `${modulePath} with stdio`
    }
    checked.stdio = Array.isArray(given.stdio) ? streams : streams[0]
  }
  if (given.serviceName !== undefined) {
    if (typeof given.serviceName !== 'string') return `${modulePath} with serviceName`
    checked.serviceName = given.serviceName
  }
  return { modulePath, args: givenArgs, options: checked }
}

function copyStrings(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null
  const copy = [...(value as unknown[])]
  return copy.every((item) => typeof item === 'string') ? copy : null
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
  const scripts = new Map(targets.utilityScripts.map((script) => [resolve(script.path), script]))
  const originalFork = Reflect.get(targets.utilityProcess, 'fork') as unknown
  if (typeof originalFork === 'function') {
    const fork = (modulePath: unknown, args?: unknown, options?: unknown): unknown => {
      const checked = checkFork(scripts, modulePath, args, options)
      if (typeof checked === 'string') {
        throw tripwirePolicy.trip('process', `utilityProcess.fork: ${checked}`)
      }
      return Reflect.apply(originalFork, targets.utilityProcess, [
        checked.modulePath,
        checked.args,
        checked.options,
      ])
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
