import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { float32ToFloat16Bits } from '../../../src/core/transcribe/model/float32ToFloat16Bits'
import { generateTestModel } from '../../../src/core/transcribe/model/generateTestModel'
import { readVocabSection } from '../../../src/core/transcribe/model/readVocabSection'
import { whisperDims } from '../../../src/core/transcribe/model/whisperDims'
import { whisperTensorLayout } from '../../../src/core/transcribe/model/whisperTensorLayout'
import { sharedFixturesDir, testOutputDir } from '../../support/paths'

const dir = join(testOutputDir, 'models', `unit-${process.pid}`)
const vocabSource = join(sharedFixturesDir, 'for-tests-ggml-tiny.en.bin')
const sha = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('generateTestModel', () => {
  it('writes the hparams, then the vocabulary copied from the source file', async () => {
    const out = join(dir, 'a.bin')
    const result = await generateTestModel({ dims: 'micro', outPath: out, vocabSource })
    const bytes = await readFile(out)
    expect(bytes.length).toBe(result.bytes)
    expect(bytes.readUInt32LE(0)).toBe(0x67676d6c)
    const hparams = Array.from({ length: 11 }, (_, i) => bytes.readInt32LE(4 + i * 4))
    expect(hparams).toEqual([51864, 1500, 64, 1, 1, 448, 64, 1, 1, 80, 1])
    const vocab = await readVocabSection(vocabSource)
    expect(bytes.subarray(48, 48 + vocab.length).equals(vocab)).toBe(true)
    expect(result.bytes).toBeGreaterThan(7_000_000)
    expect(result.bytes).toBeLessThan(9_000_000)
  })

  it('is deterministic for a seed and differs between seeds', async () => {
    const [a, b, c] = [join(dir, 's1a.bin'), join(dir, 's1b.bin'), join(dir, 's2.bin')]
    await generateTestModel({ dims: 'micro', outPath: a, seed: 1, vocabSource })
    await generateTestModel({ dims: 'micro', outPath: b, seed: 1, vocabSource })
    await generateTestModel({ dims: 'micro', outPath: c, seed: 2, vocabSource })
    expect(await sha(a)).toBe(await sha(b))
    expect(await sha(a)).not.toBe(await sha(c))
  })

  it('works without a vocabulary source (a synthesized stand-in)', async () => {
    const out = join(dir, 'synth.bin')
    const result = await generateTestModel({ dims: 'micro', outPath: out })
    expect(result.bytes).toBeGreaterThan(7_000_000)
  })
})

describe('whisperTensorLayout', () => {
  it('has the tensors whisper.cpp allocates: 7 + 15 per encoder block, 4 + 24 per decoder block', () => {
    for (const dims of Object.values(whisperDims)) {
      const names = whisperTensorLayout(dims).map((t) => t.name)
      expect(new Set(names).size).toBe(names.length)
      expect(names.length).toBe(7 + 15 * dims.nAudioLayer + 4 + 24 * dims.nTextLayer)
    }
  })

  it('sizes tiny.en like the real file (~77.7 MB with its vocabulary)', () => {
    const elements = whisperTensorLayout(whisperDims['tiny.en']).reduce(
      (sum, t) => sum + t.shape.reduce((a, b) => a * b, 1) * (t.type === 0 ? 4 : 2),
      0,
    )
    expect(elements).toBeGreaterThan(76_000_000)
    expect(elements).toBeLessThan(78_000_000)
  })
})

describe('float32ToFloat16Bits', () => {
  it('encodes exact halves and rounds to nearest', () => {
    expect(float32ToFloat16Bits(0)).toBe(0)
    expect(float32ToFloat16Bits(1)).toBe(0x3c00)
    expect(float32ToFloat16Bits(-2)).toBe(0xc000)
    expect(float32ToFloat16Bits(0.5)).toBe(0x3800)
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff)
    expect(float32ToFloat16Bits(0.02)).toBe(0x251f)
  })
})
