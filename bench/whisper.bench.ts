/**
 * Engine vs whisper.cpp CLI on the same PCM, model and decode settings.
 *
 *   npx tsx bench/whisper.bench.ts [--seconds 60] [--threads 2] [--dims tiny.en,base.en]
 *                                  [--baseline-addon .cache/smart-whisper-sse/smart-whisper.node]
 *                                  [--openmp]
 *
 * Models are generated (random weights, real tiny.en / base.en dimensions): the numbers measure
 * compute, not accuracy. Settings on both sides: greedy, best_of 1, no temperature fallback, no past
 * text context, no token cap (the CLI has no such flag), fixed language — `-bs 1 -bo 1 -nf -mc 0`.
 * Times exclude model load on both sides (CLI: whisper_print_timings total − load). The ratio
 * engine/CLI is what to compare across machines (target ≤ 1.0). Writes bench/results/whisper.json.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { generateTestModel } from '../src/core/transcribe/model/generateTestModel'
import type { TestModelDims } from '../src/core/transcribe/model/whisperDims'
import { whisperParams } from '../src/core/transcribe/whisperParams'
import { WhisperTranscriber } from '../src/core/transcribe/WhisperTranscriber'
import { readWavPcm } from '../test/integration/transcribe/support/readWavPcm'
import { buildWhisperCli } from './support/buildWhisperCli'
import { loadWhisperAddon, type WhisperAddon } from './support/loadWhisperAddon'
import { writeWav16 } from './support/writeWav16'

const root = resolve(import.meta.dirname, '..')
const cacheDir = join(root, '.cache', 'whisper-bench')
const fixtures = resolve(root, '..', 'shared', 'fixtures')
const whisperSource = join(root, 'node_modules', 'smart-whisper', 'whisper.cpp')
const addonPath = join(
  root,
  'node_modules',
  'smart-whisper',
  'build',
  'Release',
  'smart-whisper.node',
)

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    threads: { type: 'string', default: '2' },
    dims: { type: 'string', default: 'tiny.en,base.en' },
    'baseline-addon': { type: 'string' },
    openmp: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
  },
})
const seconds = Number(values.seconds)
const threads = Number(values.threads)
const dimsList = values.dims.split(',') as TestModelDims[]
const runs = Number(values.runs)

interface Timed {
  ms: number
  segments: number
}

/**
 * Fastest of `runs`, the sides interleaved: on a shared machine other work only ever adds time, so
 * the minimum is the least disturbed measurement (the first bench here swung 10× run to run).
 */
async function fastest(
  sides: Record<string, () => Promise<Timed>>,
): Promise<Record<string, Timed & { allMs: number[] }>> {
  const out: Record<string, Timed & { allMs: number[] }> = {}
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(sides)) {
      const t = await run()
      const best = out[name]
      const allMs = [...(best?.allMs ?? []), t.ms]
      out[name] = best && best.ms <= t.ms ? { ...best, allMs } : { ...t, allMs }
    }
  }
  return out
}

const settings = {
  strategy: 'greedy',
  best_of: 1,
  temperature_inc: 0,
  n_max_text_ctx: 0,
  max_tokens: 0,
  language: 'en',
  threads,
  cliArgs: ['-bs', '1', '-bo', '1', '-nf', '-mc', '0', '-l', 'en', '-t', String(threads)],
}

async function speech(): Promise<Float32Array> {
  const { pcm: jfk } = await readWavPcm(join(fixtures, 'jfk.wav'))
  const pcm = new Float32Array(seconds * 16_000)
  for (let i = 0; i < pcm.length; i++) pcm[i] = jfk[i % jfk.length] ?? 0
  return pcm
}

async function model(dims: TestModelDims): Promise<string> {
  const outPath = join(cacheDir, 'models', `${dims}-seed1.bin`)
  if (existsSync(outPath)) return outPath
  const vocabSource = join(fixtures, 'for-tests-ggml-tiny.en.bin')
  await generateTestModel({
    dims,
    outPath,
    seed: 1,
    vocabSource: existsSync(vocabSource) ? vocabSource : undefined,
  })
  return outPath
}

/** The engine's raw call: one binding.transcribe on the whole PCM, model already loaded. */
async function timeAddon(addon: WhisperAddon, modelPath: string, pcm: Float32Array) {
  const loaded = await addon.WhisperModel.load(modelPath, false)
  const handle = loaded.handle
  if (!handle) throw new Error('model not loaded')
  const params = {
    ...whisperParams({
      threads,
      language: 'en',
      maxTokensPerSegment: 0,
      maxTextContext: 0,
    }),
    format: 'simple' as const,
  }
  const started = performance.now()
  const segments = await new Promise<unknown[]>((done) => {
    addon.transcribe(handle, pcm, params, done, () => undefined)
  })
  const ms = performance.now() - started
  await loaded.free()
  return { ms: Math.round(ms), segments: segments.length }
}

