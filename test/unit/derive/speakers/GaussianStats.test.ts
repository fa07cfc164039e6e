import { describe, expect, it } from 'vitest'
import {
  choleskyLogDet,
  GaussianStats,
  meanLogLikelihood,
} from '../../../../src/core/derive/speakers/GaussianStats'
import { gaussian, seededRandom } from './syntheticVoices'

describe('Gaussian sufficient statistics', () => {
  it('add up exactly: stats of two halves equal the stats of the whole, also through packing', () => {
    const random = seededRandom(7)
    const frames = Array.from({ length: 60 }, () =>
      Array.from({ length: 4 }, () => gaussian(random)),
    )
    const whole = new GaussianStats(4)
    const left = new GaussianStats(4)
    const right = new GaussianStats(4)
    frames.forEach((x, i) => {
      whole.addVector(x)
      ;(i < 25 ? left : right).addVector(x)
    })
    const packed = new Float64Array(GaussianStats.packedSize(4))
    right.writePacked(packed, 0)
    const union = left.merged(GaussianStats.fromPacked(4, packed, 0))
    expect(union.count).toBe(60)
    Array.from(whole.sum).forEach((s, i) => {
      expect(union.sum[i]).toBeCloseTo(s, 10)
    })
    Array.from(whole.sumSquares).forEach((s, i) => {
      expect(union.sumSquares[i]).toBeCloseTo(s, 10)
    })
  })

  it('computes log-determinants by Cholesky', () => {
    // [[4, 2], [2, 3]]: det = 8.
    expect(choleskyLogDet(Float64Array.from([4, 2, 2, 3]), 2)).toBeCloseTo(Math.log(8), 12)
  })

  it('scores data under a model as the average Gaussian log-likelihood of its frames', () => {
    const random = seededRandom(8)
    const model = new GaussianStats(2)
    for (let i = 0; i < 500; i++) model.addVector([1 + gaussian(random), -2 + 2 * gaussian(random)])
    const data = new GaussianStats(2)
    const points = [
      [0.5, -1],
      [2, -3],
      [1, 0],
    ]
    for (const p of points) data.addVector(p)

    const cov = model.covariance()
    const mu = model.mean()
    const det = (cov[0] ?? 0) * (cov[3] ?? 0) - (cov[1] ?? 0) * (cov[2] ?? 0)
    const inv = [
      (cov[3] ?? 0) / det,
      -(cov[1] ?? 0) / det,
      -(cov[2] ?? 0) / det,
      (cov[0] ?? 0) / det,
    ]
    const direct =
      points
        .map(([x = 0, y = 0]) => {
          const dx = x - (mu[0] ?? 0)
          const dy = y - (mu[1] ?? 0)
          const q =
            dx * (dx * (inv[0] ?? 0) + dy * (inv[1] ?? 0)) +
            dy * (dx * (inv[2] ?? 0) + dy * (inv[3] ?? 0))
          return -0.5 * (2 * Math.log(2 * Math.PI) + Math.log(det) + q)
        })
        .reduce((a, b) => a + b) / points.length
    expect(meanLogLikelihood(model, data)).toBeCloseTo(direct, 10)
  })
})
