import type { DerivedSegment } from '../DerivedSegment'
import { clipText } from './clipText'

/** Longest sentence kept in one piece; matches `UploadSignal.quote` (1000 characters). */
export const MAX_SENTENCE_LENGTH = 1000

/** Where a segment's text begins inside a sentence. */
export interface SentenceSpan {
  segment: DerivedSegment
  /** Offset in `Sentence.text` where this segment's contribution starts (0 for the first). */
  from: number
}

/** One sentence of the transcript, linked to the segments it was written from. */
export interface Sentence {
  /** Position in the transcript, counting from 0 in call order. */
  index: number
  /** NFC-normalised, whitespace-collapsed, at most `MAX_SENTENCE_LENGTH` characters. */
  text: string
  /** Non-empty, in order; sentences never span a change of speaker. */
  spans: SentenceSpan[]
}

/** The segment a character offset of the sentence came from. */
export function segmentAt(sentence: Sentence, offset: number): DerivedSegment {
  let found = sentence.spans[0]
  for (const span of sentence.spans) {
    if (span.from > offset) break
    found = span
  }
  if (found === undefined) throw new Error('a sentence has at least one span')
  return found.segment
}

// Common abbreviations that end in a period without ending the sentence.
const abbreviations = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'approx',
  'inc',
  'ltd',
  'co',
  'corp',
  'jr',
  'sr',
])

/**
 * Canonical text for matching: NFC (so "café" typed and "cafe\u0301" from a model are equal),
 * typographic apostrophes as ASCII (whisper writes both), whitespace collapsed.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}

/** Whether the terminator run at `[start, end)` of `text` ends a sentence. */
function endsSentence(text: string, start: number, end: number): boolean {
  const run = text.slice(start, end)
  // CJK full stops are followed by no space at all.
  if (/[。？！]/.test(run)) return true
  // Only a few characters either side matter; slicing the whole run would make long monologues
  // (mono recordings are one run) quadratic.
  const after = text.slice(end, end + 16)
  if (after !== '' && !/^["'”’)\]]*\s/.test(after)) return false
  if (/[?!]/.test(run)) return true
  const next = /^["'”’)\]]*\s*(.)/u.exec(after)?.[1]
  // Whisper capitalises sentence starts; "so… we" or "approx. ten" continue the sentence.
  if (next !== undefined && /\p{Ll}/u.test(next)) return false
  const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, start - 16), start))?.[1]?.toLowerCase()
  if (word === undefined) return true
  return !(abbreviations.has(word) || /^\p{L}$/u.test(word))
}

/** Cuts over-long text at the last space before the limit (or hard at the limit). */
function boundPiece(text: string): string[] {
  const pieces: string[] = []
  let rest = text
  while (rest.length > MAX_SENTENCE_LENGTH) {
    const window = clipText(rest, MAX_SENTENCE_LENGTH)
    const space = window.lastIndexOf(' ')
    const cut = space > MAX_SENTENCE_LENGTH / 2 ? space : window.length
    pieces.push(rest.slice(0, cut).trim())
    rest = rest.slice(cut).trim()
  }
  if (rest !== '') pieces.push(rest)
  return pieces
}

/**
 * The transcript as sentences in call order. Consecutive segments of the same speaker are read as
 * one text, so a sentence whisper split across segments stays whole; a change of speaker always
 * ends the sentence. Sentences longer than `MAX_SENTENCE_LENGTH` are cut at a space.
 */
export function splitSentences(segments: readonly DerivedSegment[]): Sentence[] {
  const ordered = [...segments].sort((a, b) => a.idx - b.idx)
  const sentences: Sentence[] = []
  let run: { text: string; starts: number[]; segments: DerivedSegment[] } | null = null

  const flush = (): void => {
    if (run === null) return
    const { text, starts, segments: runSegments } = run
    const terminators = /[.!?…。？！]+/gu
    let sentenceStart = 0
    let segmentCursor = 0
    const emit = (from: number, to: number): void => {
      const raw = text.slice(from, to)
      const lead = raw.length - raw.trimStart().length
      let offset = from + lead
      for (const piece of boundPiece(raw.trim())) {
        const pieceStart = text.indexOf(piece, offset)
        const spans: SentenceSpan[] = []
        // Pieces come in order, so the segment search resumes where the last piece began.
        while ((starts[segmentCursor + 1] ?? Infinity) <= pieceStart) segmentCursor++
        for (let i = segmentCursor; i < runSegments.length; i++) {
          const segStart = starts[i] ?? 0
          const segEnd = starts[i + 1] ?? text.length
          const segment = runSegments[i]
          if (segStart >= pieceStart + piece.length) break
          if (segment === undefined || segEnd <= pieceStart) continue
          spans.push({ segment, from: Math.max(0, segStart - pieceStart) })
        }
        if (spans.length > 0) sentences.push({ index: sentences.length, text: piece, spans })
        offset = pieceStart + piece.length
      }
    }
    for (const match of text.matchAll(terminators)) {
      const end = match.index + match[0].length
      if (!endsSentence(text, match.index, end)) continue
      const closing = /^["'”’)\]]*/.exec(text.slice(end, end + 16))?.[0].length ?? 0
      emit(sentenceStart, end + closing)
      sentenceStart = end + closing
    }
    if (text.slice(sentenceStart).trim() !== '') emit(sentenceStart, text.length)
    run = null
  }

  for (const segment of ordered) {
    const text = normalizeText(segment.text)
    if (text === '') continue
    if (run !== null && run.segments[0]?.speaker !== segment.speaker) flush()
    if (run === null) run = { text: '', starts: [], segments: [] }
    if (run.text !== '') run.text += ' '
    run.starts.push(run.text.length)
    run.segments.push(segment)
    run.text += text
  }
  flush()
  return sentences
}
