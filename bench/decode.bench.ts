// Decode speed of the media layer, as ratios against baselines measured in the same run:
//   native path vs the ffmpeg CLI writing the same PCM to /dev/null (our overhead; target ≥ 0.9),
//   native path vs realtime (target ≥ 300×), and the same pinned to one core,
//   ffmpeg.wasm vs realtime.
// Run: npx tsx bench/decode.bench.ts   → prints a table and writes bench/results/decode.json
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { decodeArgs, ffmpegInput } from '../src/core/media/ffmpegArgs'
import { NativeFfmpeg } from '../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../src/core/media/resolveFfmpeg'
import { PCM_SAMPLE_RATE, type MediaBackend } from '../src/core/media/types'
import { WasmFfmpeg } from '../src/core/media/WasmFfmpeg'
import { ensureLongMp4 } from '../test/support/mediaFixtures'
import { repoRoot } from '../test/support/paths'

const MINUTES = 30
const RUNS = 3

interface Timing {
  seconds: number
  samples?: number
  peakRssMb?: number
}

async function timeBackend(backend: MediaBackend, file: string): Promise<Timing> {
  const start = performance.now()
  let samples = 0
  let peak = 0
  for await (const chunk of backend.decodeToPcm(file)) {
    samples += chunk.length
    peak = Math.max(peak, process.memoryUsage.rss())
  }
  return { seconds: (performance.now() - start) / 1000, samples, peakRssMb: peak / 1e6 }
}

async function timeCli(command: string, args: string[]): Promise<Timing> {
  const start = performance.now()
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] })
    child.once('error', reject)
    child.once('close', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`${command} exited with ${code}`))
    })
  })
  return { seconds: (performance.now() - start) / 1000 }
}

/** Best of RUNS: the least disturbed by whatever else the machine is doing. */
async function best(run: () => Promise<Timing>, runs = RUNS): Promise<Timing> {
  let fastest: Timing | null = null
  for (let i = 0; i < runs; i++) {
    const timing = await run()
    if (!fastest || timing.seconds < fastest.seconds) fastest = timing
  }
  if (!fastest) throw new Error('no runs')
  return fastest
}

const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('the decode benchmark needs ffmpeg and ffprobe on PATH')
const native = new NativeFfmpeg(binaries)
const wasm = new WasmFfmpeg()

const generating = performance.now()
const file = await ensureLongMp4(MINUTES)
const generatedIn = (performance.now() - generating) / 1000
const { durationMs } = await native.probe(file)
const audioSeconds = durationMs / 1000

const cliArgs = ['-y', ...decodeArgs(ffmpegInput(file), 'mono', '/dev/null')]
const cliOneThreadArgs = ['-threads', '1', ...cliArgs]

await timeBackend(native, file) // warm the page cache and the binary
const cli = await best(() => timeCli(binaries.ffmpeg, cliArgs))
const nativePath = await best(() => timeBackend(native, file))
const cliOneThread = await best(() => timeCli(binaries.ffmpeg, cliOneThreadArgs))
const cliOneCore = await best(() =>
  timeCli('taskset', ['-c', '0', binaries.ffmpeg, ...cliOneThreadArgs]),
)
const wasmPath = await best(() => timeBackend(wasm, file), 1)

const expectedSamples = Math.round(audioSeconds * PCM_SAMPLE_RATE)
const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  input: {
    file: file.replace(repoRoot + '/', ''),
    audioSeconds,
    generatedInSeconds: Math.round(generatedIn * 10) / 10,
  },
  seconds: {
    cliToDevNull: cli.seconds,
    nativePath: nativePath.seconds,
    cliOneThread: cliOneThread.seconds,
    cliOneCore: cliOneCore.seconds,
    wasmPath: wasmPath.seconds,
  },
  ratios: {
    nativeVsCli: cli.seconds / nativePath.seconds,
    nativeRealtime: audioSeconds / nativePath.seconds,
    cliOneCoreRealtime: audioSeconds / cliOneCore.seconds,
    wasmRealtime: audioSeconds / wasmPath.seconds,
    wasmVsNative: nativePath.seconds / wasmPath.seconds,
  },
  targets: { nativeVsCli: 0.9, nativeRealtime: 300 },
  checks: {
    nativeSamples: nativePath.samples,
    wasmSamples: wasmPath.samples,
    expectedSamples,
    nativePeakRssMb: nativePath.peakRssMb,
    wasmPeakRssMb: wasmPath.peakRssMb,
  },
}

const x = (n: number): string => `${n.toFixed(n < 10 ? 2 : 0)}×`
const s = (n: number): string => `${n.toFixed(2)} s`
console.log(`decode of a ${MINUTES}-min mp4 (H.264 + AAC) to 16 kHz mono f32, best of ${RUNS}`)
console.table({
  'ffmpeg CLI → /dev/null': { time: s(cli.seconds), realtime: x(audioSeconds / cli.seconds) },
  'native path (NativeFfmpeg)': {
    time: s(nativePath.seconds),
    realtime: x(results.ratios.nativeRealtime),
  },
  'CLI -threads 1': {
    time: s(cliOneThread.seconds),
    realtime: x(audioSeconds / cliOneThread.seconds),
  },
  'CLI -threads 1, one core': {
    time: s(cliOneCore.seconds),
    realtime: x(results.ratios.cliOneCoreRealtime),
  },
  'wasm path (WasmFfmpeg), 1 run': {
    time: s(wasmPath.seconds),
    realtime: x(results.ratios.wasmRealtime),
  },
})
console.log(
  `native vs CLI: ${results.ratios.nativeVsCli.toFixed(3)} (target ≥ 0.9); ` +
    `native realtime: ${x(results.ratios.nativeRealtime)} (target ≥ 300×); ` +
    `peak RSS native ${results.checks.nativePeakRssMb?.toFixed(0)} MB, wasm ${results.checks.wasmPeakRssMb?.toFixed(0)} MB`,
)

const out = join(repoRoot, 'bench', 'results', 'decode.json')
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
console.log(`wrote ${out}`)
