import dns from 'node:dns'
import { createServer, type Server } from 'node:net'
import net from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getGlobalDispatcher } from '../../../src/core/egress/undiciDispatcher'
import { pristineNetwork } from '../../../src/core/egress/pristineNetwork'
import {
  installTripwire,
  isTripwireInstalled,
  uninstallTripwire,
  type TripwireTrip,
} from '../../../src/core/egress/tripwire'
import { useTempDir } from '../../support/tempDir'

const wasInstalled = isTripwireInstalled()
let server: Server
let port: number
beforeAll(async () => {
  server = createServer((socket) => socket.end('hi'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
})
afterEach(() => {
  // Whatever a test did, leave the tripwire as the setup file left it.
  uninstallTripwire()
  if (wasInstalled) installTripwire({ allowLoopback: true })
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

const greeting = (socket: net.Socket) =>
  new Promise<string>((resolve, reject) => {
    let text = ''
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
    socket.on('end', () => {
      resolve(text)
    })
    socket.on('error', reject)
  })

// Compares Node's functions by identity (installed vs pristine); nothing here calls them unbound.
/* eslint-disable @typescript-eslint/unbound-method */
describe('installTripwire', () => {
  it('is idempotent, and uninstall puts Node’s own functions back', () => {
    uninstallTripwire()
    const dispatcher = getGlobalDispatcher()
    expect(net.Socket.prototype.connect).toBe(pristineNetwork.socketConnect)
    installTripwire()
    const guarded = net.Socket.prototype.connect
    installTripwire()
    expect(net.Socket.prototype.connect).toBe(guarded)
    expect(guarded).not.toBe(pristineNetwork.socketConnect)
    expect(getGlobalDispatcher()).not.toBe(dispatcher)
    uninstallTripwire()
    expect(net.Socket.prototype.connect).toBe(pristineNetwork.socketConnect)
    expect(dns.lookup).toBe(pristineNetwork.lookup)
    expect(getGlobalDispatcher()).toBe(dispatcher)
    expect(isTripwireInstalled()).toBe(false)
  })

  it('lets loopback through: a literal address and localhost (pinned to loopback answers)', async () => {
    installTripwire({ allowLoopback: true })
    expect(await greeting(net.connect(port, '127.0.0.1'))).toBe('hi')
    expect(await greeting(net.connect({ host: 'localhost', port, family: 4 }))).toBe('hi')
    await expect(dns.promises.lookup('localhost')).resolves.toBeDefined()
  })

  it('with allowLoopback false, refuses loopback too and tells onTrip', () => {
    const trips: TripwireTrip[] = []
    installTripwire({ allowLoopback: false, onTrip: (trip) => trips.push(trip) })
    expect(() => net.connect(port, '127.0.0.1')).toThrow(
      expect.objectContaining({ code: 'tripwire' }),
    )
    expect(trips).toEqual([{ channel: 'socket', target: `127.0.0.1:${String(port)}` }])
  })

  it('leaves Unix sockets alone: they never leave the machine', async () => {
    installTripwire({ allowLoopback: false })
    const path = join(tempDir(), 's.sock')
    const local = createServer((socket) => socket.end('local'))
    await new Promise<void>((resolve) => local.listen(path, resolve))
    try {
      expect(await greeting(net.connect(path))).toBe('local')
    } finally {
      await new Promise((resolve) => local.close(resolve))
    }
  })

  it('a second call only changes the options', () => {
    installTripwire({ allowLoopback: false })
    installTripwire({ allowLoopback: true })
    expect(() => net.connect(port, '127.0.0.1').destroy()).not.toThrow()
  })
})

const tempDir = useTempDir('earshot-tripwire-')
