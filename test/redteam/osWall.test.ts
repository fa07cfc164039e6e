import { readlinkSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchEngineProcess } from '../../src/core/egress/childProcessGuard'
import { osNetworkWall } from '../../src/core/egress/osNetworkWall'
import type { WorkerToHostMessage } from '../../src/core/transcribe/workerMessages'
import { microModel } from '../integration/transcribe/support/fixtures'
import { repoUrl, startNetns, totalArrivals, type Netns } from './support/netns'

// The second wall (issue 9): the processes that touch media get no network from the kernel, not
// from a JavaScript check. The proof runs a Node process with no tripwire at all behind the wall,
// inside a namespace the test made, against a listener on a non-loopback address there; the
// control is the same process without the wall.

const connectAndReport = `
  const socket = require('net').connect(7000, process.env.TARGET_HOST)
  socket.on('connect', () => { socket.end('RIFF....WAVE'); console.log('RESULT connected') })
  socket.on('error', (error) => console.log('RESULT ' + error.code))
`

function attackScript(walled: boolean): string {
  return `
    import { spawnSync } from 'node:child_process'
    import { osNetworkWall } from ${JSON.stringify(repoUrl('src/core/egress/osNetworkWall.ts'))}
    const wall = osNetworkWall()
    const [file, ...prefix] = ${walled ? 'wall.prefix' : '[]'}
    const run = file === undefined
      ? spawnSync(process.execPath, ['-e', ${JSON.stringify(connectAndReport)}], { encoding: 'utf8' })
      : spawnSync(file, [...prefix, process.execPath, '-e', ${JSON.stringify(connectAndReport)}], { encoding: 'utf8' })
    console.log('WALL ' + wall.kind)
    process.stdout.write(run.stdout + run.stderr)
  `
}

/** The wrapper execs the program in place: until then the pid is still in the outer namespace. */
async function netNamespaceOf(pid: number | undefined): Promise<string> {
  const outer = readlinkSync('/proc/self/ns/net')
  for (let tries = 0; tries < 100; tries++) {
    const current = readlinkSync(`/proc/${String(pid)}/ns/net`)
    if (current !== outer) return current
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return outer
}

let netns: Netns
beforeAll(async () => {
  netns = await startNetns()
})
afterAll(async () => {
  await netns.close()
})

describe('red team: the OS network wall around media processes (Linux)', () => {
  it('this machine has the wall: a private user + network namespace', () => {
    expect(osNetworkWall()).toMatchObject({ kind: 'linux-netns' })
  })

  it('control: the same Node process without the wall reaches the non-loopback listener', async () => {
    const result = await netns.run({ script: attackScript(false) })
    expect(result.stdout, result.stderr).toContain('RESULT connected')
    expect(result.arrivals.tcpConnections).toBe(1)
  })

  it('behind the wall, a Node process with no tripwire fails for lack of a route (ENETUNREACH) and nothing arrives', async () => {
    const result = await netns.run({ script: attackScript(true) })
    expect(result.stdout, result.stderr).toContain('WALL linux-netns')
    expect(result.stdout).toContain('RESULT ENETUNREACH')
    expect(totalArrivals(result.arrivals)).toBe(0)
  })

  it('the whisper worker starts in a network namespace of its own, and its IPC channel still works through the wrapper', async () => {
    const worker = launchEngineProcess({ kind: 'whisper-worker' })
    try {
      const answer = new Promise<WorkerToHostMessage>((resolve) => {
        worker.once('message', (message) => {
          resolve(message as WorkerToHostMessage)
        })
      })
      worker.send({ type: 'init', modelPath: await microModel() })
      expect(await netNamespaceOf(worker.pid)).not.toBe(readlinkSync('/proc/self/ns/net'))
      await expect(answer).resolves.toMatchObject({ type: 'ready' })
    } finally {
      worker.kill('SIGKILL')
    }
  })

  it('ffmpeg is started in a network namespace of its own', async () => {
    const ffmpeg = launchEngineProcess({
      kind: 'ffmpeg',
      binaries: { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe', source: 'path' },
      input: '/dev/zero',
      layout: 'mono',
    })
    try {
      expect(await netNamespaceOf(ffmpeg.pid)).not.toBe(readlinkSync('/proc/self/ns/net'))
    } finally {
      ffmpeg.kill('SIGKILL')
      await new Promise((resolve) => ffmpeg.once('close', resolve))
    }
  })
})
