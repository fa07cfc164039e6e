import { PCM_SAMPLE_RATE } from '../media/types'

const SAMPLES_PER_MS = PCM_SAMPLE_RATE / 1000

interface Piece {
  /** Where the region starts in the audio whisper is given. */
  packedStartMs: number
  sourceStartMs: number
  durationMs: number
}

/**
 * Hands whisper only the speech regions of a stream, back to back with a short silence between
 * them (so whisper sees a pause where one was and tends to end a segment there), and maps the
 * times whisper reports in that packed audio back to the recording's own clock. Silence costs
 * nothing to transcribe this way: a channel that talks a third of the call costs a third.
 */
export class SpeechOnlyTimeline {
  private readonly pieces: Piece[] = []
  /** Length of the packed audio whisper is given. */
  readonly packedMs: number

  constructor(
    regions: readonly { startMs: number; endMs: number }[],
    private readonly joinMs = 300,
  ) {
    let packed = 0
    for (const region of regions) {
      const durationMs = Math.max(0, region.endMs - region.startMs)
      if (durationMs === 0) continue
      if (this.pieces.length > 0) packed += joinMs
      this.pieces.push({ packedStartMs: packed, sourceStartMs: region.startMs, durationMs })
      packed += durationMs
    }
    this.packedMs = packed
  }

  get isEmpty(): boolean {
    return this.pieces.length === 0
  }

  /**
   * A time in the packed audio on the recording's clock. A time in a joining silence belongs to
   * the region before it when it ends a segment and to the region after it when it starts one, so
   * a segment never claims the pause (and the other party's turn) between two regions.
   */
  toSourceMs(packedMs: number, edge: 'start' | 'end'): number {
    const { pieces } = this
    let lo = 0
    let hi = pieces.length - 1
    // Last piece starting at or before packedMs.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((pieces[mid]?.packedStartMs ?? 0) <= packedMs) lo = mid
      else hi = mid - 1
    }
    const piece = pieces[lo]
    if (!piece) return packedMs
    const into = packedMs - piece.packedStartMs
    if (into < 0) return piece.sourceStartMs
    if (into <= piece.durationMs) return piece.sourceStartMs + into
    const next = pieces[lo + 1]
    return edge === 'start' && next ? next.sourceStartMs : piece.sourceStartMs + piece.durationMs
  }

  /** The packed audio: the source stream's samples inside the regions, joined by silence. */
  async *keep(source: AsyncIterable<Float32Array>): AsyncGenerator<Float32Array, void, undefined> {
    const ranges = this.pieces.map((p) => ({
      from: Math.round(p.sourceStartMs * SAMPLES_PER_MS),
      to: Math.round((p.sourceStartMs + p.durationMs) * SAMPLES_PER_MS),
    }))
    const join = new Float32Array(Math.round(this.joinMs * SAMPLES_PER_MS))
    let at = 0 // sample index of the chunk's first sample in the source
    let r = 0
    let started = false
    for await (const chunk of source) {
      const chunkEnd = at + chunk.length
      while (r < ranges.length) {
        const range = ranges[r]
        if (!range || range.from >= chunkEnd) break
        const from = Math.max(range.from, at)
        const to = Math.min(range.to, chunkEnd)
        if (to > from) {
          if (from === range.from && started) yield join
          started = true
          yield chunk.slice(from - at, to - at)
        }
        if (range.to <= chunkEnd) r++
        else break
      }
      at = chunkEnd
      if (r >= ranges.length) return
    }
  }
}
