import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { launchEngineProcess } from '../../src/core/egress/childProcessGuard'
import type { WorkerToHostMessage } from '../../src/core/transcribe/workerMessages'
import { microModel } from '../integration/transcribe/support/fixtures'
import { useTempDir } from '../support/tempDir'

// The whisper worker holds the decoded audio. Behind the OS wall it has no network, but code that
// an inherited variable loads into it (NODE_OPTIONS=--require, LD_PRELOAD) would run with that
// audio in reach and could write it anywhere the user can (issue 9: "the whisper worker inherits
// the parent's environment"). The worker gets only the variables it needs.

const tempDir = useTempDir('earshot-worker-env-')
const planted = ['NODE_OPTIONS', 'LD_PRELOAD', 'NODE_PATH', 'HTTPS_PROXY'] as const
const saved = new Map(planted.map((name) => [name, process.env[name]]))

afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) Reflect.deleteProperty(process.env, name)
    else process.env[name] = value
  }
})

async function startedWorkerEnvironment(): Promise<string[]> {
  const worker = launchEngineProcess({ kind: 'whisper-worker' })
  try {
    const answer = new Promise<WorkerToHostMessage>((resolve, reject) => {
      worker.once('message', (message) => {
        resolve(message as WorkerToHostMessage)
      })
      worker.once('exit', (code) => {
        reject(new Error(`worker exited with ${String(code)}`))
      })
    })
    worker.send({ type: 'init', modelPath: await microModel() })
    await expect(answer).resolves.toMatchObject({ type: 'ready' })
    const environ = readFileSync(`/proc/${String(worker.pid)}/environ`, 'utf8')
    return environ.split('\0').filter((entry) => entry !== '')
  } finally {
    worker.kill('SIGKILL')
  }
}

describe('red team: the whisper worker does not inherit code-loading variables', () => {
  it('NODE_OPTIONS=--require in the parent does not run its script in the worker', async () => {
    const marker = join(tempDir(), 'ran')
    const script = join(tempDir(), 'planted.cjs')
    writeFileSync(script, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')\n`)
    process.env.NODE_OPTIONS = `--require ${script}`
    const environment = await startedWorkerEnvironment()
    expect(existsSync(marker)).toBe(false)
    expect(environment.some((entry) => entry.startsWith('NODE_OPTIONS='))).toBe(false)
  })

  it('LD_PRELOAD, NODE_PATH and proxy settings stay out of the worker; the allocator setting is in', async () => {
    process.env.LD_PRELOAD = join(tempDir(), 'missing.so')
    process.env.NODE_PATH = tempDir()
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9050'
    const names = (await startedWorkerEnvironment()).map((entry) => entry.split('=', 1)[0])
    for (const name of ['LD_PRELOAD', 'NODE_PATH', 'HTTPS_PROXY']) expect(names).not.toContain(name)
    expect(names).toContain('MALLOC_MMAP_THRESHOLD_')
  })

  it('the ffmpeg.wasm decoder process gets only temp-folder variables, none of the planted ones', () => {
    process.env.NODE_OPTIONS = `--require ${join(tempDir(), 'planted.cjs')}`
    process.env.LD_PRELOAD = join(tempDir(), 'missing.so')
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9050'
    const decoder = launchEngineProcess({
      kind: 'wasm-decoder',
      task: { task: 'probe', input: join(tempDir(), 'none.wav') },
    })
    try {
      // Read at once: the wall's wrapper passes its environment on unchanged when it execs Node.
      const environ = readFileSync(`/proc/${String(decoder.pid)}/environ`, 'utf8')
      const names = environ
        .split('\0')
        .filter((entry) => entry !== '')
        .map((entry) => entry.split('=', 1)[0] ?? '')
      // Node adds its IPC channel's descriptor and mode for `process.send`.
      const allowed = [
        ...['TMPDIR', 'TMP', 'TEMP', 'SystemRoot'],
        ...['NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE'],
      ]
      for (const name of names) expect(allowed, name).toContain(name)
      expect(names).not.toContain('NODE_OPTIONS')
    } finally {
      decoder.kill('SIGKILL')
    }
  })
})
