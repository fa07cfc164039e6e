import { clusterSegments, type ClusteringOptions } from './clusterSegments'
import { deltaBic, divergencePerFrame, GaussianStats } from './GaussianStats'
import type { SpeechBlocks } from './SpeakerFeatureStream'

/** A stretch of speech by one (numbered, 0-based in order of first appearance) speaker. */
export interface SpeakerTurn {
  startMs: number
  endMs: number
  speaker: number
}

export interface DiarizeOptions extends ClusteringOptions {
  /** A block with fewer voiced frames (of 25) counts as silence. */
  minVoicedFrames: number
  /** Silences of at least this many blocks always end a segment. */
  pauseBlocks: number
  /** Blocks each side of a candidate speaker change. */
  changeWindowBlocks: number
  /** BIC penalty weight λ for accepting a change point. */
  changeLambda: number
}

export const DEFAULT_DIARIZE_OPTIONS: DiarizeOptions = {
  minVoicedFrames: 8,
  pauseBlocks: 2,
  changeWindowBlocks: 8,
  changeLambda: 1,
  // Last-merge distances (bench/diarization.bench.ts): one voice merges at ≤ 0.3 (espeak-ng
  // monologues across their pitch range, JFK's real voice over 150 s), two real people of the open
  // sample at 1.8, distinct espeak-ng voices ≥ 4.8. 2 (calibrated on espeak-ng alone) put the real
  // pair together; 1 sits in the middle of the gap between "one person" and "two real people".
  threshold: 1,
  maxSpeakers: 6,
  minSeedFrames: 200,
  minSpeakerFrames: 300,
  maxSeeds: 300,
}

interface Segment {
  blocks: number[]
  stats: GaussianStats
}

/**
 * Speaker turns of a mono recording from its pooled features: voice activity by block, segments
 * cut at pauses and at BIC speaker-change points (Chen & Gopalakrishnan 1998), then clustered
 * (see clusterSegments). No neural weights, no randomness.
 */
export function diarize(
  blocks: SpeechBlocks,
  options: DiarizeOptions = DEFAULT_DIARIZE_OPTIONS,
): SpeakerTurn[] {
  const size = GaussianStats.packedSize(blocks.dims)
  const blockStats = (b: number): GaussianStats =>
    GaussianStats.fromPacked(blocks.dims, blocks.stats, b * size)
  const isSpeech = (b: number): boolean => (blocks.stats[b * size] ?? 0) >= options.minVoicedFrames

  const segments: Segment[] = []
  for (const run of speechRuns(blocks.blockCount, isSpeech, options.pauseBlocks)) {
    const stats = run.map(blockStats)
    let start = 0
    for (const cut of changePoints(stats, options)) {
      segments.push(segmentOf(run.slice(start, cut), stats.slice(start, cut), blocks.dims))
      start = cut
    }
    segments.push(segmentOf(run.slice(start), stats.slice(start), blocks.dims))
  }

  const clusters = clusterSegments(
    segments.map((s) => s.stats),
    options,
  )
  const turns: SpeakerTurn[] = []
  segments.forEach((segment, i) => {
    const first = segment.blocks[0] ?? 0
    const last = segment.blocks[segment.blocks.length - 1] ?? first
    const speaker = clusters[i] ?? 0
    const startMs = first * blocks.blockMs
    const endMs = (last + 1) * blocks.blockMs
    const previous = turns[turns.length - 1]
    if (
      previous?.speaker === speaker &&
      startMs - previous.endMs <= options.pauseBlocks * blocks.blockMs
    ) {
      previous.endMs = endMs
    } else {
      turns.push({ startMs, endMs, speaker })
    }
  })
  return turns
}

function segmentOf(blockIds: number[], stats: GaussianStats[], dims: number): Segment {
  const total = new GaussianStats(dims)
  for (const s of stats) total.add(s)
  return { blocks: blockIds, stats: total }
}

/** Speech blocks grouped into runs; a silence shorter than `pauseBlocks` does not end a run. */
function speechRuns(
  count: number,
  isSpeech: (b: number) => boolean,
  pauseBlocks: number,
): number[][] {
  const runs: number[][] = []
  let run: number[] = []
  let silence = 0
  for (let b = 0; b < count; b++) {
    if (isSpeech(b)) {
      run.push(b)
      silence = 0
    } else if (++silence === pauseBlocks && run.length > 0) {
      runs.push(run)
      run = []
    }
  }
  if (run.length > 0) runs.push(run)
  return runs
}

/**
 * Indices into a run where the speaker changes: the windows either side are better modelled apart
 * (ΔBIC > 0) and the split is the strongest within a window's reach.
 */
function changePoints(stats: GaussianStats[], options: DiarizeOptions): number[] {
  const w = options.changeWindowBlocks
  const minSide = 2
  const scores: { at: number; divergence: number; bic: number }[] = []
  for (let at = minSide; at + minSide <= stats.length; at++) {
    const left = sum(stats.slice(Math.max(0, at - w), at))
    const right = sum(stats.slice(at, Math.min(stats.length, at + w)))
    if (left.count === 0 || right.count === 0) continue
    scores.push({
      at,
      divergence: divergencePerFrame(left, right),
      bic: deltaBic(left, right, options.changeLambda),
    })
  }
  // Scores are in `at` order, one per position, so neighbours within reach are adjacent entries.
  const reach = Math.max(1, w >> 1)
  return scores
    .filter((s, i) => {
      if (s.bic <= 0) return false
      for (let j = Math.max(0, i - reach); j <= Math.min(scores.length - 1, i + reach); j++) {
        const o = scores[j]
        if (!o || j === i) continue
        if (o.divergence > s.divergence || (o.divergence === s.divergence && j < i)) return false
      }
      return true
    })
    .map((s) => s.at)
}

function sum(stats: GaussianStats[]): GaussianStats {
  const total = new GaussianStats(stats[0]?.dims ?? 0)
  for (const s of stats) total.add(s)
  return total
}
