import type { DerivedSegment } from '../DerivedSegment'
import type { FoundSignal } from '../signals/findSignals'
import { splitSentences, type Sentence } from '../signals/splitSentences'
import type { CallSummary, KeyMoment, SummaryLimits } from './Summarizer'
import { stopWords } from './stopWords'
import { safeMs } from '../signals/safeMs'

export const DEFAULT_SUMMARY_SENTENCES = 5
export const DEFAULT_SUMMARY_CHARS = 1000
const MAX_SUMMARY_SENTENCES = 50
/** `TranscriptUpload.summary` holds at most 20,000 characters. */
const MAX_SUMMARY_CHARS = 20_000

/** A sentence needs this many words, two of them content words, to be worth a summary line. */
const MIN_WORDS = 4
const MIN_TERMS = 2
/** Sentences shorter than this many words rank lower: "Pricing, yes." is central but says little. */
const FULL_LENGTH_WORDS = 15
/** A picked sentence this similar to an earlier pick is a repeat and is skipped. */
const MAX_SIMILARITY = 0.6
/** Sentences holding a tracker hit rank this much higher. */
const SIGNAL_BOOST = 1.5

const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu

type Vector = Map<string, number>

interface Candidate {
  sentence: Sentence
  vector: Vector
  score: number
  trackers: string[]
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let dot = 0
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0)
  return dot
}

/** Scales a vector to unit length (in place); an all-zero vector stays as it is. */
function normalize(vector: Vector): Vector {
  let sum = 0
  for (const weight of vector.values()) sum += weight * weight
  const norm = Math.sqrt(sum)
  if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm)
  return vector
}

function clampLimit(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback
  return Math.min(max, Math.max(0, Math.floor(value)))
}

/** Tracker ids per sentence, matched by quote and segment (both come from `splitSentences`). */
function trackersBySentence(
  sentences: readonly Sentence[],
  signals: readonly FoundSignal[],
): Map<number, string[]> {
  const key = (segmentIdx: number, quote: string): string => `${segmentIdx}\u0000${quote}`
  const bySegmentAndQuote = new Map<string, string[]>()
  for (const signal of signals) {
    const at = key(signal.segmentIdx, signal.quote)
    bySegmentAndQuote.set(at, [...(bySegmentAndQuote.get(at) ?? []), signal.tracker])
  }
  const result = new Map<number, string[]>()
  for (const sentence of sentences) {
    const trackers = sentence.spans.flatMap(
      (span) => bySegmentAndQuote.get(key(span.segment.idx, sentence.text)) ?? [],
    )
    if (trackers.length > 0) result.set(sentence.index, [...new Set(trackers)].sort())
  }
  return result
}

/**
 * A deterministic extractive summary: sentences ranked by TF-IDF similarity to the whole call
 * (centroid centrality, linear in the transcript's length, so an hour-long call costs no more than
 * its words), raised when they hold a tracker hit, lowered when very short; near-repeats of a
 * picked sentence are skipped. The picks are returned in call order within `maxSentences` and
 * `maxChars`, each as a key moment with its time and segment. Ties break by position, so the same
 * transcript always gives the same summary. Empty or wordless input gives an empty summary.
 */
export function extractiveSummary(
  segments: readonly DerivedSegment[],
  limits: SummaryLimits = {},
  signals: readonly FoundSignal[] = [],
  sentences: readonly Sentence[] = splitSentences(segments),
): CallSummary {
  const maxSentences = clampLimit(
    limits.maxSentences,
    DEFAULT_SUMMARY_SENTENCES,
    MAX_SUMMARY_SENTENCES,
  )
  const maxChars = clampLimit(limits.maxChars, DEFAULT_SUMMARY_CHARS, MAX_SUMMARY_CHARS)

  const eligible: { sentence: Sentence; terms: string[]; words: number }[] = []
  for (const sentence of sentences) {
    const words = [...sentence.text.matchAll(WORD)].map((m) => m[0].toLowerCase())
    const terms = words.filter((word) => word.length > 1 && !stopWords.has(word))
    if (words.length >= MIN_WORDS && terms.length >= MIN_TERMS) {
      eligible.push({ sentence, terms, words: words.length })
    }
  }
  if (eligible.length === 0 || maxSentences === 0) return { text: '', keyMoments: [] }

  const documentFrequency = new Map<string, number>()
  for (const { terms } of eligible) {
    for (const term of new Set(terms))
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1)
  }
  const hits = trackersBySentence(sentences, signals)
  const candidates: Candidate[] = eligible.map(({ sentence, terms }) => {
    const vector: Vector = new Map()
    for (const term of terms) {
      const idf = Math.log(1 + eligible.length / (documentFrequency.get(term) ?? 1))
      vector.set(term, (vector.get(term) ?? 0) + idf)
    }
    return {
      sentence,
      vector: normalize(vector),
      score: 0,
      trackers: hits.get(sentence.index) ?? [],
    }
  })

  const centroid: Vector = new Map()
  for (const { vector } of candidates) {
    for (const [term, weight] of vector) centroid.set(term, (centroid.get(term) ?? 0) + weight)
  }
  normalize(centroid)
  eligible.forEach(({ words }, i) => {
    const candidate = candidates[i]
    if (candidate === undefined) return
    const length = Math.min(1, Math.log(1 + words) / Math.log(1 + FULL_LENGTH_WORDS))
    const boost = candidate.trackers.length > 0 ? SIGNAL_BOOST : 1
    candidate.score = cosine(candidate.vector, centroid) * length * boost
  })

  const ranked = [...candidates].sort(
    (a, b) => b.score - a.score || a.sentence.index - b.sentence.index,
  )
  const picked: Candidate[] = []
  let chars = 0
  for (const candidate of ranked) {
    if (picked.length >= maxSentences) break
    const added = candidate.sentence.text.length + (picked.length > 0 ? 1 : 0)
    if (chars + added > maxChars) continue
    if (picked.some((p) => cosine(p.vector, candidate.vector) > MAX_SIMILARITY)) continue
    picked.push(candidate)
    chars += added
  }
  picked.sort((a, b) => a.sentence.index - b.sentence.index)

  const keyMoments: KeyMoment[] = picked.map(({ sentence, trackers }) => {
    const first = sentence.spans[0]?.segment
    return {
      startMs: safeMs(first?.startMs ?? 0),
      segmentIdx: first?.idx ?? 0,
      sentence: sentence.text,
      reason: trackers.length > 0 ? 'signal' : 'central',
      trackers,
    }
  })
  return { text: picked.map((p) => p.sentence.text).join(' '), keyMoments }
}
