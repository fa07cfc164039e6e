import dgram from 'node:dgram'
import dns from 'node:dns'
import net from 'node:net'

export interface PristineNetwork {
  readonly socketConnect: typeof net.Socket.prototype.connect
  readonly datagramSend: typeof dgram.Socket.prototype.send
  readonly datagramConnect: typeof dgram.Socket.prototype.connect
  readonly lookup: typeof dns.lookup
}

const key = Symbol.for('earshot.egress.pristineNetwork')
const slot = globalThis as { [key]?: PristineNetwork }

/**
 * Node's own network entry points as they were before the tripwire replaced them. The gate's
 * connections resolve names with these (DESIGN.md §5: the gate is the one way out), and
 * `uninstallTripwire` puts them back. Kept on `globalThis`: test runners evaluate this module
 * again per test file, and a second evaluation must not mistake the tripwire for Node.
 */
// Unbound on purpose: every caller invokes them with `.apply(socket, …)`, as Node would.
/* eslint-disable @typescript-eslint/unbound-method */
export const pristineNetwork: PristineNetwork = (slot[key] ??= Object.freeze({
  socketConnect: net.Socket.prototype.connect,
  datagramSend: dgram.Socket.prototype.send,
  datagramConnect: dgram.Socket.prototype.connect,
  lookup: dns.lookup,
}))
/* eslint-enable @typescript-eslint/unbound-method */
