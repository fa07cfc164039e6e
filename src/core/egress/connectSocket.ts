import net from 'node:net'
import tls from 'node:tls'
import { EgressError } from './EgressError'
import { claimGatePass } from './gatePass'
import type { UndiciConnectOptions, UndiciConnector } from './undiciDispatcher'

export interface ConnectSocketOptions {
  /** TCP + TLS handshake must finish within this (the gate's connect timeout). */
  connectMs: number
  /** Last check before a socket opens; throw an EgressError to refuse the host. */
  checkHost: (hostname: string) => void
  /**
   * Open the sockets with the gate's pass (the tripwire lets them through). Only the gate sets
   * this; its `checkHost` is the allowlist.
   */
  asGate?: boolean
}

// Claimed as this module loads, which is while the tripwire loads: before any other code runs.
const gatePass = claimGatePass()

/**
 * An undici connector (the `connect` option of an `Agent`): plain TCP for http:, TLS with SNI and
 * certificate checks for https:, HTTP/1.1 only. With `asGate`, the socket and its name lookup
 * carry the gate's pass, since the host has been checked by then.
 */
export function connectSocket(options: ConnectSocketOptions): UndiciConnector {
  return (target: UndiciConnectOptions, callback) => {
    const hostname = unbracket(target.hostname)
    let socket: net.Socket
    try {
      options.checkHost(hostname)
      socket = openSocket(target, hostname, options.asGate === true)
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

function openSocket(target: UndiciConnectOptions, hostname: string, asGate: boolean): net.Socket {
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80)
  const common = { host: hostname, port }
  // TLS over a TCP socket opened first: the TCP socket is the one the pass (and the check) is on.
  const tcp = asGate ? gatePass.connect(common) : net.connect(common)
  if (target.protocol !== 'https:') return tcp
  // SNI names a host, never an address (RFC 6066 §3).
  const given = target.servername ?? ''
  const servername = given !== '' ? given : net.isIP(hostname) === 0 ? hostname : undefined
  const secure = tls.connect({
    socket: tcp,
    host: hostname,
    ...(servername !== undefined && { servername }),
    ALPNProtocols: ['http/1.1'],
  })
  // A failure of the TCP socket before the handshake (refused, unreachable) is reported on it.
  tcp.once('error', (error) => secure.destroy(error))
  return secure
}

function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
}
