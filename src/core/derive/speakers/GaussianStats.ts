/**
 * Sufficient statistics of a set of feature vectors (count, sum, sum of outer products) for a
 * full-covariance Gaussian. They add up exactly, so a speaker model for any union of speech blocks
 * is built from the blocks' stats without keeping a single frame — what keeps diarization memory
 * flat on long recordings.
 */
export class GaussianStats {
  count = 0
  readonly sum: Float64Array
  /** Upper triangle of Σ x xᵀ, row by row: (0,0) (0,1) … (0,d-1) (1,1) … */
  readonly sumSquares: Float64Array

  constructor(readonly dims: number) {
    this.sum = new Float64Array(dims)
    this.sumSquares = new Float64Array((dims * (dims + 1)) / 2)
  }

  static packedSize(dims: number): number {
    return 1 + dims + (dims * (dims + 1)) / 2
  }

  /** Stats stored as [count, sum…, sumSquares…] in a packed array, as `SpeechBlocks` keeps them. */
  static fromPacked(dims: number, packed: ArrayLike<number>, offset: number): GaussianStats {
    const stats = new GaussianStats(dims)
    stats.addPacked(packed, offset)
    return stats
  }

  addVector(x: ArrayLike<number>): void {
    const d = this.dims
    this.count++
    let k = 0
    for (let i = 0; i < d; i++) {
      const xi = x[i] ?? 0
      this.sum[i] = (this.sum[i] ?? 0) + xi
      for (let j = i; j < d; j++)
        this.sumSquares[k] = (this.sumSquares[k++] ?? 0) + xi * (x[j] ?? 0)
    }
  }

  addPacked(packed: ArrayLike<number>, offset: number): void {
    this.count += packed[offset] ?? 0
    const base = offset + 1
    for (let i = 0; i < this.dims; i++) this.sum[i] = (this.sum[i] ?? 0) + (packed[base + i] ?? 0)
    const squares = base + this.dims
    for (let k = 0; k < this.sumSquares.length; k++) {
      this.sumSquares[k] = (this.sumSquares[k] ?? 0) + (packed[squares + k] ?? 0)
    }
  }

  add(other: GaussianStats): void {
    this.count += other.count
    for (let i = 0; i < this.dims; i++) this.sum[i] = (this.sum[i] ?? 0) + (other.sum[i] ?? 0)
    for (let k = 0; k < this.sumSquares.length; k++) {
      this.sumSquares[k] = (this.sumSquares[k] ?? 0) + (other.sumSquares[k] ?? 0)
    }
  }

  merged(other: GaussianStats): GaussianStats {
    const union = new GaussianStats(this.dims)
    union.add(this)
    union.add(other)
    return union
  }

  writePacked(target: Float32Array | Float64Array, offset: number): void {
    target[offset] = this.count
    target.set(this.sum, offset + 1)
    target.set(this.sumSquares, offset + 1 + this.dims)
  }

  mean(): Float64Array {
    return this.sum.map((s) => s / Math.max(1, this.count))
  }

  /**
   * Maximum-likelihood covariance plus a small ridge, full d×d row-major. The ridge keeps short
   * segments (fewer frames than parameters) from having a singular covariance.
   */
  covariance(ridge = COVARIANCE_RIDGE): Float64Array {
    const d = this.dims
    const n = Math.max(1, this.count)
    const mean = this.mean()
    const cov = new Float64Array(d * d)
    let k = 0
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        const value = (this.sumSquares[k++] ?? 0) / n - (mean[i] ?? 0) * (mean[j] ?? 0)
        cov[i * d + j] = value
        cov[j * d + i] = value
      }
      cov[i * d + i] = (cov[i * d + i] ?? 0) + ridge
    }
    return cov
  }

  logDetCovariance(): number {
    return choleskyLogDet(this.covariance(), this.dims)
  }
}

/** Added to the covariance diagonal; MFCC variances are O(1–100), so this only matters when singular. */
export const COVARIANCE_RIDGE = 1e-2

/** log |A| of a symmetric positive-definite matrix by Cholesky, in place on a copy. */
export function choleskyLogDet(matrix: Float64Array, d: number): number {
  const l = Float64Array.from(matrix)
  let logDet = 0
  for (let j = 0; j < d; j++) {
    let diag = l[j * d + j] ?? 0
    for (let k = 0; k < j; k++) diag -= (l[j * d + k] ?? 0) ** 2
    if (diag <= 0) diag = 1e-12
    const root = Math.sqrt(diag)
    l[j * d + j] = root
    logDet += 2 * Math.log(root)
    for (let i = j + 1; i < d; i++) {
      let value = l[i * d + j] ?? 0
      for (let k = 0; k < j; k++) value -= (l[i * d + k] ?? 0) * (l[j * d + k] ?? 0)
      l[i * d + j] = value / root
    }
  }
  return logDet
}

/**
 * Generalised likelihood ratio per frame of "two Gaussians" over "one Gaussian" for the union:
 * ½[log|Σ| − (n₁/n) log|Σ₁| − (n₂/n) log|Σ₂|], in nats. It does not grow with the amount of speech,
 * unlike the raw BIC difference, so one threshold serves a 3-second turn and a 20-minute speaker.
 */
export function divergencePerFrame(a: GaussianStats, b: GaussianStats): number {
  const n = a.count + b.count
  if (n === 0) return 0
  const union = a.merged(b)
  return (
    0.5 *
    (union.logDetCovariance() -
      (a.count / n) * a.logDetCovariance() -
      (b.count / n) * b.logDetCovariance())
  )
}

