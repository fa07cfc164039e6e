import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNetns, type Netns } from './support/netns'

// The harness itself: without a tripwire, every road it offers does deliver, so the attack tests
// that assert zero arrivals can fail.
let netns: Netns
beforeAll(async () => {
  netns = await startNetns()
})
afterAll(async () => {
  await netns.close()
})

describe('network-namespace red-team harness (control, no tripwire)', () => {
  it('counts a TCP connection and its bytes to the non-loopback address', async () => {
    const result = await netns.run({
      script: `
        import net from 'node:net'
        const socket = net.connect(7000, process.env.TARGET_HOST)
        socket.on('connect', () => socket.end('RIFF....WAVE'))
        socket.on('close', () => console.log('sent'))
      `,
    })
    expect(result.stdout).toContain('sent')
    expect(result.arrivals.tcpConnections).toBe(1)
    expect(result.arrivals.tcpBytes).toBe(12)
  })

  it('counts a UDP datagram, a DNS lookup through the system resolver, and a loopback proxy connection', async () => {
    const result = await netns.run({
      script: `
        import dgram from 'node:dgram'
        import dns from 'node:dns'
        import net from 'node:net'
        const udp = dgram.createSocket('udp4')
        await new Promise((done) => udp.send('pcm', 7001, process.env.TARGET_HOST, done))
        udp.close()
        await dns.promises.lookup('52494646.media-drop.example').catch(() => undefined)
        await new Promise((done) => net.connect(9050, '127.0.0.1').on('connect', function () { this.end('CONNECT'); done() }))
      `,
    })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.arrivals.udpDatagrams).toBeGreaterThanOrEqual(2)
    expect(result.arrivals.dnsNames).toContain('52494646.media-drop.example')
    expect(result.arrivals.loopbackConnections).toBe(1)
  })
})
