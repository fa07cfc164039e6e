import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttemptOutcome } from './support/netnsAttack'
import {
  attemptsOf,
  repoUrl,
  startNetns,
  totalArrivals,
  tripwireAsCli,
  type AttackResult,
  type Netns,
} from './support/netns'

// Red team, issue 9: every road around the gate, tried the way the independent review tried them.
// Each attack is a fresh Node process inside a network namespace this file creates, with the
// tripwire installed exactly as the CLI installs it (its first module), against listeners on the
// non-loopback address 198.18.0.1 (TCP 7000/80/443/53, UDP 7001/53, DNS answered there), a
// "local proxy" on 127.0.0.1:9050, and, for servers, a peer connecting in from 198.18.0.1. What
// counts is what arrived: zero, and every attempt refused by the tripwire.

let netns: Netns
beforeAll(async () => {
  netns = await startNetns()
})
afterAll(async () => {
  await netns.close()
})

interface Road extends AttackResult {
  attempts: AttemptOutcome[]
}

async function road(body: string, options: { probePort?: number; tripwire?: boolean } = {}) {
  const opening =
    options.tripwire === false
      ? `import { attempt, linger, target } from ${JSON.stringify(repoUrl('test/redteam/support/netnsAttack.ts'))}\n`
      : tripwireAsCli
  const result = await netns.run({
    script: `${opening}${body}\nawait linger()\nprocess.exit(0)\n`,
    ...(options.probePort !== undefined && { probePort: options.probePort }),
  })
  return { ...result, attempts: attemptsOf(result.stdout) } satisfies Road
}

/** Every attempt refused (by a trip, unless named in `untripped`), and nothing arrived anywhere. */
function expectClosed(result: Road, count: number, untripped: string[] = []): void {
  expect(result.exitCode, result.stderr).toBe(0)
  expect(result.attempts.map((a) => a.name)).toHaveLength(count)
  for (const outcome of result.attempts) {
    expect(outcome, outcome.name).toMatchObject({ result: 'refused' })
    if (!untripped.includes(outcome.name)) {
      expect(outcome.trips, `${outcome.name}: ${outcome.message ?? ''}`).toBeGreaterThan(0)
    }
  }
  expect(result.arrivals).toMatchObject({ dnsNames: [] })
  expect(totalArrivals(result.arrivals)).toBe(0)
}

const pcm = `Buffer.from('RIFF\\x24\\x00\\x00\\x00WAVEfmt ')`

