import net from 'node:net'
import tls from 'node:tls'
import { EgressError } from './EgressError'
import { pristineNetwork } from './pristineNetwork'
import type { UndiciConnectOptions, UndiciConnector } from './undiciDispatcher'

export interface ConnectSocketOptions {
  /** TCP + TLS handshake must finish within this (the gate's connect timeout). */
  connectMs: number
  /** Last check before a socket opens; throw an EgressError to refuse the host. */
  checkHost: (hostname: string) => void
  /** Wraps the synchronous socket creation (the gate passes `withGatePass`). */
  open?: <T>(create: () => T) => T
}

/**
 * An undici connector (the `connect` option of an `Agent`): plain TCP for http:, TLS with SNI and
 * certificate checks for https:, HTTP/1.1 only. Names resolve with Node's own `dns.lookup` as it
 * was before the tripwire, since the host has been checked by then.
 */
export function connectSocket(options: ConnectSocketOptions): UndiciConnector {
  const open = options.open ?? (<T>(create: () => T) => create())
  return (target: UndiciConnectOptions, callback) => {
    const hostname = unbracket(target.hostname)
    let socket: net.Socket
    try {
      options.checkHost(hostname)
      socket = open(() => openSocket(target, hostname))
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)))
      return
    }
    let done = false
    const timer = setTimeout(() => {
      const error = new EgressError(
        'timeout',
        `No connection to ${hostname} within ${options.connectMs / 1000} s.`,
      )
      socket.destroy(error)
      finish(error)
    }, options.connectMs)
    const finish = (error: Error | null, connected?: net.Socket) => {
      if (done) return
      done = true
      clearTimeout(timer)
      callback(error, connected)
    }
    socket.setNoDelay(true)
    socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      finish(null, socket)
    })
    socket.on('error', (error) => {
      finish(error)
    })
  }
}

function openSocket(target: UndiciConnectOptions, hostname: string): net.Socket {
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80)
  const common = { host: hostname, port, lookup: pristineNetwork.lookup }
  if (target.protocol !== 'https:') return net.connect(common)
  // SNI names a host, never an address (RFC 6066 §3).
  const given = target.servername ?? ''
  const servername = given !== '' ? given : net.isIP(hostname) === 0 ? hostname : undefined
  return tls.connect({
    ...common,
    ...(servername !== undefined && { servername }),
    ALPNProtocols: ['http/1.1'],
  })
}

function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
}
