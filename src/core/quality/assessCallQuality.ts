import type { CallQuality, QualityVerdict } from '../../shared/quality'
import type { AudioLevels } from './CallQualityMeter'

/** A stretch of time, ms on the recording's clock. */
export interface TimeSpan {
  startMs: number
  endMs: number
}

/** A stored line as the report needs it. */
export interface QualityLine extends TimeSpan {
  speaker: string | null
  confidence: number | null
}

/**
 * The verdict's thresholds, in one place.
 * - SNR: whisper's word error rate rises steeply once speech is under ~10 dB above the noise
 *   (the noisy-speech results of the Whisper paper, Radford et al. 2022, fig. 5); ordinary office
 *   and phone calls measure 20–35 dB, so 15 dB is worth a look and under 10 dB is poor audio.
 * - Clipping: more than 0.1 % of samples at full scale is audible distortion that garbles
 *   consonants; a clean recording has next to none.
 * - Loudness: speech under −45 dBFS RMS is barely above the quantisation noise of 16-bit audio
 *   once a codec has been at it (a normal call sits at −30 to −15).
 * - Speech share: under 5 % of a recording longer than 10 s is someone's silence or hold music.
 * - Confidence: whisper's mean token probability under 0.6 on a line marks a line that is often
 *   wrong; as an average over a call it means many such lines.
 * - Overlap: when more than 15 % of the speech is two people at once, the lines of one of them are
 *   usually missing or merged.
 */
export const QUALITY_THRESHOLDS = Object.freeze({
  poorSnrDb: 10,
  checkSnrDb: 15,
  poorClippingShare: 0.001,
  poorLoudnessDbfs: -45,
  poorSpeechShare: 0.05,
  minDurationForSpeechShareMs: 10_000,
  checkConfidence: 0.6,
  checkOverlapShare: 0.15,
})

/** SNR is capped here: digital silence between words would make it infinite. */
const MAX_SNR_DB = 60
const MIN_SNR_DB = -30
/** Each side of the SNR needs at least this much audio to be measured on its own regions. */
const MIN_SIDE_MS = 1000

const db = (power: number): number => 10 * Math.log10(power)
const round = (value: number, decimals: number): number => {
  const scale = 10 ** decimals
  return Math.round(value * scale) / scale
}

/**
 * The call-quality report of one recording, from the levels metered while it was decoded for the
 * transcriber, the speech regions already found (the diarizer's speaker turns, or each channel's
 * voice regions), and the stored lines. Pure.
 *
 * SNR: the mean power of speech frames against the median power of the other frames (the median,
 * so a missed word in a pause does not count as noise); speech frames hold speech plus noise, so
 * the noise is taken off first. When either side has under a second of audio (no pauses at all, or
 * speech the region finder did not hear because the noise was too loud), the loudest and quietest
 * tenth of the frames stand in for speech and noise.
 */
export function assessCallQuality(
  levels: AudioLevels,
  speech: readonly TimeSpan[],
  lines: readonly QualityLine[],
  durationMs: number,
): CallQuality {
  const { frameMs, power } = levels
  const inSpeech = markFrames(power.length, frameMs, speech)
  const speechPower: number[] = []
  const pausePower: number[] = []
  power.forEach((p, f) => (inSpeech[f] === 1 ? speechPower : pausePower).push(p))
  const speechShare = power.length === 0 ? 0 : speechPower.length / power.length

  let signal: number
  let noise: number
  if (speechPower.length * frameMs >= MIN_SIDE_MS && pausePower.length * frameMs >= MIN_SIDE_MS) {
    signal = mean(speechPower)
    noise = median(pausePower)
  } else {
    const sorted = Float32Array.from(power).sort()
    const tenth = Math.max(1, Math.floor(sorted.length / 10))
    signal = mean(Array.from(sorted.subarray(sorted.length - tenth)))
    noise = mean(Array.from(sorted.subarray(0, tenth)))
  }
  const snrDb =
    power.length === 0 || signal <= 0
      ? null
      : noise <= 0
        ? MAX_SNR_DB
        : Math.min(MAX_SNR_DB, Math.max(MIN_SNR_DB, db(Math.max(signal - noise, 1e-12) / noise)))

  const speechMean = mean(speechPower)
  const loudnessDbfs =
    speechPower.length === 0 || speechMean <= 0 ? null : Math.min(0, db(speechMean))
  const clippingShare = levels.samples === 0 ? 0 : levels.clippedSamples / levels.samples
  const overlapShare = overlapOf(lines)
  const meanConfidence = confidenceOf(lines)

  const facts = {
    speechShare: round(speechShare, 3),
    loudnessDbfs: loudnessDbfs === null ? null : round(loudnessDbfs, 1),
    clippingShare: round(clippingShare, 5),
    snrDb: snrDb === null ? null : round(snrDb, 1),
    overlapShare: round(overlapShare, 3),
    meanConfidence: meanConfidence === null ? null : round(meanConfidence, 3),
  }
  return { ...facts, ...verdictOf(facts, durationMs) }
}

