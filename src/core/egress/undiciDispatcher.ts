/**
 * Node's built-in fetch is undici, bundled inside Node and not importable (`undici` is no
 * dependency of ours, and the lint rule keeps it that way). Its global dispatcher lives on
 * `globalThis` under this registered symbol (undici lib/global.js), and is an `Agent`: that is how
 * the gate gets an `Agent` of its own and the tripwire replaces the global one.
 */
const globalDispatcherKey = Symbol.for('undici.globalDispatcher.1')

/** The parts of undici's `Agent` the gate and the tripwire use. */
export interface UndiciDispatcher {
  close(): Promise<void>
  destroy(): Promise<void>
}

export type UndiciConnector = (
  options: UndiciConnectOptions,
  callback: (error: Error | null, socket?: unknown) => void,
) => void

export interface UndiciConnectOptions {
  hostname: string
  host?: string
  protocol: string
  port: string | number
  servername?: string | null
  localAddress?: string | null
}

type AgentClass = new (options: { connect: UndiciConnector }) => UndiciDispatcher

interface DispatcherSlot {
  [globalDispatcherKey]?: UndiciDispatcher
}

export function getGlobalDispatcher(): UndiciDispatcher | undefined {
  // Touching a fetch class loads Node's lazily loaded undici, which installs its default Agent.
  Reflect.get(globalThis, 'Response')
  return (globalThis as DispatcherSlot)[globalDispatcherKey]
}

export function setGlobalDispatcher(dispatcher: UndiciDispatcher): void {
  // undici defines the slot writable (setGlobalDispatcher in lib/global.js), so plain assignment
  // is what undici itself would do.
  ;(globalThis as DispatcherSlot)[globalDispatcherKey] = dispatcher
}

let agentClass: AgentClass | undefined

/** A new undici `Agent` that opens every connection through `connect`. */
export function createUndiciAgent(connect: UndiciConnector): UndiciDispatcher {
  agentClass ??= findAgentClass()
  return new agentClass({ connect })
}

function findAgentClass(): AgentClass {
  const dispatcher = getGlobalDispatcher()
  // Before anyone replaced it, the global dispatcher is undici's own Agent. The tripwire's
  // replacement is one too, so either way its constructor is the class.
  const candidate = (dispatcher as { constructor?: unknown } | undefined)?.constructor
  if (typeof candidate !== 'function' || candidate.name !== 'Agent') {
    throw new Error("Cannot find undici's Agent behind Node's fetch; this Node is not supported.")
  }
  return candidate as AgentClass
}
