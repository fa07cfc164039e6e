import type { SpeakerTurn } from './diarize'
import { GaussianStats } from './GaussianStats'
import type { SpeechBlocks } from './SpeakerFeatureStream'

/**
 * The pooled voice features of each diarized speaker: the stats of every block inside that
 * speaker's turns. A block two turns share (cross-talk) is left out, so an overlap does not blend
 * two voices into one profile.
 */
export function turnVoices(
  blocks: SpeechBlocks,
  turns: readonly SpeakerTurn[],
): Map<number, GaussianStats> {
  const size = GaussianStats.packedSize(blocks.dims)
  const owners = new Int32Array(blocks.blockCount).fill(-1)
  for (const turn of turns) {
    const first = Math.max(0, Math.floor(turn.startMs / blocks.blockMs))
    const end = Math.min(blocks.blockCount, Math.ceil(turn.endMs / blocks.blockMs))
    for (let b = first; b < end; b++) {
      const owner = owners[b] ?? -1
      owners[b] = owner === -1 || owner === turn.speaker ? turn.speaker : -2
    }
  }
  const voices = new Map<number, GaussianStats>()
  owners.forEach((speaker, b) => {
    if (speaker < 0) return
    const stats = voices.get(speaker) ?? new GaussianStats(blocks.dims)
    stats.addPacked(blocks.stats, b * size)
    voices.set(speaker, stats)
  })
  return voices
}

/** All blocks pooled: one channel of a multi-channel recording is one speaker. */
export function pooledVoice(blocks: SpeechBlocks): GaussianStats {
  const size = GaussianStats.packedSize(blocks.dims)
  const stats = new GaussianStats(blocks.dims)
  for (let b = 0; b < blocks.blockCount; b++) stats.addPacked(blocks.stats, b * size)
  return stats
}
