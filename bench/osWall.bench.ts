// What the OS network wall costs (issue 9): whisper worker start-up (spawn → model loaded, `ready`
// over IPC) and a short import end to end (`earshot import jfk.wav`, 11 s of speech: probe, decode,
// transcribe, derive, store), each with the wall and with EARSHOT_OS_WALL=off as the same-run
// baseline, alternating so load on the machine hits both alike. Prints medians and ratios.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { osNetworkWall } from '../src/core/egress/osNetworkWall'
import { whisperWorkerEntry } from '../src/core/transcribe/whisperWorkerEntry'
import { WHISPER_WORKER_EXEC_ARGV } from '../src/core/transcribe/whisperWorkerTuning'
import { jfkWavPath, microModel } from '../test/integration/transcribe/support/fixtures'
import { runCliProcess } from '../test/support/runCliProcess'

const rounds = Number(process.env.ROUNDS ?? 5)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

/** Spawn → `ready` from the worker, the same program and arguments launchEngineProcess builds. */
function workerStartMs(walled: boolean, modelPath: string): Promise<number> {
  const entry = whisperWorkerEntry()
  const args = [...WHISPER_WORKER_EXEC_ARGV, ...entry.execArgv, entry.path]
  const [wrapper, ...prefix] = osNetworkWall().prefix
  const started = performance.now()
  const child =
    walled && wrapper !== undefined
      ? spawn(wrapper, [...prefix, process.execPath, ...args], {
          stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
          serialization: 'advanced',
        })
      : spawn(process.execPath, args, {
          stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
          serialization: 'advanced',
        })
  return new Promise((resolve, reject) => {
    child.once('message', (message: { type: string }) => {
      const ms = performance.now() - started
      child.kill('SIGKILL')
      if (message.type === 'ready') resolve(ms)
      else reject(new Error(`worker answered ${message.type}`))
    })
    child.once('error', reject)
    child.send({ type: 'init', modelPath })
  })
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

async function main(): Promise<void> {
  const wall = osNetworkWall()
  console.log(`OS network wall here: ${wall.kind} (${wall.detail})`)
  if (wall.kind === 'none') return
  const modelPath = await microModel()
  const results = {
    worker: { walled: [] as number[], open: [] as number[] },
    import: { walled: [] as number[], open: [] as number[] },
  }
  await workerStartMs(true, modelPath) // warm the page cache for both
  for (let round = 0; round < rounds; round++) {
    results.worker.open.push(await workerStartMs(false, modelPath))
    results.worker.walled.push(await workerStartMs(true, modelPath))
    results.import.open.push(await importMs(false, modelPath))
    results.import.walled.push(await importMs(true, modelPath))
  }
  for (const [name, { walled, open }] of Object.entries(results)) {
    const w = median(walled)
    const o = median(open)
    console.log(
      `${name.padEnd(7)} median with wall ${w.toFixed(0)} ms, without ${o.toFixed(0)} ms: ratio ${(w / o).toFixed(3)} (+${(w - o).toFixed(0)} ms; ${rounds} rounds each)`,
    )
  }
}

await main()
