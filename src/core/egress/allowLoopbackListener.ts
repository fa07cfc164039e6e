import type { Server } from 'node:net'
import { tripwirePolicy } from './tripwirePolicy'

/**
 * Lets this server listen once the tripwire is installed: web mode's own socket, the reference
 * backend. It still may listen only on a literal loopback address (127.0.0.0/8, ::1): never on
 * `0.0.0.0`, `::` or no host, which would hand data to any peer that connects in (issue 9).
 */
export function allowLoopbackListener(server: Server): void {
  tripwirePolicy.approveListener(server)
}