type QualityFacts = Omit<CallQuality, 'verdict' | 'reasons'>

function verdictOf(
  facts: QualityFacts,
  durationMs: number,
): { verdict: QualityVerdict; reasons: string[] } {
  const t = QUALITY_THRESHOLDS
  const poor: string[] = []
  const check: string[] = []
  if (facts.loudnessDbfs === null) poor.push('No speech was found in the audio.')
  else if (facts.loudnessDbfs < t.poorLoudnessDbfs) {
    poor.push(`The speech is very quiet (${facts.loudnessDbfs} dBFS).`)
  }
  if (facts.snrDb !== null && facts.snrDb < t.poorSnrDb) {
    poor.push(`Background noise is close to the speech (SNR ${facts.snrDb} dB).`)
  } else if (facts.snrDb !== null && facts.snrDb < t.checkSnrDb) {
    check.push(`There is noticeable background noise (SNR ${facts.snrDb} dB).`)
  }
  if (facts.clippingShare > t.poorClippingShare) {
    poor.push(`The audio is clipped (${percent(facts.clippingShare, 2)} of samples at full scale).`)
  }
  if (
    facts.loudnessDbfs !== null &&
    durationMs >= t.minDurationForSpeechShareMs &&
    facts.speechShare < t.poorSpeechShare
  ) {
    poor.push(`Only ${percent(facts.speechShare, 1)} of the recording is speech.`)
  }
  if (facts.meanConfidence !== null && facts.meanConfidence < t.checkConfidence) {
    check.push(
      `The transcriber was unsure of many words (mean confidence ${percent(facts.meanConfidence, 0)}).`,
    )
  }
  if (facts.overlapShare > t.checkOverlapShare) {
    check.push(`People talk over each other in ${percent(facts.overlapShare, 0)} of the speech.`)
  }
  if (poor.length > 0) return { verdict: 'poor-audio', reasons: [...poor, ...check] }
  if (check.length > 0) return { verdict: 'check-transcript', reasons: check }
  return { verdict: 'good', reasons: [] }
}

function percent(share: number, decimals: number): string {
  return `${(share * 100).toFixed(decimals)} %`
}

function markFrames(count: number, frameMs: number, spans: readonly TimeSpan[]): Uint8Array {
  const marks = new Uint8Array(count)
  for (const span of spans) {
    // A frame is speech when its middle is inside a region.
    const first = Math.max(0, Math.ceil(span.startMs / frameMs - 0.5))
    const end = Math.min(count, Math.ceil(span.endMs / frameMs - 0.5))
    marks.fill(1, first, Math.max(first, end))
  }
  return marks
}

/** Share of the time someone speaks (by the lines) where two or more speakers do. */
function overlapOf(lines: readonly QualityLine[]): number {
  const edges: { at: number; speaker: string; delta: 1 | -1 }[] = []
  for (const line of lines) {
    if (line.endMs <= line.startMs) continue
    const speaker = line.speaker ?? 'Unknown'
    edges.push({ at: line.startMs, speaker, delta: 1 }, { at: line.endMs, speaker, delta: -1 })
  }
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta)
  const active = new Map<string, number>()
  let speaking = 0
  let overlapping = 0
  let previous = edges[0]?.at ?? 0
  for (const edge of edges) {
    const span = edge.at - previous
    if (active.size >= 1) speaking += span
    if (active.size >= 2) overlapping += span
    previous = edge.at
    const now = (active.get(edge.speaker) ?? 0) + edge.delta
    if (now <= 0) active.delete(edge.speaker)
    else active.set(edge.speaker, now)
  }
  return speaking === 0 ? 0 : overlapping / speaking
}

/** Mean confidence weighted by each line's length, over the lines that have one. */
function confidenceOf(lines: readonly QualityLine[]): number | null {
  let weighted = 0
  let weight = 0
  for (const line of lines) {
    if (line.confidence === null) continue
    const w = Math.max(1, line.endMs - line.startMs)
    weighted += line.confidence * w
    weight += w
  }
  return weight === 0 ? null : weighted / weight
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
