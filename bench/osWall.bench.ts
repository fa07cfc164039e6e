// What the OS network wall costs (issue 9): whisper worker start-up (spawn → model loaded, `ready`
// over IPC), a short import end to end (`earshot import jfk.wav`, 11 s of speech: probe, decode,
// transcribe, derive, store), and the ffmpeg.wasm decoder process (start-up: a probe of a 6 s
// clip, which is nearly all process start; decode of a generated 60 s mp4 through WasmFfmpeg),
// each with the walls (the namespace and the workers' own seccomp filter) and with
// EARSHOT_OS_WALL=off (neither) as the same-run baseline, alternating so load on
// the machine hits both alike. Prints medians and ratios. Run: npx tsx bench/osWall.bench.ts
// (ONLY=seccomp: worker start-up with no wall, the filter alone, both, and the install in µs).
//
// The decoder was a worker thread of the app before it became this process; the thread cannot
// come back (no worker thread may start in an Earshot process: guardWorkers.ts), so it was
// measured once, from commit 289a58b, alternating with this code, both under the CLI's tripwire,
// on this 2-core machine at load average ~20 (medians of 3; absolute times are inflated ~5–10×):
//   start-up (probe of a 6 s WAV): thread 2.7 s, process 4.8 s (+2.1 s: a Node process and tsx's
//   loader, before the same tripwire and core load the thread also paid);
//   60 s mp4 decoded whole:       thread 6.4 s, process 7.4 s (+1.0 s, the same start-up).
// The wall itself: start-up 4.79 s vs 4.84 s without, 60 s decode 10.7 s vs 9.6 s (1.11×, noise
// at that load). The built app runs the bundled wasmDecoder.js, without tsx.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { osNetworkWall } from '../src/core/egress/osNetworkWall'
import { mediaEnv } from '../src/core/media/mediaEnv'
import type { WasmDecoderHandle } from '../src/core/media/WasmDecoderHandle'
import { wasmDecoderEntry } from '../src/core/media/wasmDecoderEntry'
import { wasmDecoderArgs, type WasmDecoderTask } from '../src/core/media/wasmDecoderTask'
import { WasmFfmpeg } from '../src/core/media/WasmFfmpeg'
import { whisperWorkerEntry } from '../src/core/transcribe/whisperWorkerEntry'
import {
  WHISPER_WORKER_EXEC_ARGV,
  whisperWorkerEnv,
} from '../src/core/transcribe/whisperWorkerTuning'
import type { WorkerToHostMessage } from '../src/core/transcribe/workerMessages'
import { jfkWavPath, microModel } from '../test/integration/transcribe/support/fixtures'
import { ensureLongMp4, media } from '../test/support/mediaFixtures'
import { runCliProcess } from '../test/support/runCliProcess'

const rounds = Number(process.env.ROUNDS ?? 5)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

/** Which walls a worker starts behind: the namespace wrapper, its own seccomp filter, both. */
interface Walls {
  netns: boolean
  seccomp: boolean
}

/** The environment the engine gives a worker, with the seccomp wall switched off when asked. */
function workerEnv(base: NodeJS.ProcessEnv, walls: Walls): NodeJS.ProcessEnv {
  return walls.seccomp ? base : { ...base, EARSHOT_OS_WALL: 'off' }
}

/**
 * Spawn → `ready` from the worker, the same program and arguments launchEngineProcess builds, and
 * how long its seccomp install took (from its ready message).
 */
function workerStart(walls: Walls, modelPath: string): Promise<{ ms: number; installUs?: number }> {
  const entry = whisperWorkerEntry()
  const args = [...WHISPER_WORKER_EXEC_ARGV, ...entry.execArgv, entry.path]
  const [wrapper, ...prefix] = osNetworkWall().prefix
  const options = {
    env: workerEnv(whisperWorkerEnv(process.env), walls),
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'] as ('ignore' | 'ipc')[],
    serialization: 'advanced' as const,
  }
  const started = performance.now()
  const child =
    walls.netns && wrapper !== undefined
      ? spawn(wrapper, [...prefix, process.execPath, ...args], options)
      : spawn(process.execPath, args, options)
  return new Promise((resolve, reject) => {
    child.once('message', (message: WorkerToHostMessage) => {
      const ms = performance.now() - started
      child.kill('SIGKILL')
      if (message.type !== 'ready') reject(new Error(`worker answered ${message.type}`))
      else if (walls.seccomp && message.seccomp?.state !== 'installed') {
        reject(new Error(`seccomp wall: ${message.seccomp?.detail ?? 'no report'}`))
      } else resolve({ ms, installUs: message.seccomp?.installMicros })
    })
    child.once('error', reject)
    child.send({ type: 'init', modelPath })
  })
}

async function workerStartMs(walled: boolean, modelPath: string): Promise<number> {
  return (await workerStart({ netns: walled, seccomp: walled }, modelPath)).ms
}

