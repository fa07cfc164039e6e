import { GaussianStats } from './GaussianStats'

/**
 * Cosine similarity at or above which two voices are taken for one person. Measured on the
 * generated espeak-ng voices of test/integration/speakers (six formant variants, three of them over
 * a pitch range of ±15 as a person's voice moves between calm and excited), each speaker's frames
 * taken from where the reference says they talk alone: the same voice in two different recordings
 * scored 0.979–0.995 (9 pairs), two different voices at most 0.935 (69 pairs, same recording or
 * not). 0.96 sits in that gap, nearer the "same" side, so a near miss names nobody "You" rather
 * than the wrong person. Through the job runner (diarized turns, not the reference) the marked voice
 * scored 0.987 in a later meeting, the other voices there 0.26 and 0.49, and the nearest stranger
 * (a deep male espeak voice) 0.934. Real voices are not measured here (no recordings of one person on two
 * calls are available); a mismatch is corrected on the Recording screen like any speaker.
 */
export const SAME_VOICE_SIMILARITY = 0.96

/** Fewer voiced frames (10 ms each) than this is too little speech to recognise anyone by. */
export const MIN_VOICE_FRAMES = 300

/**
 * A speaker's voice as one vector: the long-term mean of MFCC c1…c12 (the vocal tract's average
 * shape), each in units of that speaker's own spread of the coefficient, so the loud, variable
 * coefficients do not drown the rest. c0 (loudness) is left out: it follows the microphone, not
 * the person. Only features: no audio can be rebuilt from a mean and a spread.
 */
export function voiceEmbedding(stats: GaussianStats): number[] {
  const d = stats.dims
  const mean = stats.mean()
  const covariance = stats.covariance()
  const vector: number[] = []
  for (let i = 1; i < d; i++) {
    vector.push((mean[i] ?? 0) / Math.sqrt(Math.max(1e-9, covariance[i * d + i] ?? 0)))
  }
  return vector
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0
  let normA = 0
  let normB = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    dot += x * y
    normA += x * x
    normB += y * y
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB)
}

/**
 * Which of a recording's speakers is the voice of `profile`: the most similar one at or above
 * SAME_VOICE_SIMILARITY with enough speech to tell, or null. At most one speaker is ever "You".
 */
export function matchVoice(
  profile: GaussianStats,
  speakers: readonly { label: string; stats: GaussianStats }[],
): { label: string; similarity: number } | null {
  if (profile.count < MIN_VOICE_FRAMES) return null
  const target = voiceEmbedding(profile)
  let best: { label: string; similarity: number } | null = null
  for (const speaker of speakers) {
    if (speaker.stats.count < MIN_VOICE_FRAMES) continue
    const similarity = cosineSimilarity(target, voiceEmbedding(speaker.stats))
    if (similarity >= SAME_VOICE_SIMILARITY && (best === null || similarity > best.similarity)) {
      best = { label: speaker.label, similarity }
    }
  }
  return best
}

/** Stats as the plain numbers the database keeps ([count, sum…, sumSquares…]). */
export function packStats(stats: GaussianStats): number[] {
  const packed = new Float64Array(GaussianStats.packedSize(stats.dims))
  stats.writePacked(packed, 0)
  return Array.from(packed)
}

export function unpackStats(dims: number, packed: readonly number[]): GaussianStats {
  return GaussianStats.fromPacked(dims, packed, 0)
}
