import dgram from 'node:dgram'
import dns from 'node:dns'
import { createServer, type Server } from 'node:net'
import net from 'node:net'
import { join } from 'node:path'
import workerThreads from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installTripwire, isTripwireInstalled } from '../../../src/core/egress/tripwire'
import { useTempDir } from '../../support/tempDir'

// This file runs under the setup file's tripwire (loopback open for tests). How it behaves with
// loopback closed, exactly as the CLI installs it, is tested against real listeners in a network
// namespace (test/redteam/tripwireNetnsAttacks.test.ts).
let server: Server
let port: number
beforeAll(async () => {
  server = createServer((socket) => socket.end('hi'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
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

// Reads Node's functions by identity and descriptor; nothing here calls them unbound.
/* eslint-disable @typescript-eslint/unbound-method */
describe('installTripwire', () => {
  it('is installed by the test setup, and a second call changes nothing it replaced', () => {
    expect(isTripwireInstalled()).toBe(true)
    const guarded = net.Socket.prototype.connect
    installTripwire({ allowLoopback: true })
    expect(net.Socket.prototype.connect).toBe(guarded)
  })

  it('replaces Node’s functions for good: they cannot be assigned or redefined back', () => {
    const guarded = net.Socket.prototype.connect
    const replacement = function connect() {
      return undefined
    }
    expect(() => {
      ;(net.Socket.prototype as { connect: unknown }).connect = replacement
    }).toThrow(TypeError)
    expect(() =>
      Object.defineProperty(net.Socket.prototype, 'connect', { value: replacement }),
    ).toThrow(TypeError)
    for (const [target, name] of [
      [net.Socket.prototype, 'connect'],
      [net.Server.prototype, 'listen'],
      [dgram.Socket.prototype, 'send'],
      [dns, 'lookup'],
      [dns.promises, 'resolveTxt'],
      [workerThreads, 'Worker'],
      [process, 'binding'],
    ] as const) {
      expect(Object.getOwnPropertyDescriptor(target, name), name).toMatchObject({
        writable: false,
        configurable: false,
      })
    }
    expect(net.Socket.prototype.connect).toBe(guarded)
  })

  it('lets loopback through while open: a literal address and localhost (pinned to loopback answers)', async () => {
    expect(await greeting(net.connect(port, '127.0.0.1'))).toBe('hi')
    expect(await greeting(net.connect({ host: 'localhost', port, family: 4 }))).toBe('hi')
    await expect(dns.promises.lookup('localhost')).resolves.toBeDefined()
  })

  it('leaves Unix sockets open while loopback is open: they never leave the machine', async () => {
    const path = join(tempDir(), 's.sock')
    const local = createServer((socket) => socket.end('local'))
    await new Promise<void>((resolve) => local.listen(path, resolve))
    try {
      expect(await greeting(net.connect(path))).toBe('local')
    } finally {
      await new Promise((resolve) => local.close(resolve))
    }
  })

  it('refuses a server on every interface even in tests', () => {
    const open = createServer()
    expect(() => open.listen(0)).toThrow(expect.objectContaining({ code: 'tripwire' }))
    expect(() => open.listen(0, '0.0.0.0')).toThrow(expect.objectContaining({ code: 'tripwire' }))
    expect(() => open.listen({ port: 0, host: '::' })).toThrow(
      expect.objectContaining({ code: 'tripwire' }),
    )
  })
})

const tempDir = useTempDir('earshot-tripwire-')