/**
 * ΔBIC of keeping a and b apart (Chen & Gopalakrishnan 1998): the likelihood gain of two models
 * minus λ · ½(d + d(d+1)/2) · log n. Positive means "different sources".
 */
export function deltaBic(a: GaussianStats, b: GaussianStats, lambda: number): number {
  const n = a.count + b.count
  const d = a.dims
  const penalty = lambda * 0.5 * (d + (d * (d + 1)) / 2) * Math.log(Math.max(2, n))
  return n * divergencePerFrame(a, b) - penalty
}

/**
 * Average log-likelihood per frame of the frames summarised by `data` under the Gaussian of
 * `model`: −½[d log 2π + log|Σ| + tr(Σ⁻¹ S)/n], S the scatter of `data` about the model's mean.
 */
export function meanLogLikelihood(model: GaussianStats, data: GaussianStats): number {
  const d = model.dims
  const n = data.count
  if (n === 0) return 0
  const cov = model.covariance()
  const mu = model.mean()
  const inverse = invertSymmetric(cov, d)
  let trace = 0
  let k = 0
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const muI = mu[i] ?? 0
      const muJ = mu[j] ?? 0
      const scatter =
        (data.sumSquares[k++] ?? 0) -
        muI * (data.sum[j] ?? 0) -
        muJ * (data.sum[i] ?? 0) +
        n * muI * muJ
      trace += (i === j ? 1 : 2) * (inverse[i * d + j] ?? 0) * scatter
    }
  }
  return -0.5 * (d * Math.log(2 * Math.PI) + choleskyLogDet(cov, d) + trace / n)
}

/** Gauss–Jordan inverse; the matrices here are small (d ≈ 13) and well conditioned by the ridge. */
function invertSymmetric(matrix: Float64Array, d: number): Float64Array {
  const a = Float64Array.from(matrix)
  const inv = new Float64Array(d * d)
  for (let i = 0; i < d; i++) inv[i * d + i] = 1
  for (let col = 0; col < d; col++) {
    let pivotRow = col
    for (let r = col + 1; r < d; r++) {
      if (Math.abs(a[r * d + col] ?? 0) > Math.abs(a[pivotRow * d + col] ?? 0)) pivotRow = r
    }
    if (pivotRow !== col) {
      for (let c = 0; c < d; c++) {
        swap(a, col * d + c, pivotRow * d + c)
        swap(inv, col * d + c, pivotRow * d + c)
      }
    }
    const pivot = a[col * d + col] || 1e-12
    for (let c = 0; c < d; c++) {
      a[col * d + c] = (a[col * d + c] ?? 0) / pivot
      inv[col * d + c] = (inv[col * d + c] ?? 0) / pivot
    }
    for (let r = 0; r < d; r++) {
      if (r === col) continue
      const factor = a[r * d + col] ?? 0
      if (factor === 0) continue
      for (let c = 0; c < d; c++) {
        a[r * d + c] = (a[r * d + c] ?? 0) - factor * (a[col * d + c] ?? 0)
        inv[r * d + c] = (inv[r * d + c] ?? 0) - factor * (inv[col * d + c] ?? 0)
      }
    }
  }
  return inv
}

function swap(array: Float64Array, i: number, j: number): void {
  const t = array[i] ?? 0
  array[i] = array[j] ?? 0
  array[j] = t
}

/**
 * Inverse of the pooled within-segment covariance Σ_w = Σ nᵢΣᵢ / Σ nᵢ: how much a speaker's
 * features vary on their own. One metric for the whole recording, so distances between clusters do
 * not drift as clusters grow (a cluster that absorbed a mixed segment would otherwise look close to
 * everything, and chain speakers together).
 */
export function withinSegmentMetric(segments: GaussianStats[]): Float64Array {
  const d = segments[0]?.dims ?? 0
  const pooled = new Float64Array(d * d)
  let total = 0
  for (const segment of segments) {
    if (segment.count < 2) continue
    const cov = segment.covariance(0)
    for (let k = 0; k < d * d; k++) pooled[k] = (pooled[k] ?? 0) + segment.count * (cov[k] ?? 0)
    total += segment.count
  }
  for (let k = 0; k < d * d; k++) pooled[k] = (pooled[k] ?? 0) / Math.max(1, total)
  for (let i = 0; i < d; i++) pooled[i * d + i] = (pooled[i * d + i] ?? 0) + COVARIANCE_RIDGE
  return invertSymmetric(pooled, d)
}

/**
 * Squared Mahalanobis distance between two means, (μ₁−μ₂)ᵀ M (μ₁−μ₂), with M from
 * withinSegmentMetric: the difference in average vocal-tract shape (long-term MFCC mean) in units of
 * a speaker's own variability.
 */
export function meanDistance(a: GaussianStats, b: GaussianStats, metric: Float64Array): number {
  const d = a.dims
  const muA = a.mean()
  const muB = b.mean()
  let distance = 0
  for (let i = 0; i < d; i++) {
    const di = (muA[i] ?? 0) - (muB[i] ?? 0)
    for (let j = 0; j < d; j++) {
      distance += di * (metric[i * d + j] ?? 0) * ((muA[j] ?? 0) - (muB[j] ?? 0))
    }
  }
  return distance
}
