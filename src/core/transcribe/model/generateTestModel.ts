import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { createSeededRandom } from './createSeededRandom'
import { float32ToFloat16Bits } from './float32ToFloat16Bits'
import { readVocabSection } from './readVocabSection'
import { synthesizeVocabSection } from './synthesizeVocabSection'
import { whisperDims, type TestModelDims, type WhisperDims } from './whisperDims'
import { GGML_TYPE_F16, whisperTensorLayout, type TensorSpec } from './whisperTensorLayout'

export interface GenerateTestModelOptions {
  dims: TestModelDims
  outPath: string
  /** Same seed, same bytes. Default 1. */
  seed?: number
  /**
   * A ggml whisper file whose mel filterbank and vocabulary are copied (a real model, or the
   * tensor-less `for-tests-ggml-tiny.en.bin` fixture). Without it a stand-in is synthesized, so the
   * generator also works on a user's machine that has no fixtures.
   */
  vocabSource?: string
}

export interface GeneratedTestModel {
  path: string
  bytes: number
  dims: WhisperDims
}

const GGML_MAGIC = 0x67676d6c
/** Elements generated per write: 1 Mi keeps memory flat (a base.en file is ~150 MB). */
const CHUNK_ELEMENTS = 1 << 20
const TABLE_SIZE = 4096
/**
 * Weights uniform in ±0.02: small enough that 6 layers of random attention stay finite (no NaN in
 * the decoder), the scale GPT-2/whisper initialisers use.
 */
const SPREAD = 0.02

/**
 * Writes a loadable ggml whisper model with random weights, for tests and benchmarks: real tensor
 * names and shapes, garbage transcripts. Writes to a temporary name and renames, so parallel
 * writers of the same path never expose a half-written file.
 */
export async function generateTestModel(
  options: GenerateTestModelOptions,
): Promise<GeneratedTestModel> {
  const dims = whisperDims[options.dims]
  const vocab = options.vocabSource
    ? await readVocabSection(options.vocabSource)
    : synthesizeVocabSection(dims.nMels)
  const next = createSeededRandom(options.seed ?? 1)
  const tables = valueTables()

  await mkdir(dirname(options.outPath), { recursive: true })
  const tmpPath = `${options.outPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const file = await open(tmpPath, 'w')
  let bytes = 0
  const write = async (chunk: Buffer): Promise<void> => {
    await file.write(chunk)
    bytes += chunk.length
  }
  try {
    await write(headerBytes(dims))
    await write(vocab)
    for (const tensor of whisperTensorLayout(dims)) {
      await write(tensorHeaderBytes(tensor))
      const count = tensor.shape.reduce((a, b) => a * b, 1)
      for (let done = 0; done < count; done += CHUNK_ELEMENTS) {
        await write(randomValues(tensor, Math.min(CHUNK_ELEMENTS, count - done), tables, next))
      }
    }
    await file.close()
    await rename(tmpPath, options.outPath)
  } catch (error) {
    await file.close().catch(() => undefined)
    await rm(tmpPath, { force: true })
    throw error
  }
  return { path: options.outPath, bytes, dims }
}

function headerBytes(d: WhisperDims): Buffer {
  const b = Buffer.alloc(4 + 11 * 4)
  b.writeUInt32LE(GGML_MAGIC, 0)
  const hparams = [
    d.nVocab,
    d.nAudioCtx,
    d.nAudioState,
    d.nAudioHead,
    d.nAudioLayer,
    d.nTextCtx,
    d.nTextState,
    d.nTextHead,
    d.nTextLayer,
    d.nMels,
    d.ftype,
  ]
  hparams.forEach((v, i) => b.writeInt32LE(v, 4 + i * 4))
  return b
}

function tensorHeaderBytes(t: TensorSpec): Buffer {
  const name = Buffer.from(t.name, 'utf8')
  const b = Buffer.alloc(12 + 4 * t.shape.length)
  b.writeInt32LE(t.shape.length, 0)
  b.writeInt32LE(name.length, 4)
  b.writeInt32LE(t.type, 8)
  t.shape.forEach((n, i) => b.writeInt32LE(n, 12 + i * 4))
  return Buffer.concat([b, name])
}

interface ValueTables {
  weight: Float32Array
  gain: Float32Array
  weightF16: Uint16Array
}

/**
 * Precomputed values indexed by random bits: drawing from a 4096-step uniform grid is as good as a
 * continuous draw for random weights and keeps a 150 MB write at ~1 s (no per-element f16 rounding).
 */
function valueTables(): ValueTables {
  const weight = new Float32Array(TABLE_SIZE)
  const gain = new Float32Array(TABLE_SIZE)
  const weightF16 = new Uint16Array(TABLE_SIZE)
  for (let i = 0; i < TABLE_SIZE; i++) {
    const v = SPREAD * ((2 * i + 1) / TABLE_SIZE - 1)
    weight[i] = v
    gain[i] = 1 + v
    weightF16[i] = float32ToFloat16Bits(v)
  }
  return { weight, gain, weightF16 }
}

function randomValues(t: TensorSpec, n: number, tables: ValueTables, next: () => number): Buffer {
  const mask = TABLE_SIZE - 1
  if (t.type === GGML_TYPE_F16) {
    const out = new Uint16Array(n)
    for (let i = 0; i < n; i++) out[i] = tables.weightF16[next() & mask] ?? 0
    return Buffer.from(out.buffer)
  }
  const table = t.kind === 'gain' ? tables.gain : tables.weight
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = table[next() & mask] ?? 0
  return Buffer.from(out.buffer)
}
