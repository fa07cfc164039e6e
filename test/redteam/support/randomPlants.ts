/* eslint-disable @typescript-eslint/no-misused-spread -- the alphabets are code points on purpose: one symbol, one character */

import { createSeededRandom } from '../../../src/core/transcribe/model/createSeededRandom'
import { createHash, randomUUID } from 'node:crypto'
import { MemoryCapacityLedger } from '../../../src/core/egress/capacity/CapacityLedger'
import { checkUploadCapacity } from '../../../src/core/egress/capacity/checkUploadCapacity'
import type { RecordingFacts } from '../../../src/core/egress/capacity/measureUpload'
import { UPLOAD_BUDGET } from '../../../src/core/egress/capacity/uploadBudget'
import { canonicalJsonText } from '../../../src/core/egress/canonicalJsonText'
import { TranscriptUpload } from '../../../src/shared/upload'

// Random encodings for the capacity property test and bench:privacy (issue 10): random bytes
// planted in transcripts by randomly generated schemes, uploaded again and again per recording.

/** A seeded PRNG in [0, 1), so a failure names the seed that reproduces it. */
export function prng(seed: number): () => number {
  const next = createSeededRandom(seed)
  return () => next() / 4294967296
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i))
const CANDIDATES: Record<string, string[]> = {
  en: range(0x21, 0x7e),
  de: [...range(0x21, 0x7e), ...'äöüÄÖÜßéè'],
  es: [...range(0x21, 0x7e), ...'áéíóúñÁÉÍÓÚÑ¿¡ü'],
  ja: [
    ...range(0x3041, 0x3096),
    ...range(0x30a1, 0x30fa),
    ...range(0x4e00, 0x4fff),
    ...range(0x41, 0x5a),
  ],
  zh: [...range(0x4e00, 0x5fff), ...range(0x30, 0x39), ...'，。？！'],
}
export const LANGUAGES = Object.keys(CANDIDATES)

export interface Planted {
  segments: { startMs: number; endMs: number; text: string; confidence?: number }[]
  /** Exactly the bits of the random payload the upload carries. */
  carried: number
  scheme: string
}

/** Bits drawn from `random`, `n` at a time. */
const bitsOf = (random: () => number, n: number) => Math.floor(random() * 2 ** n)

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}

/** Symbols (words or characters) cut into segments on the grid across the recording. */
function intoSegments(symbols: string[], joiner: string, durationMs: number, random: () => number) {
  const maxSegments = Math.floor(durationMs / 1000) * UPLOAD_BUDGET.segmentsPerSecond + 1
  const count = Math.max(1, Math.min(maxSegments, 1 + Math.floor(random() * 40)))
  const per = Math.ceil(symbols.length / count) || 1
  const step = Math.floor(durationMs / 10 / count) * 10
  const segments = []
  for (let i = 0; i * per < symbols.length || (i === 0 && symbols.length === 0); i++) {
    const text =
      symbols
        .slice(i * per, (i + 1) * per)
        .join(joiner)
        .slice(0, 4000) || 'ok'
    segments.push({ startMs: i * step, endMs: i * step + step, text })
  }
  return segments
}

