import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EgressError } from '../../../src/core/egress/EgressError'
import {
  guardElectronNet,
  guardSessionNet,
  type UtilityScript,
} from '../../../src/main/guardElectronNet'

// Electron cannot run here; these stand-ins are shaped like Electron's `net`, `Session` (methods
// on a prototype, as Electron's are) and `utilityProcess`, and record whether an original ran.

function standIns() {
  const calls: string[] = []
  /** What each fork that got through was handed. */
  const forks: { args: unknown; options: unknown }[] = []
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
    fork: (modulePath: string, args?: string[], options?: object) => {
      calls.push(`fork ${modulePath}`)
      forks.push({ args, options })
      return { pid: 1 }
    },
  }
  return { calls, forks, net, Session, utilityProcess }
}

const workerPath = join('/opt/earshot/out/main', 'whisperWorker.js')
const worker: UtilityScript = {
  path: workerPath,
  execArgv: ['--expose-gc'],
  envNames: ['PATH', 'MALLOC_MMAP_THRESHOLD_'],
  acceptsArgs: (args) => args.length === 0,
}
const decoder: UtilityScript = {
  path: '/opt/earshot/out/main/wasmDecoder.js',
  execArgv: [],
  envNames: ['TMPDIR'],
  acceptsArgs: (args) => args.length === 2 && args[0] === '--task=probe',
}
/** The options the engine passes for the whisper worker (forkUtilityWhisperWorker.ts). */
const workerOptions = {
  serviceName: 'Earshot transcription',
  env: { PATH: '/usr/bin', MALLOC_MMAP_THRESHOLD_: '131072' },
  execArgv: ['--expose-gc'],
  stdio: ['ignore', 'ignore', 'pipe'],
}

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
    const { calls, forks, net, utilityProcess } = standIns()
    guardElectronNet({ net, utilityProcess, utilityScripts: [worker] })
    const samePath = join('/opt/earshot/out/main/../main', 'whisperWorker.js')
    expect(utilityProcess.fork(samePath, [], workerOptions)).toEqual({ pid: 1 })
    expectTrip(() => utilityProcess.fork('/tmp/evil.js'), 'utilityProcess.fork: /tmp/evil.js')
    expect(calls).toEqual([`fork ${samePath}`])
    expect(forks).toEqual([{ args: [], options: workerOptions }])
  })

  it.each([
    ['--inspect', ['--expose-gc', '--inspect=0.0.0.0:9229']],
    ['--require', ['--expose-gc', '--require', '/tmp/leak.cjs']],
    ['--import', ['--import', 'data:text/javascript,0']],
    ['no --expose-gc', []],
    ['a flag that is not a string', [{ toString: (): string => '--inspect' }]],
  ])('refuses a utilityProcess.fork of an allowed script with execArgv %s', (_label, execArgv) => {
    const { calls, net, utilityProcess } = standIns()
    guardElectronNet({ net, utilityProcess, utilityScripts: [worker] })
    const fork = utilityProcess.fork as (path: string, args: unknown, options: unknown) => unknown
    expectTrip(
      () => fork(workerPath, [], { ...workerOptions, execArgv }),
      `utilityProcess.fork: ${workerPath} with execArgv`,
    )
    expect(calls).toEqual([])
  })

  it.each([
    ['an option it does not use (cwd)', { ...workerOptions, cwd: '/tmp' }, 'with option cwd'],
    [
      'loading unsigned libraries',
      { ...workerOptions, allowLoadingUnsignedLibraries: true },
      'with option allowLoadingUnsignedLibraries',
    ],
    [
      'NODE_OPTIONS in env',
      { ...workerOptions, env: { ...workerOptions.env, NODE_OPTIONS: '--require /tmp/x.cjs' } },
      'with env NODE_OPTIONS',
    ],
    [
      'LD_PRELOAD in env',
      { ...workerOptions, env: { LD_PRELOAD: '/tmp/x.so' } },
      'with env LD_PRELOAD',
    ],
    ['stdio inherited', { ...workerOptions, stdio: 'inherit' }, 'with stdio'],
    ['options that are not an object', 'oops', 'with options'],
  ])('refuses a utilityProcess.fork of an allowed script with %s', (_label, options, reason) => {
    const { calls, net, utilityProcess } = standIns()
    guardElectronNet({ net, utilityProcess, utilityScripts: [worker] })
    const fork = utilityProcess.fork as (path: string, args: unknown, options: unknown) => unknown
    expectTrip(() => fork(workerPath, [], options), `utilityProcess.fork: ${workerPath} ${reason}`)
    expect(calls).toEqual([])
  })

  it('refuses arguments the engine would not build for that script', () => {
    const { calls, net, utilityProcess } = standIns()
    guardElectronNet({ net, utilityProcess, utilityScripts: [worker, decoder] })
    expectTrip(
      () => utilityProcess.fork(workerPath, ['--inspect']),
      `utilityProcess.fork: ${workerPath} with arguments`,
    )
    expectTrip(
      () => utilityProcess.fork(decoder.path, ['--task=decode', '--input=/a.wav']),
      `utilityProcess.fork: ${decoder.path} with arguments`,
    )
    expect(utilityProcess.fork(decoder.path, ['--task=probe', '--input=/a.wav'])).toEqual({
      pid: 1,
    })
    expect(calls).toHaveLength(1)
  })

  it('hands on the values it checked, not a getter that changes after the check', () => {
    const { forks, net, utilityProcess } = standIns()
    guardElectronNet({ net, utilityProcess, utilityScripts: [worker] })
    let reads = 0
    const options = {
      ...workerOptions,
      get execArgv() {
        reads++
        return reads === 1 ? ['--expose-gc'] : ['--inspect']
      },
    }
    utilityProcess.fork(workerPath, [], options)
    expect(forks).toEqual([{ args: [], options: workerOptions }])
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