describe('red team: around the gate, in a network namespace (tripwire as the CLI installs it)', () => {
  it('control: without the tripwire the same roads deliver, so these tests can fail', async () => {
    const result = await road(
      `
      import net from 'node:net'
      import dgram from 'node:dgram'
      import dns from 'node:dns'
      await attempt('tcp', () => net.connect({ host: target, port: 7000, path: '' }).on('connect', function () { this.write('x') }))
      const udp = dgram.createSocket('udp4')
      await attempt('udp', () => new Promise((done, fail) => udp.send('pcm', 0, 3, '7001', target, (e) => (e ? fail(e) : done()))))
      await attempt('dns', () => dns.promises.resolveTxt('52494646.media-drop.example').catch(() => undefined))
      await attempt('proxy', () => net.connect(9050, '127.0.0.1'))
      await attempt('listen', () => net.createServer((s) => s.end('RIFF')).listen(7100))
      await linger(800)
      `,
      { tripwire: false, probePort: 7100 },
    )
    expect(result.attempts.map((a) => a.result)).toEqual(['open', 'open', 'open', 'open', 'open'])
    expect(result.arrivals.tcpConnections).toBe(1)
    expect(result.arrivals.udpDatagrams).toBeGreaterThanOrEqual(1)
    expect(result.arrivals.dnsNames).toContain('52494646.media-drop.example')
    expect(result.arrivals.loopbackConnections).toBe(1)
    expect(result.arrivals.inboundBytes).toBeGreaterThan(0)
  })

  it('control: the gate’s own connections still get out, to a backend off loopback, on it, and by name', async () => {
    const result = await road(`
      import { EgressGate } from ${JSON.stringify(repoUrl('src/core/egress/EgressGate.ts'))}
      for (const url of ['https://' + target, 'http://127.0.0.1:9050', 'https://backend.example']) {
        const gate = new EgressGate({
          auditSink: { append: async () => undefined },
          clock: () => new Date(),
          backend: { url, token: 'redteam-token-0123456789abcdef' },
          timeouts: { connectMs: 500, totalMs: 500 },
        })
        await attempt('gate ' + url, () => gate.send({ purpose: 'connection-test', url: url + '/v1/health', method: 'GET', headers: { authorization: 'Bearer redteam-token-0123456789abcdef' } }))
      }
    `)
    expect(result.exitCode, result.stderr).toBe(0)
    // Both fail (no TLS, no HTTP answer there), on the network: not at the tripwire.
    for (const outcome of result.attempts) {
      expect(outcome, outcome.message).toMatchObject({ trips: 0 })
      expect(outcome.code).toMatch(/^(network-error|timeout)$/)
    }
    expect(result.arrivals.tcpConnections).toBeGreaterThan(0)
    expect(result.arrivals.loopbackConnections).toBeGreaterThan(0)
    // The gate's own name lookup passes both walls: its question reached the namespace's resolver.
    expect(result.arrivals.dnsNames).toContain('backend.example')
  })

  it('road 1: net.connect({ host, port, path: "" })', async () => {
    expectClosed(
      await road(`
        import net from 'node:net'
        await attempt('net.connect path ""', () => net.connect({ host: target, port: 7000, path: '' }))
        await attempt('net.createConnection path ""', () => net.createConnection({ host: target, port: 7000, path: '' }))
      `),
      2,
    )
  })

  it('road 2: tls.connect({ host, port, path: "" })', async () => {
    expectClosed(
      await road(`
        import tls from 'node:tls'
        await attempt('tls.connect path ""', () => tls.connect({ host: target, port: 443, path: '', rejectUnauthorized: false }))
      `),
      1,
    )
  })

  it('road 3: http.request with a createConnection that passes path ""', async () => {
    expectClosed(
      await road(`
        import http from 'node:http'
        import net from 'node:net'
        await attempt('http.request createConnection', () => {
          const request = http.request({ host: target, port: 80, method: 'POST', createConnection: (o) => net.connect({ ...o, path: '' }) })
          request.end('RIFF')
          return request
        })
        class Leaky extends http.Agent {
          createConnection(o, cb) { return net.connect({ host: target, port: 7000, path: '' }, cb) }
        }
        await attempt('http.Agent subclass', () => http.get({ host: '127.0.0.1', port: 9050, agent: new Leaky() }))
      `),
      2,
    )
  })

  it('road 4: dgram, every send overload (string ports too), connect, a custom lookup, a natively connected handle', async () => {
    expectClosed(
      await road(`
        import dgram from 'node:dgram'
        const msg = ${pcm}
        const socket = dgram.createSocket('udp4')
        await new Promise((done) => socket.bind(0, done))
        const sent = (...args) => () => new Promise((done, fail) => socket.send(...args, (e) => (e ? fail(e) : done())))
        await attempt('send(msg, 0, len, "7001", host)', sent(msg, 0, msg.length, '7001', target))
        await attempt('send(msg, "7001", host)', sent(msg, '7001', target))
        await attempt('send([msg], 7001, host)', sent([msg], 7001, target))
        await attempt('send(msg, 0, len, 7001, host)', sent(msg, 0, msg.length, 7001, target))
        await attempt('send(msg, 7001) to the default loopback', sent(msg, 7001))
        await attempt('connect("7001", host)', () => new Promise((done, fail) => { socket.once('error', fail); socket.connect('7001', target, done) }))
        const looked = dgram.createSocket({ type: 'udp4', lookup: (h, o, cb) => cb(null, target, 4) })
        await attempt('custom lookup: localhost answers the target', () => new Promise((done, fail) => looked.send(msg, 7001, 'localhost', (e) => (e ? fail(e) : done()))))
        const raw = dgram.createSocket('udp4')
        await new Promise((done) => raw.bind(0, done))
        const state = raw[Object.getOwnPropertySymbols(raw).find((s) => s.description === 'state symbol')]
        await attempt('native handle connect, then send', () => {
          const err = state.handle.connect(target, 7001)
          if (err !== 0) throw Object.assign(new Error('native connect refused'), { code: String(err) })
          return new Promise((done, fail) => raw.send(msg, (e) => (e ? fail(e) : done())))
        })
        await attempt('native handle send with an address', () => {
          const err = state.handle.send({}, [msg], 1, 7001, target, false)
          if (err !== 0) throw Object.assign(new Error('native send refused'), { code: String(err) })
        })
        await attempt('multicast join', () => socket.addMembership('239.1.2.3'))
      `),
      10,
    )
  })

  it('road 5: a forged gate pass (the old global counter, a second claim, the old pristine slot)', async () => {
    expectClosed(
      await road(`
        import net from 'node:net'
        import { claimGatePass } from ${JSON.stringify(repoUrl('src/core/egress/gatePass.ts'))}
        const key = Symbol.for('earshot.egress.gatePass')
        globalThis[key] ??= { depth: 0 }
        globalThis[key].depth++
        await attempt('globalThis gate pass depth++', () => net.connect(7000, target))
        await attempt('claim the gate pass again', () => claimGatePass().connect({ host: target, port: 7000 }))
        await attempt('pristine functions on globalThis', () => {
          const pristine = globalThis[Symbol.for('earshot.egress.pristineNetwork')]
          if (pristine === undefined) throw new Error('no pristine functions anywhere global')
          return pristine.socketConnect.call(new net.Socket(), 7000, target)
        })
      `),
      3,
      ['claim the gate pass again', 'pristine functions on globalThis'],
    )
  })

  it('road 6: process.binding and _linkedBinding, and a raw TCP handle from a server’s handle', async () => {
    expectClosed(
      await road(`
        import net from 'node:net'
        import { allowLoopbackListener } from ${JSON.stringify(repoUrl('src/core/egress/allowLoopbackListener.ts'))}
        for (const name of ['tcp_wrap', 'udp_wrap', 'pipe_wrap', 'tls_wrap', 'stream_wrap', 'js_stream', 'cares_wrap', 'process_wrap', 'spawn_sync', 'tty_wrap', 'inspector']) {
          await attempt('process.binding ' + name, () => process.binding(name))
        }
        await attempt('process._linkedBinding', () => process._linkedBinding('tcp_wrap'))
        const server = net.createServer()
        allowLoopbackListener(server)
        await new Promise((done) => server.listen(0, '127.0.0.1', done))
        const TCP = server._handle.constructor
        await attempt('new TCP().connect from a server handle’s constructor', () => {
          const err = new TCP(0).connect({}, target, 7000)
          if (err !== 0) throw Object.assign(new Error('native connect refused'), { code: String(err) })
        })
        await attempt('new TCP() bound to 0.0.0.0 and listening', () => {
          const handle = new TCP(1)
          handle.bind('0.0.0.0', 7100)
          const err = handle.listen(5)
          if (err !== 0) throw Object.assign(new Error('native listen refused'), { code: String(err) })
        })
        server.close()
        const { copyFileSync } = await import('node:fs')
        copyFileSync(${JSON.stringify(repoUrl('node_modules/better-sqlite3/build/Release/better_sqlite3.node').replace('file://', ''))}, 'addon.node')
        await attempt('process.dlopen of an addon outside node_modules', () => process.dlopen({ exports: {} }, process.cwd() + '/addon.node'))
      `),
      15,
    )
  })

  it('road 7: worker threads (eval, data: URLs, our own files, execArgv), and loader hooks', async () => {
    expectClosed(
      await road(`
        import { writeFileSync } from 'node:fs'
        import { Worker } from 'node:worker_threads'
        const leak = "require('node:net').connect(7000, '" + target + "')"
        const started = (w) => new Promise((done, fail) => { w.once('online', done); w.once('error', fail) })
        await attempt('new Worker(code, { eval: true })', () => started(new Worker(leak, { eval: true })))
        await attempt('new Worker(data: URL)', () => started(new Worker(new URL('data:text/javascript,' + encodeURIComponent(leak)))))
        writeFileSync('leak.mjs', "import net from 'node:net'; net.connect(7000, '" + target + "')")
        await attempt('new Worker(a file of its own)', () => started(new Worker(new URL('leak.mjs', 'file://' + process.cwd() + '/'))))
        // The ffmpeg.wasm decoder is a process now: its script is no worker either.
        await attempt('new Worker(the wasm decoder script) with execArgv', () => started(new Worker(new URL(${JSON.stringify(repoUrl('src/core/media/wasmDecoder.ts'))}), { execArgv: ['--expose-internals'] })))
        const { register } = await import('node:module')
        await attempt('module.register: a hook module runs in the loader thread', () => register('data:text/javascript,' + encodeURIComponent("import net from 'node:net'; net.connect(7000, '" + target + "')")))
      `),
      5,
    )
  })

  it('road 9: DNS (lookup, resolver queries, Resolver instances, dns.promises, setServers, reverse)', async () => {
    expectClosed(
      await road(`
        import dns from 'node:dns'
        import dnsPromises from 'node:dns/promises'
        import net from 'node:net'
        const name = '52494646.media-drop.example'
        await attempt('dns.lookup', () => new Promise((done, fail) => dns.lookup(name, (e) => (e ? fail(e) : done()))))
        await attempt('dns.promises.lookup', () => dns.promises.lookup(name))
        await attempt('dns/promises lookup', () => dnsPromises.lookup(name))
        await attempt('dns.resolveTxt', () => new Promise((done, fail) => dns.resolveTxt(name, (e) => (e ? fail(e) : done()))))
        await attempt('new dns.Resolver().resolve4', () => new Promise((done, fail) => { const r = new dns.Resolver(); r.setServers([target]); r.resolve4(name, (e) => (e ? fail(e) : done())) }))
        await attempt('new dns.promises.Resolver().resolveTxt', () => { const r = new dns.promises.Resolver(); r.setServers([target]); return r.resolveTxt(name) })
        await attempt('dns.setServers, then resolve', () => { dns.setServers([target]); return dns.promises.resolve(name, 'A') })
        await attempt('dns.lookupService', () => dns.promises.lookupService(target, 22))
        await attempt('dns.reverse', () => dns.promises.reverse(target))
        await attempt('a socket to a name', () => net.connect(7000, name))
      `),
      10,
    )
  })

  it('road 10: servers on 0.0.0.0, ::, or no host (a peer connects in from 198.18.0.1)', async () => {
    expectClosed(
      await road(
        `
        import http from 'node:http'
        import net from 'node:net'
        import { allowLoopbackListener } from ${JSON.stringify(repoUrl('src/core/egress/allowLoopbackListener.ts'))}
        const serve = () => net.createServer((s) => s.end('RIFF'))
        await attempt('listen(port)', () => serve().listen(7100))
        await attempt('listen(port, "0.0.0.0")', () => serve().listen(7100, '0.0.0.0'))
        await attempt('listen({ host: "::" })', () => serve().listen({ port: 7100, host: '::' }))
        await attempt('listen(port, the non-loopback address)', () => serve().listen(7100, target))
        await attempt('http server, no host', () => http.createServer((q, r) => r.end('RIFF')).listen(7100))
        const approved = serve()
        allowLoopbackListener(approved)
        await attempt('an allowed server on 0.0.0.0', () => approved.listen(7100, '0.0.0.0'))
        await attempt('a loopback server not allowed', () => serve().listen(7100, '127.0.0.1'))
        await attempt('inspector.open on every interface', async () => (await import('node:inspector')).open(7100, '0.0.0.0'))
        await linger(600)
      `,
        { probePort: 7100 },
      ),
      8,
    )
  })

  it('loopback is no free pass: a local SOCKS/HTTP proxy on 127.0.0.1:9050, localhost, a Unix socket', async () => {
    expectClosed(
      await road(`
        import http from 'node:http'
        import net from 'node:net'
        await attempt('net.connect to 127.0.0.1:9050', () => net.connect(9050, '127.0.0.1'))
        await attempt('net.connect to localhost:9050', () => net.connect(9050, 'localhost'))
        await attempt('http via the proxy', () => http.get({ host: '127.0.0.1', port: 9050, path: 'http://' + target + '/' }))
        await attempt('fetch via the proxy', () => fetch('http://127.0.0.1:9050/'))
        await attempt('a Unix socket', () => net.connect('/tmp/.earshot-proxy.sock'))
        await attempt('the tripwire reopened', () => import(${JSON.stringify(repoUrl('src/core/egress/tripwire.ts'))}).then((m) => m.installTripwire({ allowLoopback: true })))
        await attempt('after trying to reopen', () => net.connect(9050, '127.0.0.1'))
      `),
      7,
      ['a Unix socket', 'the tripwire reopened'],
    )
  })

  it('http2, https, fetch, and undici Agents, Clients and Pools made directly', async () => {
    expectClosed(
      await road(`
        import http2 from 'node:http2'
        import https from 'node:https'
        import * as undici from ${JSON.stringify(repoUrl('node_modules/undici/index.js'))}
        const url = 'http://' + target + ':7000/'
        await attempt('http2.connect', () => http2.connect(url))
        await attempt('https.request', () => https.request('https://' + target + '/', { rejectUnauthorized: false }).end())
        await attempt('fetch', () => fetch(url, { method: 'POST', body: 'RIFF' }))
        const NodeAgent = globalThis[Symbol.for('undici.globalDispatcher.1')].constructor
        await attempt('fetch with a new Agent of Node’s undici', () => fetch(url, { dispatcher: new NodeAgent() }))
        await attempt('undici.Client', () => new undici.Client(url).request({ path: '/', method: 'GET' }))
        await attempt('undici.Pool', () => new undici.Pool(url).request({ path: '/', method: 'GET' }))
        await attempt('undici.Agent', () => undici.request(url, { dispatcher: new undici.Agent() }))
        await attempt('undici.fetch', () => undici.fetch(url))
      `),
      8,
    )
  })

  it('net.Socket made directly, a lookup option, and host spellings (mapped IPv6, decimal, hex, octal)', async () => {
    expectClosed(
      await road(`
        import net from 'node:net'
        import tls from 'node:tls'
        const lookup = (h, o, cb) => (o && o.all ? cb(null, [{ address: target, family: 4 }]) : cb(null, target, 4))
        await attempt('new net.Socket().connect', () => new net.Socket().connect({ host: target, port: 7000 }))
        await attempt('localhost with a lookup that answers the target', () => new net.Socket().connect({ host: 'localhost', port: 7000, lookup }))
        await attempt('a name with a lookup that answers the target', () => net.connect({ host: 'media-drop.example', port: 7000, lookup }))
        await attempt('IPv4-mapped IPv6', () => net.connect(7000, '::ffff:' + target))
        const [a, b, c, d] = target.split('.').map(Number)
        const decimal = String(((a * 256 + b) * 256 + c) * 256 + d)
        await attempt('decimal', () => net.connect(7000, decimal))
        await attempt('hex', () => net.connect(7000, '0x' + Number(decimal).toString(16)))
        await attempt('octal', () => net.connect(7000, [a, b, c, d].map((n) => '0' + n.toString(8)).join('.')))
        await attempt('tls.TLSSocket over a raw socket', () => { const raw = new net.Socket(); const t = new tls.TLSSocket(raw); raw.connect(7000, target); return t })
        await attempt('a getter that answers loopback first', () => { let n = 0; return net.connect({ port: 7000, get host() { return n++ === 0 ? '127.0.0.1' : target } }) })
        const { createRequire } = await import('node:module')
        await attempt('net from module.createRequire', () => createRequire(import.meta.url)('net').connect(7000, target))
      `),
      10,
    )
  })
})
