/** 20 ms frames: shorter than a syllable, so the quietest frame is a pause, not a word's middle. */
const FRAME = 320

/**
 * Index in `samples` at which to end a window: the start of the quietest 20 ms frame within the
 * last `searchLength` samples before `limit`, so a cut falls in a pause rather than through a word
 * (whisper transcribes each window on its own).
 */
export function findQuietCut(samples: Float32Array, limit: number, searchLength: number): number {
  const from = Math.max(FRAME, limit - searchLength)
  let best = limit
  let bestEnergy = Number.POSITIVE_INFINITY
  for (let start = limit - FRAME; start >= from; start -= FRAME) {
    let energy = 0
    for (let i = start; i < start + FRAME; i++) {
      const s = samples[i] ?? 0
      energy += s * s
    }
    if (energy < bestEnergy) {
      bestEnergy = energy
      best = start
    }
  }
  return best
}