/** The whole engine: worker process, windows, supervision (load included: it is per call). */
async function timeTranscriber(modelPath: string, pcm: Float32Array) {
  const transcriber = new WhisperTranscriber({
    modelPath,
    maxTokensPerSegment: 0,
    maxTextContext: 0,
  })
  async function* chunks() {
    for (let at = 0; at < pcm.length; at += 16_000) {
      await Promise.resolve()
      yield pcm.slice(at, at + 16_000)
    }
  }
  const started = performance.now()
  const segments = await transcriber.transcribe(chunks(), { threads, language: 'en' })
  const ms = performance.now() - started
  await transcriber.dispose()
  return { ms: Math.round(ms), segments: segments.length }
}

async function timeCli(binary: string, modelPath: string, wavPath: string) {
  const stderr = await new Promise<string>((done, fail) => {
    let err = ''
    let out = ''
    const child = spawn(binary, ['-m', modelPath, '-f', wavPath, ...settings.cliArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', fail)
    child.on('exit', (code) => {
      if (code === 0) done(err + out)
      else fail(new Error(`whisper CLI exited with ${code ?? 'a signal'}:\n${err.slice(-2000)}`))
    })
  })
  const timing = (label: string): number => {
    const match = new RegExp(`${label} time =\\s*([\\d.]+) ms`).exec(stderr)
    if (!match?.[1]) throw new Error(`no "${label} time" in the CLI output`)
    return Number(match[1])
  }
  const segments = stderr.split('\n').filter((l) => /^\[\d\d:\d\d:\d\d\.\d+ --> /.test(l)).length
  return { ms: Math.round(timing('total') - timing('load')), segments }
}

async function main(): Promise<void> {
  await mkdir(cacheDir, { recursive: true })
  const pcm = await speech()
  const wavPath = join(cacheDir, `speech-${seconds}s.wav`)
  await writeWav16(wavPath, pcm)
  // What the CLI reads back: 16-bit. The engine gets the same quantised samples.
  const { pcm: samePcm } = await readWavPcm(wavPath)

  console.log('building the whisper.cpp CLI from the vendored source (cached)…')
  const cli = await buildWhisperCli({
    sourceDir: whisperSource,
    cacheDir: join(root, '.cache', 'whisper-cli'),
    openmp: values.openmp,
  })
  const addon = loadWhisperAddon(addonPath)
  const baselinePath = values['baseline-addon']
  const baseline = baselinePath ? loadWhisperAddon(resolve(baselinePath)) : undefined
  const stampPath = join(dirname(addonPath), 'earshot-build.json')
  const addonBuild: unknown = existsSync(stampPath)
    ? JSON.parse(readFileSync(stampPath, 'utf8'))
    : 'default (no scripts/build-whisper.mjs stamp: SSE-only on x86-64)'

  const results = []
  for (const dims of dimsList) {
    const modelPath = await model(dims)
    console.log(`${dims}: ${runs} interleaved runs of CLI, engine, WhisperTranscriber…`)
    const best = await fastest({
      cli: () => timeCli(cli.binary, modelPath, wavPath),
      engine: () => timeAddon(addon, modelPath, samePcm),
      transcriber: () => timeTranscriber(modelPath, samePcm),
      ...(baseline && { baseline: () => timeAddon(baseline, modelPath, samePcm) }),
    })
    const { cli: cliRun, engine, transcriber, baseline: baselineRun } = best
    if (!cliRun || !engine || !transcriber) throw new Error('missing measurement')
    const row = {
      dims,
      cli: cliRun,
      engine,
      ratio: Number((engine.ms / cliRun.ms).toFixed(3)),
      transcriber,
      transcriberRatio: Number((transcriber.ms / cliRun.ms).toFixed(3)),
      ...(baselineRun && {
        baselineAddon: baselineRun,
        speedupOverBaseline: Number((baselineRun.ms / engine.ms).toFixed(2)),
      }),
    }
    console.log(JSON.stringify(row))
    results.push(row)
  }

  const report = {
    measuredAt: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
    audioSeconds: seconds,
    runs,
    statistic: 'minimum over interleaved runs',
    loadAverage: loadavg(),
    settings,
    cliBuild: { make: cli.makeArgs, flags: '-O3 -march=native -mtune=native (vendored Makefile)' },
    addonBuild,
    baselineAddon: baselinePath,
    results,
  }
  await mkdir(join(root, 'bench', 'results'), { recursive: true })
  await writeFile(
    join(root, 'bench', 'results', 'whisper.json'),
    JSON.stringify(report, null, 2) + '\n',
  )
  console.log('wrote bench/results/whisper.json')
}

await main()
