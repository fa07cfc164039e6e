import {
  GaussianStats,
  meanDistance,
  meanLogLikelihood,
  withinSegmentMetric,
} from './GaussianStats'

export interface ClusteringOptions {
  /** Stop merging once the closest pair is at least this far apart (squared Mahalanobis units). */
  threshold: number
  /** The answer has at most this many speakers, whatever the threshold says. */
  maxSpeakers: number
  /** Segments with fewer voiced frames are too short to model; they join the nearest cluster after. */
  minSeedFrames: number
  /** A cluster with fewer voiced frames than this is folded into its nearest neighbour. */
  minSpeakerFrames: number
  /** Above this many seeds, time-adjacent similar seeds are merged first to bound the O(n²) work. */
  maxSeeds: number
}

const CORRELATED_FRAMES = 10

/**
 * Agglomerative clustering of speech segments (centroid linkage on mean MFCC vectors under one
 * within-speaker metric), with a threshold stopping rule and at most `maxSpeakers` clusters. Returns a cluster index per segment (0-based, in order of
 * first appearance). Deterministic: ties go to the lower index.
 */
export function clusterSegments(segments: GaussianStats[], options: ClusteringOptions): number[] {
  if (segments.length === 0) return []
  const dims = segments[0]?.dims ?? 0
  let seedIds = segments.flatMap((s, i) => (s.count >= options.minSeedFrames ? [i] : []))
  if (seedIds.length === 0) {
    const longest = segments.reduce(
      (best, s, i) => (s.count > (segments[best]?.count ?? 0) ? i : best),
      0,
    )
    seedIds = [longest]
  }

  const metric = withinSegmentMetric(segments)
  // The mean of n frames is off by about κ·d/n in this metric by chance alone (frames 10 ms apart
  // are not independent: κ ≈ 10 frames of correlation), so that much is taken off before the
  // threshold; otherwise two short turns of one voice look like two people.
  const dist = (a: GaussianStats, b: GaussianStats): number =>
    meanDistance(a, b, metric) - CORRELATED_FRAMES * dims * (1 / a.count + 1 / b.count)
  // Each cluster: its stats and the segment ids it holds.
  let clusters = seedIds.map((id) => ({ stats: copy(segments[id], dims), members: [id] }))
  clusters = mergeAdjacentDownTo(clusters, options.maxSeeds, dist)

  const distance = clusters.map((a, i) =>
    clusters.map((b, j) => (j > i ? dist(a.stats, b.stats) : 0)),
  )
  const at = (i: number, j: number): number =>
    i < j ? (distance[i]?.[j] ?? Infinity) : (distance[j]?.[i] ?? Infinity)

  const alive = clusters.map(() => true)
  let aliveCount = clusters.length
  while (aliveCount > 1) {
    let best = Infinity
    let bi = -1
    let bj = -1
    for (let i = 0; i < clusters.length; i++) {
      if (!alive[i]) continue
      for (let j = i + 1; j < clusters.length; j++) {
        if (!alive[j]) continue
        const d = at(i, j)
        if (d < best) {
          best = d
          bi = i
          bj = j
        }
      }
    }
    if (bi < 0 || (best >= options.threshold && aliveCount <= options.maxSpeakers)) break
    mergeInto(clusters, bi, bj)
    alive[bj] = false
    aliveCount--
    for (let k = 0; k < clusters.length; k++) {
      if (!alive[k] || k === bi) continue
      const d = dist(clusters[bi]?.stats ?? empty(dims), clusters[k]?.stats ?? empty(dims))
      const row = distance[Math.min(bi, k)]
      if (row) row[Math.max(bi, k)] = d
    }
  }

  let final = clusters.filter((_, i) => alive[i])
  final = foldSmallClusters(final, options.minSpeakerFrames)

  const assignment = new Array<number>(segments.length).fill(-1)
  final.forEach((cluster, c) => {
    for (const id of cluster.members) assignment[id] = c
  })
  segments.forEach((segment, id) => {
    if (assignment[id] !== -1) return
    assignment[id] = nearestCluster(final, segment)
  })
  return renumberByFirstAppearance(assignment)
}

interface Cluster {
  stats: GaussianStats
  members: number[]
}

function copy(stats: GaussianStats | undefined, dims: number): GaussianStats {
  const fresh = new GaussianStats(dims)
  if (stats) fresh.add(stats)
  return fresh
}

function empty(dims: number): GaussianStats {
  return new GaussianStats(dims)
}

function mergeInto(clusters: Cluster[], into: number, from: number): void {
  const target = clusters[into]
  const source = clusters[from]
  if (!target || !source) return
  target.stats.add(source.stats)
  target.members.push(...source.members)
}

/**
 * Long recordings have hundreds of turns; neighbours in time are most often the same person, so
 * the closest adjacent pair is merged until at most `limit` remain. Linear in turns per merge.
 */
function mergeAdjacentDownTo(
  clusters: Cluster[],
  limit: number,
  dist: (a: GaussianStats, b: GaussianStats) => number,
): Cluster[] {
  const list = [...clusters]
  while (list.length > limit) {
    let best = Infinity
    let at = 0
    for (let i = 0; i + 1 < list.length; i++) {
      const a = list[i]
      const b = list[i + 1]
      if (!a || !b) continue
      const d = dist(a.stats, b.stats)
      if (d < best) {
        best = d
        at = i
      }
    }
    mergeInto(list, at, at + 1)
    list.splice(at + 1, 1)
  }
  return list
}

/** Never invent speakers: a "speaker" with a second or two of speech is far likelier to be noise. */
function foldSmallClusters(clusters: Cluster[], minFrames: number): Cluster[] {
  const list = [...clusters]
  for (;;) {
    if (list.length <= 1) return list
    let smallest = -1
    for (let i = 0; i < list.length; i++) {
      const count = list[i]?.stats.count ?? 0
      if (count < minFrames && (smallest < 0 || count < (list[smallest]?.stats.count ?? 0))) {
        smallest = i
      }
    }
    if (smallest < 0) return list
    const small = list[smallest]
    if (!small) return list
    list.splice(smallest, 1)
    const target = list[nearestCluster(list, small.stats)]
    if (target) {
      target.stats.add(small.stats)
      target.members.push(...small.members)
    }
  }
}

function nearestCluster(clusters: Cluster[], data: GaussianStats): number {
  if (data.count === 0) return 0
  let best = -Infinity
  let bestIndex = 0
  clusters.forEach((cluster, c) => {
    const score = meanLogLikelihood(cluster.stats, data)
    if (score > best) {
      best = score
      bestIndex = c
    }
  })
  return bestIndex
}

function renumberByFirstAppearance(assignment: number[]): number[] {
  const order = new Map<number, number>()
  return assignment.map((c) => {
    if (!order.has(c)) order.set(c, order.size)
    return order.get(c) ?? 0
  })
}
