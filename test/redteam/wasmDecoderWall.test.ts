import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { media } from '../support/mediaFixtures'
import { printedLine, repoUrl, startNetns, totalArrivals, type Netns } from './support/netns'

// The ffmpeg.wasm decoder was a worker thread of the app, so no OS wall could hold it apart from
// the app (issue 9). Now it is a process started by launchEngineProcess behind the wall. The proof
// runs inside a namespace this test made, with a listener on a non-loopback address there: the
// decoder's own network namespace has no route (its routing table, read from /proc/<pid>/net,
// is empty), and a Node program with no tripwire at all, entered into that namespace while the
// decoder runs, fails to connect with ENETUNREACH from the kernel. The control makes the same
// connection from the namespace the decoder was started in, and it arrives.

const connectAndReport = `
  const socket = require('net').connect(7000, process.env.TARGET_HOST)
  socket.on('connect', () => { socket.end('RIFF....WAVE'); console.log('RESULT connected') })
  socket.on('error', (error) => console.log('RESULT ' + error.code))
`

function attackScript(file: string): string {
  return `
    import { spawnSync } from 'node:child_process'
    import { readFileSync, readlinkSync } from 'node:fs'
    import { forkWasmDecoder } from ${JSON.stringify(repoUrl('src/core/media/forkWasmDecoder.ts'))}
    import { NativeFfmpeg } from ${JSON.stringify(repoUrl('src/core/media/NativeFfmpeg.ts'))}
    import { WasmFfmpeg } from ${JSON.stringify(repoUrl('src/core/media/WasmFfmpeg.ts'))}
    import { osNetworkWall } from ${JSON.stringify(repoUrl('src/core/egress/osNetworkWall.ts'))}
    console.log('WALL ' + osNetworkWall().kind)
    const connectFrom = (prefix) => {
      const run = spawnSync(prefix[0] ?? process.execPath, [...prefix.slice(1), ...(prefix.length > 0 ? [process.execPath] : []), '-e', ${JSON.stringify(connectAndReport)}], { encoding: 'utf8', env: { TARGET_HOST: process.env.TARGET_HOST } })
      return (run.stdout + run.stderr).trim()
    }
    console.log('CONTROL ' + connectFrom([]))
    let started
    const decoderStarted = new Promise((resolve) => (started = resolve))
    const wasm = new WasmFfmpeg({ spawnDecoder: (task) => { const handle = forkWasmDecoder(task); started(handle.pid); return handle } })
    const chunks = wasm.decodeToPcm(${JSON.stringify(file)})[Symbol.asyncIterator]()
    const first = chunks.next()
    const pid = await decoderStarted
    // unshare(1) makes the namespaces, then execs Node in place: wait until the pid is in its own.
    const outer = readlinkSync('/proc/self/ns/net')
    for (let tries = 0; tries < 200 && readlinkSync('/proc/' + pid + '/ns/net') === outer; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    console.log('OWN-NETNS ' + (readlinkSync('/proc/' + pid + '/ns/net') !== outer))
    const routes = readFileSync('/proc/' + pid + '/net/route', 'utf8').trim().split('\\n').slice(1)
    console.log('ROUTES ' + routes.length)
    console.log('WALLED ' + connectFrom(['/usr/bin/nsenter', '--target', String(pid), '--net', '--']))
    console.log('STILL-RUNNING ' + readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('wasmDecoder'))
    const parts = []
    for (let next = await first; !next.done; next = await chunks.next()) parts.push(next.value)
    const fromWasm = Float32Array.from(parts.flatMap((part) => [...part]))
    const nativeParts = []
    for await (const part of new NativeFfmpeg({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'path' }).decodeToPcm(${JSON.stringify(file)})) nativeParts.push(part)
    const fromNative = Float32Array.from(nativeParts.flatMap((part) => [...part]))
    let diff = 0
    for (let i = 0; i < fromNative.length; i++) diff = Math.max(diff, Math.abs((fromWasm[i] ?? 0) - (fromNative[i] ?? 0)))
    let energy = 0
    for (const sample of fromWasm) energy += sample * sample
    console.log('DECODED ' + JSON.stringify({ wasm: fromWasm.length, native: fromNative.length, diff, rms: Math.sqrt(energy / Math.max(1, fromWasm.length)) }))
  `
}

let netns: Netns
beforeAll(async () => {
  netns = await startNetns()
})
afterAll(async () => {
  await netns.close()
})

describe('red team: the ffmpeg.wasm decoder is a process behind the OS network wall (Linux)', () => {
  it('has no route anywhere: a connection from its namespace fails with ENETUNREACH, and it still decodes generated media as native ffmpeg does', async () => {
    const result = await netns.run({ script: attackScript(media.webm), timeoutMs: 60_000 })
    const out = result.stdout
    expect(printedLine(out, 'WALL'), result.stderr).toBe('linux-netns')
    // Control: the listener is reachable from where the decoder was started.
    expect(printedLine(out, 'CONTROL'), result.stderr).toBe('RESULT connected')
    expect(printedLine(out, 'OWN-NETNS')).toBe('true')
    expect(printedLine(out, 'ROUTES')).toBe('0')
    expect(printedLine(out, 'WALLED')).toBe('RESULT ENETUNREACH')
    expect(printedLine(out, 'STILL-RUNNING')).toBe('true')
    // The control's one connection is all that arrived.
    const controlBytes = 'RIFF....WAVE'.length
    expect(result.arrivals).toMatchObject({ tcpConnections: 1, tcpBytes: controlBytes })
    expect(totalArrivals(result.arrivals)).toBe(1 + controlBytes)
    const decoded = JSON.parse(printedLine(out, 'DECODED') || 'null') as {
      wasm: number
      native: number
      diff: number
      rms: number
    } | null
    expect(decoded, result.stderr).not.toBeNull()
    expect(decoded?.wasm).toBe(decoded?.native)
    expect(decoded?.native).toBeGreaterThan(16_000 * 5)
    expect(decoded?.diff).toBeLessThan(1e-5)
    expect(decoded?.rms).toBeGreaterThan(0.005)
  })
})
