import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EgressError } from '../../../src/core/egress/EgressError'
import { guardElectronNet, guardSessionNet } from '../../../src/main/guardElectronNet'

// Electron cannot run here; these stand-ins are shaped like Electron's `net`, `Session` (methods
// on a prototype, as Electron's are) and `utilityProcess`, and record whether an original ran.

function standIns() {
  const calls: string[] = []
  const net = {
    request: (url: string) => calls.push(`request ${url}`),
    fetch: (url: string) => calls.push(`fetch ${url}`),
    resolveHost: (host: string) => calls.push(`resolveHost ${host}`),
    isOnline: () => true,
  }
  class Session {
    fetch(url: string) {
      return calls.push(`session.fetch ${url}`)
    }
    resolveHost(host: string) {
      return calls.push(`session.resolveHost ${host}`)
    }
    preconnect(options: { url: string }) {
      return calls.push(`preconnect ${options.url}`)
    }
    downloadURL(url: string) {
      return calls.push(`downloadURL ${url}`)
    }
    setProxy(config: { proxyRules: string }) {
      return calls.push(`setProxy ${config.proxyRules}`)
    }
    closeAllConnections() {
      return calls.push('closeAllConnections')
    }
  }
  const utilityProcess = {
    fork: (modulePath: string) => {
      calls.push(`fork ${modulePath}`)
      return { pid: 1 }
    },
  }
  return { calls, net, Session, utilityProcess }
}

const worker = join('/opt/earshot/out/main', 'whisperWorker.js')

function expectTrip(run: () => unknown, target: string): void {
  let thrown: unknown
  try {
    run()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(EgressError)
  expect((thrown as EgressError).code).toBe('tripwire')
  expect((thrown as EgressError).message).toContain(target)
}

describe('guardElectronNet (issue 9)', () => {
  it('refuses net.request, net.fetch and net.resolveHost, and leaves the rest', () => {
    const { calls, net, utilityProcess } = standIns()
    expect(guardElectronNet({ net, utilityProcess, utilityScripts: [worker] })).toEqual([])
    expectTrip(() => net.request('https://example.com/a'), 'net.request: https://example.com/a')
    expectTrip(() => net.fetch('https://example.com/b'), 'net.fetch: https://example.com/b')
    expectTrip(() => net.resolveHost('example.com'), 'net.resolveHost: example.com')
    expect(net.isOnline()).toBe(true)
    expect(calls).toEqual([])
  })

  it('lets utilityProcess.fork start the whisper worker only', () => {
    const { calls, net, utilityProcess } = standIns()
    guardElectronNet({ net, utilityProcess, utilityScripts: [worker] })
    expect(utilityProcess.fork(join('/opt/earshot/out/main/../main', 'whisperWorker.js'))).toEqual({
      pid: 1,
    })
    expectTrip(() => utilityProcess.fork('/tmp/evil.js'), 'utilityProcess.fork: /tmp/evil.js')
    expect(calls).toEqual([`fork ${join('/opt/earshot/out/main/../main', 'whisperWorker.js')}`])
  })

  it('locks the replacements: neither assignment nor defineProperty restores them', () => {
    const { calls, net, utilityProcess } = standIns()
    const original = net.fetch
    guardElectronNet({ net, utilityProcess, utilityScripts: [] })
    expect(() => {
      net.fetch = original
    }).toThrow(TypeError)
    expect(() => Object.defineProperty(net, 'fetch', { value: original })).toThrow(TypeError)
    expect(() => Object.defineProperty(utilityProcess, 'fork', { value: () => 0 })).toThrow(
      TypeError,
    )
    expectTrip(() => net.fetch('https://example.com/'), 'net.fetch')
    expect(calls).toEqual([])
  })

  it('reports an entry point it cannot lock instead of failing the start', () => {
    const { utilityProcess } = standIns()
    const net = {}
    Object.defineProperty(net, 'fetch', { value: () => 'out', configurable: false })
    expect(guardElectronNet({ net, utilityProcess, utilityScripts: [] })).toEqual(['net.fetch'])
  })
})

describe('guardSessionNet (issue 9)', () => {
  it("refuses a session's fetch, resolveHost, preconnect, downloadURL and setProxy", () => {
    const { calls, Session } = standIns()
    const session = new Session()
    expect(guardSessionNet(session)).toEqual([])
    expectTrip(() => session.fetch('https://example.com/f'), 'session.fetch: https://example.com/f')
    expectTrip(() => session.resolveHost('example.com'), 'session.resolveHost: example.com')
    expectTrip(
      () => session.preconnect({ url: 'https://example.com/' }),
      'session.preconnect: https://example.com/',
    )
    expectTrip(() => session.downloadURL('https://example.com/d'), 'session.downloadURL')
    expectTrip(() => session.setProxy({ proxyRules: 'socks5://10.0.0.1' }), 'session.setProxy')
    session.closeAllConnections()
    expect(calls).toEqual(['closeAllConnections'])
  })

  it('closes the prototype too, and guards a second session the same way', () => {
    const { calls, Session } = standIns()
    const first = new Session()
    guardSessionNet(first)
    const second = new Session()
    expect(guardSessionNet(second)).toEqual([])
    expectTrip(
      () => (Session.prototype.fetch as (url: string) => unknown).call(first, 'https://x.test/'),
      'session.fetch',
    )
    expectTrip(() => second.resolveHost('x.test'), 'session.resolveHost')
    expect(guardSessionNet(first)).toEqual([])
    expect(() => {
      first.fetch = () => 0
    }).toThrow(TypeError)
    expect(calls).toEqual([])
  })
})
