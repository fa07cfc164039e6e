const N_FFT = 201
const SAMPLE_RATE = 16_000
/** GPT-2's byte-level vocabulary size; ids past it are whisper's specials, which the loader adds. */
const N_TEXT_TOKENS = 50_257

const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700)
const melToHz = (mel: number): number => 700 * (10 ** (mel / 2595) - 1)

/**
 * A stand-in filterbank and vocabulary for when no real ggml file is at hand (an installed app has no
 * fixtures): triangular HTK-mel filters and placeholder token strings (printable ASCII first: the decoder looks up " " by text when
 * suppress_blank is on, and throws if it is missing). Random weights produce garbage
 * text either way; this only has to satisfy the loader and the tokenizer.
 */
export function synthesizeVocabSection(nMels: number): Buffer {
  const filters = new Float32Array(nMels * N_FFT)
  const top = hzToMel(SAMPLE_RATE / 2)
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz((top * i) / (nMels + 1)))
  for (let m = 0; m < nMels; m++) {
    const [lo, mid, hi] = [edges[m] ?? 0, edges[m + 1] ?? 0, edges[m + 2] ?? 0]
    for (let k = 0; k < N_FFT; k++) {
      const hz = (k * SAMPLE_RATE) / (2 * (N_FFT - 1))
      const w = hz < lo || hz > hi ? 0 : hz <= mid ? (hz - lo) / (mid - lo) : (hi - hz) / (hi - mid)
      filters[m * N_FFT + k] = w
    }
  }
  const tokens: Buffer[] = []
  for (let i = 0; i < N_TEXT_TOKENS; i++) {
    const text = Buffer.from(i < 95 ? String.fromCharCode(32 + i) : ` w${i}`, 'utf8')
    const len = Buffer.alloc(4)
    len.writeUInt32LE(text.length)
    tokens.push(len, text)
  }
  const head = Buffer.alloc(8)
  head.writeInt32LE(nMels, 0)
  head.writeInt32LE(N_FFT, 4)
  const count = Buffer.alloc(4)
  count.writeInt32LE(N_TEXT_TOKENS)
  return Buffer.concat([head, Buffer.from(filters.buffer), count, ...tokens])
}