/** forkWasmDecoder's launch (launchEngineProcess), with or without the wall in front. */
function decoderSpawner(walled: boolean): (task: WasmDecoderTask) => WasmDecoderHandle {
  return (task) => {
    const entry = wasmDecoderEntry()
    const args = [...entry.execArgv, entry.path, ...wasmDecoderArgs(task)]
    const [wrapper, ...prefix] = osNetworkWall().prefix
    const options = {
      env: walled ? mediaEnv(process.env) : { ...mediaEnv(process.env), EARSHOT_OS_WALL: 'off' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'] as ('ignore' | 'pipe' | 'ipc')[],
    }
    const child =
      walled && wrapper !== undefined
        ? spawn(wrapper, [...prefix, process.execPath, ...args], options)
        : spawn(process.execPath, args, options)
    const stdout = child.stdout
    const stderr = child.stderr
    if (stdout === null || stderr === null) throw new Error('no pipes')
    return {
      pid: child.pid,
      stdout,
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('close', listener),
      onStderr: (listener) => stderr.setEncoding('utf8').on('data', listener),
      kill: () => child.kill('SIGKILL'),
    }
  }
}

async function decoderStartMs(walled: boolean): Promise<number> {
  const started = performance.now()
  await new WasmFfmpeg({ spawnDecoder: decoderSpawner(walled) }).probe(media.wavS16Mono16k)
  return performance.now() - started
}

async function decode60sMs(walled: boolean, file: string): Promise<number> {
  const started = performance.now()
  let samples = 0
  for await (const chunk of new WasmFfmpeg({ spawnDecoder: decoderSpawner(walled) }).decodeToPcm(
    file,
  )) {
    samples += chunk.length
  }
  // AAC's priming and padding leave a few samples either side of exactly 60 s.
  if (Math.abs(samples - 60 * 16_000) > 1_600) throw new Error(`decoded ${String(samples)} samples`)
  return performance.now() - started
}

async function importMs(walled: boolean, modelPath: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'earshot-oswall-'))
  try {
    const started = performance.now()
    const run = await runCliProcess(
      ['--data-dir', dataDir, 'import', jfkWavPath, '--model', modelPath],
      {
        EARSHOT_DB_KEY: 'bench-oswall-key-0123456789abcdef',
        EARSHOT_OS_WALL: walled ? '' : 'off',
      },
    )
    const ms = performance.now() - started
    if (run.code !== 0) throw new Error(`import failed: ${run.stderr}`)
    return ms
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * ONLY=seccomp: the seccomp wall alone (issue 9): worker start-up with no wall, with only the
 * filter (the desktop app's utility processes), with both walls (the CLI), and the install itself.
 */
async function seccompOnly(modelPath: string): Promise<void> {
  const variants: Record<string, Walls> = {
    'no wall': { netns: false, seccomp: false },
    'seccomp only': { netns: false, seccomp: true },
    'netns+seccomp': { netns: true, seccomp: true },
  }
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, [] as number[]]))
  const installs: number[] = []
  await workerStart(variants['seccomp only'] ?? { netns: false, seccomp: true }, modelPath)
  for (let round = 0; round < rounds; round++) {
    for (const [name, walls] of Object.entries(variants)) {
      const { ms, installUs } = await workerStart(walls, modelPath)
      times[name]?.push(ms)
      if (installUs !== undefined) installs.push(installUs)
    }
  }
  const base = median(times['no wall'] ?? [])
  for (const [name, values] of Object.entries(times)) {
    const m = median(values)
    console.log(
      `worker start ${name.padEnd(14)} median ${m.toFixed(0)} ms: ratio ${(m / base).toFixed(3)} (+${(m - base).toFixed(0)} ms; ${rounds} rounds)`,
    )
  }
  console.log(
    `seccomp install (prctl + seccomp TSYNC) median ${median(installs).toFixed(0)} µs, max ${Math.max(...installs).toFixed(0)} µs (${installs.length} installs)`,
  )
}

async function main(): Promise<void> {
  const wall = osNetworkWall()
  console.log(`OS network wall here: ${wall.kind} (${wall.detail})`)
  if (wall.kind === 'none') return
  const modelPath = await microModel()
  if (process.env.ONLY === 'seccomp') {
    await seccompOnly(modelPath)
    return
  }
  const minute = await ensureLongMp4(1)
  const only = process.env.ONLY
  const results = {
    worker: { walled: [] as number[], open: [] as number[] },
    import: { walled: [] as number[], open: [] as number[] },
    'wasm start': { walled: [] as number[], open: [] as number[] },
    'wasm 60 s': { walled: [] as number[], open: [] as number[] },
  }
  await workerStartMs(true, modelPath) // warm the page cache for both
  await decoderStartMs(true)
  for (let round = 0; round < rounds; round++) {
    // ONLY=wasm: the decoder figures alone (the whisper and import rounds take minutes here).
    if (only !== 'wasm') {
      results.worker.open.push(await workerStartMs(false, modelPath))
      results.worker.walled.push(await workerStartMs(true, modelPath))
      results.import.open.push(await importMs(false, modelPath))
      results.import.walled.push(await importMs(true, modelPath))
    }
    results['wasm start'].open.push(await decoderStartMs(false))
    results['wasm start'].walled.push(await decoderStartMs(true))
    results['wasm 60 s'].open.push(await decode60sMs(false, minute))
    results['wasm 60 s'].walled.push(await decode60sMs(true, minute))
  }
  for (const [name, { walled, open }] of Object.entries(results)) {
    if (walled.length === 0) continue
    const w = median(walled)
    const o = median(open)
    console.log(
      `${name.padEnd(10)} median with wall ${w.toFixed(0)} ms, without ${o.toFixed(0)} ms: ratio ${(w / o).toFixed(3)} (+${(w - o).toFixed(0)} ms; ${rounds} rounds each)`,
    )
  }
}

await main()