export function plant(language: string, durationMs: number, random: () => number): Planted {
  const candidates = CANDIDATES[language] ?? []
  const kind = Math.floor(random() * 4)
  if (kind === 0) {
    // A random alphabet of 2^b characters, words of random length.
    const b = 1 + Math.floor(random() * Math.min(10, Math.log2(candidates.length)))
    const alphabet = shuffle([...candidates], random).slice(0, 2 ** b)
    const n = Math.floor(random() * durationMs * 0.05)
    const chars = Array.from({ length: n }, () => alphabet[bitsOf(random, b)] ?? 'a')
    const width = 3 + Math.floor(random() * 60)
    const words: string[] = []
    for (let i = 0; i < chars.length; i += width) words.push(chars.slice(i, i + width).join(''))
    return {
      segments: intoSegments(words, ' ', durationMs, random),
      carried: chars.length * b,
      scheme: `alphabet of ${2 ** b}, words of ${width}`,
    }
  }
  if (kind === 1) {
    // A random word map: 2^b words of 2–9 letters of a random alphabet.
    const b = 1 + Math.floor(random() * 12)
    const letters = shuffle([...candidates], random).slice(0, 4 + Math.floor(random() * 40))
    const map = new Set<string>()
    while (map.size < 2 ** b) {
      const length = 2 + Math.floor(random() * 8)
      map.add(Array.from({ length }, () => letters[Math.floor(random() * letters.length)]).join(''))
    }
    const words = [...map]
    const n = Math.floor(random() * durationMs * 0.01)
    const planted = Array.from({ length: n }, () => words[bitsOf(random, b)] ?? 'a')
    return {
      segments: intoSegments(planted, ' ', durationMs, random),
      carried: n * b,
      scheme: `word map of ${2 ** b}`,
    }
  }
  if (kind === 2) {
    // Numbers: b bits per segment in the gap before its start, 6 in its confidence.
    const b = 1 + Math.floor(random() * 10)
    const segments: Planted['segments'] = []
    let at = 0
    let carried = 0
    const maxSegments = Math.floor(durationMs / 1000) * UPLOAD_BUDGET.segmentsPerSecond + 1
    while (segments.length < maxSegments) {
      const next = at + 10 * bitsOf(random, b)
      if (next > durationMs) break
      segments.push({ startMs: next, endMs: next, text: 'ok', confidence: bitsOf(random, 6) / 100 })
      carried += b + 6
      at = next
    }
    return { segments, carried, scheme: `timestamps (${b} bits) and confidences` }
  }
  // Case and punctuation of ordinary words: one bit per letter, two per sentence end.
  const words = 'so we can look at the plan next week and then decide'.split(' ')
  const n = Math.floor(random() * durationMs * 0.004)
  let carried = 0
  const planted = Array.from({ length: n }, () => {
    const word = words[Math.floor(random() * words.length)] ?? 'ok'
    const cased = [...word].map((c) => (random() < 0.5 ? c.toUpperCase() : c)).join('')
    carried += word.length + 2
    return cased + (['.', ',', '?', '!'][bitsOf(random, 2)] ?? '.')
  })
  // Only case and marks are the payload here; the word choice is the cover.
  return {
    segments: intoSegments(planted, ' ', durationMs, random),
    carried,
    scheme: 'case and marks',
  }
}

export interface PlantRun {
  recordings: number
  uploadsPassed: number
  uploadsRefused: number
  /** Payload bits that got through, over all recordings. */
  carriedBits: number
  /** The bound over all recordings: bitsPerSecond × their durations. */
  boundBits: number
  /** The largest carried / bound of any one recording. */
  worstRatio: number
  /** Any upload that carried more than it was charged, or recording more than its bound. */
  violations: string[]
  schemesPassing: Set<string>
}

/** Plants random payloads in `recordings` recordings, up to six uploads each, through the budget. */
export function runRandomPlants(seed: number, recordings: number): PlantRun {
  const random = prng(seed)
  const run: PlantRun = {
    recordings,
    uploadsPassed: 0,
    uploadsRefused: 0,
    carriedBits: 0,
    boundBits: 0,
    worstRatio: 0,
    violations: [],
    schemesPassing: new Set(),
  }
  for (let recording = 0; recording < recordings; recording++) {
    const ledger = new MemoryCapacityLedger()
    const language = LANGUAGES[Math.floor(random() * LANGUAGES.length)] ?? 'en'
    const durationMs = (5 + Math.floor(random() * 115)) * 1000 + Math.floor(random() * 1000)
    const recordingId = randomUUID()
    const facts: RecordingFacts = {
      durationMs,
      createdAt: '2026-03-04T05:06:07.000Z',
      language,
      title: 'call.m4a',
      installId: randomUUID(),
    }
    ledger.register(recordingId, facts)
    const bound = (UPLOAD_BUDGET.bitsPerSecond * durationMs) / 1000
    let carriedHere = 0
    const uploads = 1 + Math.floor(random() * 6)
    for (let round = 0; round < uploads; round++) {
      const planted = plant(language, durationMs, random)
      const parsed = TranscriptUpload.safeParse({
        schemaVersion: 1,
        recordingId,
        durationMs,
        language,
        createdAt: facts.createdAt,
        segments: planted.segments,
        summary: null,
        signals: [],
        metrics: null,
        client: { appVersion: '0.1.0', installId: facts.installId },
      })
      if (!parsed.success) {
        run.uploadsRefused++
        continue
      }
      const sha = createHash('sha256').update(canonicalJsonText(parsed.data)).digest('hex')
      const verdict = checkUploadCapacity(parsed.data, sha, facts, ledger.history(recordingId))
      if (!verdict.ok) {
        run.uploadsRefused++
        continue
      }
      run.uploadsPassed++
      run.schemesPassing.add(planted.scheme.replace(/\d+/g, 'n'))
      if (planted.carried > verdict.charge.bits) {
        run.violations.push(
          `${planted.scheme}: carried ${planted.carried} > charged ${verdict.charge.bits}`,
        )
      }
      ledger.charge(recordingId, verdict.charge)
      carriedHere += planted.carried
    }
    if (carriedHere > bound)
      run.violations.push(`recording ${recording}: ${carriedHere} > ${bound}`)
    run.carriedBits += carriedHere
    run.boundBits += bound
    run.worstRatio = Math.max(run.worstRatio, carriedHere / bound)
  }
  return run
}
