import { GaussianStats } from '../../../../src/core/derive/speakers/GaussianStats'
import { seededRandom as seededSource } from '../../audit/support/seededRandom'

/** A seeded generator in [0, 1), so "random" test data is the same on every run. */
export function seededRandom(seed: number): () => number {
  return seededSource(seed).next
}

/** Standard normal by Box–Muller. */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

export const DIMS = 13

/** A synthetic "voice": a mean vector, frames drawn around it with unit variance per dimension. */
export function voiceMean(random: () => number, spread: number): number[] {
  return Array.from({ length: DIMS }, () => gaussian(random) * spread)
}

/** Stats of `frames` feature vectors drawn from N(mean, I). */
export function segmentOf(random: () => number, mean: number[], frames: number): GaussianStats {
  const stats = new GaussianStats(DIMS)
  const x = new Float64Array(DIMS)
  for (let f = 0; f < frames; f++) {
    for (let d = 0; d < DIMS; d++) x[d] = (mean[d] ?? 0) + gaussian(random)
    stats.addVector(x)
  }
  return stats
}
