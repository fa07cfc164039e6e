import { deriveRecording } from '../../src/core/derive/deriveRecording'
import type { DerivedSegment } from '../../src/core/derive/DerivedSegment'
import { computeMetrics } from '../../src/core/derive/metrics/computeMetrics'
import { defaultTrackers } from '../../src/core/derive/signals/defaultTrackers'
import { findSignals } from '../../src/core/derive/signals/findSignals'
import { resolveTrackers } from '../../src/core/derive/signals/resolveTrackers'
import { extractiveSummary } from '../../src/core/derive/summary/extractiveSummary'
import { loadTranscript } from '../../test/fixtures/transcripts/loadTranscript'

const HOUR_MS = 3_600_000
const FIXTURES = ['discovery-call', 'support-churn-call', 'negations-near-misses'] as const

/**
 * An hour-long call built from the hand-written fixture transcripts, repeated back to back with
 * times shifted, so its sentences hold real tracker hits, questions and speaker changes at the
 * rate a sales or support call does.
 */
export function hourOfTranscript(): { segments: DerivedSegment[]; durationMs: number } {
  const calls = FIXTURES.map((name) => loadTranscript(name))
  const segments: DerivedSegment[] = []
  let offsetMs = 0
  for (let round = 0; offsetMs < HOUR_MS; round++) {
    const call = calls[round % calls.length]
    if (!call) break
    for (const segment of call.segments) {
      if (offsetMs + segment.endMs > HOUR_MS) break
      segments.push({
        ...segment,
        idx: segments.length,
        startMs: offsetMs + segment.startMs,
        endMs: offsetMs + segment.endMs,
      })
    }
    offsetMs += call.durationMs
  }
  return { segments, durationMs: HOUR_MS }
}

export interface DeriveTiming {
  note: string
  msPerTranscriptHour: number | null
  segmentsPerHour: number
  signalsPerHour: number
  runs: number
  /** How many times faster than the call itself (an hour over the derive time). */
  realtimeFactor: number
  p50Ms: number
  maxMs: number
  /** Same-run baseline: the three steps each splitting the sentences again, interleaved. */
  separateStepsP50Ms: number
  /** separateStepsP50Ms / p50Ms: what sharing one sentence split saves. */
  speedupVsSeparateSteps: number
}

/**
 * Derive time per hour of transcript: `deriveRecording` (sentences, signals with the default
 * trackers plus two competitor names, metrics, summary) on a one-hour call, median of `runs`,
 * interleaved with a baseline running the three steps on their own (each splits the sentences).
 */
export function deriveTiming(runs = 15): DeriveTiming {
  const { segments, durationMs } = hourOfTranscript()
  const trackers = resolveTrackers(defaultTrackers(), [], ['Gong', 'Chorus'])
  let signals = 0
  const times: number[] = []
  const baseline: number[] = []
  for (let run = 0; run < runs + 2; run++) {
    let start = performance.now()
    signals = deriveRecording(segments, durationMs, { trackers }).signals.length
    const ms = performance.now() - start
    start = performance.now()
    const found = findSignals(segments, trackers)
    computeMetrics(segments, durationMs)
    extractiveSummary(segments, {}, found)
    const baselineMs = performance.now() - start
    // The first two runs warm the JIT and the regular-expression caches.
    if (run >= 2) {
      times.push(ms)
      baseline.push(baselineMs)
    }
  }
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
  const p50Ms = median(times)
  const separateStepsP50Ms = median(baseline)
  return {
    note:
      `derive: ${p50Ms.toFixed(1)} ms per hour of transcript (p50 of ${runs} runs; ` +
      `${segments.length} segments, ${signals} signals); the steps run apart: ` +
      `${separateStepsP50Ms.toFixed(1)} ms (×${(separateStepsP50Ms / p50Ms).toFixed(2)})`,
    msPerTranscriptHour: p50Ms,
    segmentsPerHour: segments.length,
    signalsPerHour: signals,
    runs,
    realtimeFactor: HOUR_MS / p50Ms,
    p50Ms,
    maxMs: Math.max(...times),
    separateStepsP50Ms,
    speedupVsSeparateSteps: separateStepsP50Ms / p50Ms,
  }
}
