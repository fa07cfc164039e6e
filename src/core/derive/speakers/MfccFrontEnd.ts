/**
 * Mel-frequency cepstral coefficients of one 25 ms frame of 16 kHz audio, the classic speaker
 * feature (Davis & Mermelstein 1980). Frame processing follows Kaldi's defaults: DC removal,
 * pre-emphasis 0.97, Povey window, 512-point FFT; c0 is left out because loudness says where the
 * microphone was, not who spoke. Tables are built once per instance; `compute` allocates nothing.
 */
export class MfccFrontEnd {
  static readonly FFT_SIZE = 512
  private readonly window: Float64Array
  private readonly re = new Float64Array(MfccFrontEnd.FFT_SIZE)
  private readonly im = new Float64Array(MfccFrontEnd.FFT_SIZE)
  private readonly power = new Float64Array(MfccFrontEnd.FFT_SIZE / 2 + 1)
  private readonly melEnergies: Float64Array
  private readonly filters: { start: number; weights: Float64Array }[]
  private readonly dct: Float64Array
  private readonly bitReversed: Uint16Array
  private readonly cos: Float64Array
  private readonly sin: Float64Array

  constructor(
    readonly frameSamples: number,
    readonly sampleRate: number,
    readonly melBands = 26,
    readonly coefficients = 13,
  ) {
    this.window = Float64Array.from({ length: frameSamples }, (_, n) =>
      Math.pow(0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (frameSamples - 1)), 0.85),
    )
    this.filters = melFilters(melBands, MfccFrontEnd.FFT_SIZE, sampleRate, 20, 7600)
    this.melEnergies = new Float64Array(melBands)
    // DCT-II rows 1..coefficients (c0 dropped), orthonormal scaling.
    this.dct = new Float64Array(coefficients * melBands)
    for (let c = 0; c < coefficients; c++) {
      for (let m = 0; m < melBands; m++) {
        this.dct[c * melBands + m] =
          Math.sqrt(2 / melBands) * Math.cos((Math.PI * (c + 1) * (m + 0.5)) / melBands)
      }
    }
    const n = MfccFrontEnd.FFT_SIZE
    const bits = Math.log2(n)
    this.bitReversed = Uint16Array.from({ length: n }, (_, i) => {
      let r = 0
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
      return r
    })
    this.cos = Float64Array.from({ length: n / 2 }, (_, k) => Math.cos((-2 * Math.PI * k) / n))
    this.sin = Float64Array.from({ length: n / 2 }, (_, k) => Math.sin((-2 * Math.PI * k) / n))
  }

  /** Writes the cepstrum into `out` and returns the frame's energy in dBFS (RMS of the raw frame). */
  compute(frame: ArrayLike<number>, out: Float64Array): number {
    const size = this.frameSamples
    let mean = 0
    let energy = 0
    for (let i = 0; i < size; i++) {
      const x = frame[i] ?? 0
      mean += x
      energy += x * x
    }
    mean /= size
    const db = 10 * Math.log10(energy / size + 1e-12)

    const { re, im, window, bitReversed } = this
    re.fill(0)
    im.fill(0)
    let previous = (frame[0] ?? 0) - mean
    for (let i = 0; i < size; i++) {
      const x = (frame[i] ?? 0) - mean
      re[bitReversed[i] ?? 0] = (x - 0.97 * previous) * (window[i] ?? 0)
      previous = x
    }
    this.fftInPlace()
    const bins = this.power.length
    for (let k = 0; k < bins; k++) this.power[k] = (re[k] ?? 0) ** 2 + (im[k] ?? 0) ** 2

    this.filters.forEach((filter, m) => {
      let sum = 0
      for (let k = 0; k < filter.weights.length; k++) {
        sum += (filter.weights[k] ?? 0) * (this.power[filter.start + k] ?? 0)
      }
      this.melEnergies[m] = Math.log(Math.max(sum, 1e-10))
    })
    const bands = this.melBands
    for (let c = 0; c < this.coefficients; c++) {
      let value = 0
      for (let m = 0; m < bands; m++)
        value += (this.dct[c * bands + m] ?? 0) * (this.melEnergies[m] ?? 0)
      out[c] = value
    }
    return db
  }

  /** Iterative radix-2 Cooley–Tukey on re/im, input already in bit-reversed order. */
  private fftInPlace(): void {
    const { re, im, cos, sin } = this
    const n = re.length
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >> 1
      const step = n / size
      for (let start = 0; start < n; start += size) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step] ?? 0
          const wi = sin[k * step] ?? 0
          const a = start + k
          const b = a + half
          const br = re[b] ?? 0
          const bi = im[b] ?? 0
          const tr = wr * br - wi * bi
          const ti = wr * bi + wi * br
          re[b] = (re[a] ?? 0) - tr
          im[b] = (im[a] ?? 0) - ti
          re[a] = (re[a] ?? 0) + tr
          im[a] = (im[a] ?? 0) + ti
        }
      }
    }
  }
}

const toMel = (hz: number): number => 1127 * Math.log(1 + hz / 700)

/** Triangular filters equally spaced on the mel scale, each stored from its first non-zero bin. */
function melFilters(
  bands: number,
  fftSize: number,
  sampleRate: number,
  lowHz: number,
  highHz: number,
): { start: number; weights: Float64Array }[] {
  const low = toMel(lowHz)
  const high = toMel(highHz)
  const step = (high - low) / (bands + 1)
  const bins = fftSize / 2 + 1
  return Array.from({ length: bands }, (_, m) => {
    const left = low + m * step
    const centre = left + step
    const right = centre + step
    const weights: number[] = []
    let start = -1
    for (let k = 0; k < bins; k++) {
      const mel = toMel((k * sampleRate) / fftSize)
      const weight =
        mel > left && mel < right
          ? mel <= centre
            ? (mel - left) / (centre - left)
            : (right - mel) / (right - centre)
          : 0
      if (weight > 0) {
        if (start < 0) start = k
        weights.push(weight)
      }
    }
    return { start: Math.max(0, start), weights: Float64Array.from(weights) }
  })
}
