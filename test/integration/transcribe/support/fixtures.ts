import { join } from 'node:path'
import { ensureTestModel } from '../../../../src/core/transcribe/model/ensureTestModel'
import { sharedFixturesDir, testOutputDir } from '../../../support/paths'
import { readWavPcm } from './readWavPcm'

export const jfkWavPath = join(sharedFixturesDir, 'jfk.wav')
export const vocabFixturePath = join(sharedFixturesDir, 'for-tests-ggml-tiny.en.bin')

/** The micro random-weight model (~8 MB), written once per checkout into test-output/models. */
export function microModel(): Promise<string> {
  return ensureTestModel({
    dims: 'micro',
    seed: 1,
    vocabSource: vocabFixturePath,
    outPath: join(testOutputDir, 'models', 'whisper-micro-seed1.bin'),
  })
}

export async function jfkPcm(): Promise<Float32Array> {
  const { sampleRate, pcm } = await readWavPcm(jfkWavPath)
  if (sampleRate !== 16_000) throw new Error(`jfk.wav is ${sampleRate} Hz, expected 16000`)
  return pcm
}

/** `pcm` repeated to `seconds`, yielded in chunks of `chunkSamples` (any size, like a decoder). */
export async function* repeatedPcm(
  pcm: Float32Array,
  seconds: number,
  chunkSamples = 4096,
): AsyncGenerator<Float32Array> {
  const total = seconds * 16_000
  for (let at = 0; at < total; at += chunkSamples) {
    const chunk = new Float32Array(Math.min(chunkSamples, total - at))
    for (let i = 0; i < chunk.length; i++) chunk[i] = pcm[(at + i) % pcm.length] ?? 0
    // Hand control back to the event loop between chunks, as a real decoder does.
    await new Promise((r) => setImmediate(r))
    yield chunk
  }
}

export async function* chunksOf(
  pcm: Float32Array,
  chunkSamples = 4096,
): AsyncGenerator<Float32Array> {
  for (let at = 0; at < pcm.length; at += chunkSamples) {
    await new Promise((r) => setImmediate(r))
    yield pcm.slice(at, at + chunkSamples)
  }
}
