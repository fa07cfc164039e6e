const key = Symbol.for('earshot.egress.gatePass')
const slot = globalThis as { [key]?: { depth: number } }
// On globalThis for the same reason as pristineNetwork: one counter per process, however many
// times a test runner evaluates this module.
const pass = (slot[key] ??= { depth: 0 })

/**
 * How the tripwire tells the gate's own connections from every other one. The gate opens its
 * sockets synchronously inside `withGatePass`; `net.Socket.prototype.connect` runs within that
 * call (checked for `net.connect` and `tls.connect`), so the tripwire sees the pass. JavaScript
 * runs one call stack at a time, so no other code can connect while the pass is held.
 */
export function withGatePass<T>(open: () => T): T {
  pass.depth++
  try {
    return open()
  } finally {
    pass.depth--
  }
}

export function hasGatePass(): boolean {
  return pass.depth > 0
}
