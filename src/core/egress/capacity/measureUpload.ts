import { createHash } from 'node:crypto'
import { normalizeText } from '../../derive/signals/splitSentences'
import { UPLOAD_QUALITY_GRID, type TranscriptUpload } from '../../../shared/upload'
import { canonicalJsonText } from '../canonicalJsonText'
import { findTextProblem } from './findTextProblem'
import { scriptProfile, type ScriptProfile } from './scriptProfile'
import { UPLOAD_BUDGET } from './uploadBudget'

/** What the ledger already charged for the recording: earlier uploads and their parts. */
export interface UploadHistory {
  /** Distinct payloads charged so far. */
  readonly uploadCount: number
  hasUpload(payloadSha256: string): boolean
  /** Distinct parts (the header, segments) charged so far. */
  readonly partCount: number
  hasPart(fingerprint: string): boolean
}

/**
 * What the local store knows of the recording: the upload's header must say exactly this, so it
 * carries no free choice but whether the title is sent.
 */
export interface RecordingFacts {
  /** As probed at import (or where the transcript ends), never as the payload claims. */
  durationMs: number
  /** The import time, ISO 8601 (`createdAt`). */
  createdAt: string
  /** The detected language as the upload spells it (a 2–3 letter code or null). */
  language: string | null
  /** The recording's title (sent only when the user allows it), at most 200 characters. */
  title: string
  /** This installation's id (`client.installId`). */
  installId: string
  /** The CRM contact's email the user set for the recording; absent or '' when none. */
  contactEmail?: string
}

export interface MeasureContext {
  facts: RecordingFacts
  history: UploadHistory
}

/** Bits per part of the payload, for the bench and the handoff's table. */
export interface UploadBits {
  header: number
  segmentText: number
  segmentTimes: number
  segmentOther: number
  summary: number
  signals: number
  metrics: number
  /** The call-quality figures (issue 14): each a number on its coarse grid. */
  quality: number
  structure: number
}

export type UploadMeasure =
  | {
      ok: true
      /** What this upload can carry beyond what the ledger already holds: charged to it. */
      bits: number
      /** Parts not yet in the history, to be recorded with the charge. */
      newParts: string[]
      breakdown: UploadBits
      /** Characters of all segment texts, for the per-second cap. */
      chars: number
    }
  | { ok: false; rule: string; reason: string }

const MAX_SUMMARY_CHARS = 20_000
const MAX_SIGNALS = 10_000

const log2 = (choices: number): number => Math.log2(Math.max(1, choices))

class Refusal extends Error {
  constructor(
    readonly rule: string,
    readonly reason: string,
  ) {
    super(reason)
  }
}

/**
 * The capacity of one upload (issue 10): refuses it when it breaks a rule of the budget, and
 * otherwise counts, in bits, every free choice it makes beyond what the recording's earlier
 * uploads already carried. Counting is a code: the header and each segment are either a copy of
 * a part already charged (1 bit + log2 of the parts charged) or new (1 bit + every field: each
 * timestamp among the 10 ms steps it may take, each character its cost in the language's
 * profile, each string's length, each optional field's presence); the summary, quotes and
 * phrases are pointers into the uploaded text (offset and length), never free text; metrics are
 * numbers on their grid. A payload already charged costs 1 bit + log2 of the payloads charged.
 * Because every cost is a code length, the sum over all of a recording's uploads bounds what they
 * can carry together. Pure: the reference backend runs it too.
 */
export function measureUpload(
  upload: TranscriptUpload,
  payloadSha256: string,
  context: MeasureContext,
): UploadMeasure {
  try {
    return measure(upload, payloadSha256, context)
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, rule: error.rule, reason: error.reason }
    throw error
  }
}

function measure(
  upload: TranscriptUpload,
  payloadSha256: string,
  context: MeasureContext,
): UploadMeasure {
  const budget = UPLOAD_BUDGET
  const { facts, history } = context
  const durationMs = facts.durationMs
  if (upload.durationMs !== durationMs) {
    throw new Refusal(
      'header-not-recording',
      `The upload says the recording lasts ${upload.durationMs} ms; it lasts ${durationMs} ms.`,
    )
  }
  // The recording id picks the ledger; the rest of the header is the store's, to the byte.
  const mismatch =
    upload.createdAt !== facts.createdAt
      ? 'createdAt'
      : upload.language !== facts.language
        ? 'language'
        : upload.client.installId !== facts.installId
          ? 'client.installId'
          : upload.title !== undefined && upload.title !== facts.title.slice(0, 200)
            ? 'title'
            : upload.contactEmail !== undefined && upload.contactEmail !== facts.contactEmail
              ? 'contactEmail'
              : undefined
  if (mismatch !== undefined) {
    throw new Refusal(
      'header-not-recording',
      `The upload's ${mismatch} is not what this device holds for the recording.`,
    )
  }
  const profile = scriptProfile(upload.language)
  const seconds = durationMs / 1000
  const grid = budget.timeGridMs
  const steps = Math.floor(durationMs / grid) + 1
  const bits: UploadBits = {
    header: 0,
    segmentText: 0,
    segmentTimes: 0,
    segmentOther: 0,
    summary: 0,
    signals: 0,
    metrics: 0,
    quality: 0,
    structure: 1,
  }
  const newParts: string[] = []
  const partCost = (fingerprint: string, fresh: () => number): number => {
    if (history.hasPart(fingerprint)) return log2(history.partCount)
    newParts.push(fingerprint)
    return fresh()
  }
  // A derived part (summary, signal, metrics) sent before: 1 bit + which part; else 1 + fresh.
  const copyOr = (fingerprint: string, fresh: () => number): number =>
    1 + partCost(fingerprint, fresh)

  // The header: everything but the transcript and what is derived from it.
  const header = {
    recordingId: upload.recordingId,
    title: upload.title,
    contactEmail: upload.contactEmail,
    durationMs: upload.durationMs,
    language: upload.language,
    createdAt: upload.createdAt,
    client: upload.client,
  }
  bits.header =
    1 +
    partCost(fingerprint('header', header), () => {
      // Whether the title is sent, and the app's version string.
      if (upload.title !== undefined) textCost(upload.title, profile, '$.title')
      // Whether a contact is named, and then the address: a free choice of the user's, each
      // character among the ones an address is written with, and its length.
      const contact = 1 + (upload.contactEmail === undefined ? 0 : emailCost(upload.contactEmail))
      return contact + 1 + stringCost(upload.client.appVersion, 40, profile, '$.client.appVersion')
    })

  // Segments.
  const segments = upload.segments
  const maxSegments = Math.floor(seconds * budget.segmentsPerSecond) + 1
  if (segments.length > maxSegments) {
    throw new Refusal(
      'too-many-segments',
      `The upload has ${segments.length} segments; a ${formatSeconds(seconds)} recording allows ${maxSegments}.`,
    )
  }
  bits.structure += log2(maxSegments + 1)
  const speakers = new Map<string, number>()
  const speakerCost = (name: string | undefined, path: string): number => {
    const cost = log2(speakers.size + 2)
    if (name === undefined || speakers.has(name)) return cost
    if (speakers.size >= budget.maxSpeakers) {
      throw new Refusal(
        'too-many-speakers',
        `The upload names more than ${budget.maxSpeakers} speakers.`,
      )
    }
    speakers.set(name, speakers.size)
    return cost + stringCost(name, 80, profile, path)
  }
  let chars = 0
  let previousStart = 0
  segments.forEach((segment, i) => {
    const path = `$.segments[${i}]`
    if (segment.startMs % grid !== 0 || segment.endMs % grid !== 0) {
      throw new Refusal('time-off-grid', `The times of ${path} are not whole ${grid} ms steps.`)
    }
    if (segment.startMs < previousStart) {
      throw new Refusal('time-not-monotonic', `${path} starts before the segment before it.`)
    }
    if (segment.endMs > durationMs) {
      throw new Refusal('time-outside-recording', `${path} ends after the recording does.`)
    }
    previousStart = segment.startMs
    if (
      segment.confidence !== undefined &&
      !onGrid(segment.confidence, budget.confidenceDecimals)
    ) {
      throw new Refusal(
        'confidence-not-rounded',
        `The confidence of ${path} has more than ${budget.confidenceDecimals} decimals.`,
      )
    }
    // Checked whether or not the segment was charged before: rules hold for every byte sent.
    const text = textCost(segment.text, profile, `${path}.text`)
    chars += text.chars
    const fresh = () => {
      const start = segment.startMs / grid
      const times = log2(steps) + log2(steps - start)
      const other =
        speakerCost(segment.speaker, `${path}.speaker`) +
        log2(10 ** budget.confidenceDecimals + 2) +
        log2(4001)
      bits.segmentTimes += times
      bits.segmentOther += other + 1
      bits.segmentText += text.bits
      return 0
    }
    const fp = fingerprint('segment', segment)
    if (history.hasPart(fp)) {
      bits.segmentOther += 1 + log2(history.partCount)
      // A copied part's speaker is known to the receiver too: later parts may name it for less.
      if (segment.speaker !== undefined && !speakers.has(segment.speaker)) {
        speakers.set(segment.speaker, speakers.size)
      }
    } else {
      newParts.push(fp)
      fresh()
    }
  })
  const maxChars = Math.ceil(budget.charsPerSecond[profile.family] * Math.max(seconds, 1))
  if (chars > maxChars) {
    throw new Refusal(
      'too-much-text',
      `The upload has ${chars} characters of transcript; a ${formatSeconds(seconds)} recording allows ${maxChars}.`,
    )
  }

  // What is derived from the segments may only point into them.
  const joined = segments.map((s) => normalizeText(s.text)).join(' ')
  const pointer = 2 * log2(joined.length + 1)
  bits.summary = 1
  if (upload.summary !== null) {
    const pieces = splitIntoQuotes(upload.summary, joined)
    if (pieces === undefined) {
      throw new Refusal(
        'summary-not-quoted',
        'The summary holds text that is not in the uploaded segments.',
      )
    }
    bits.summary += copyOr(
      fingerprint('summary', upload.summary),
      () => log2(MAX_SUMMARY_CHARS + 1) + pieces * pointer,
    )
  }
  bits.signals = log2(MAX_SIGNALS + 1)
  const trackers = new Map<string, number>()
  upload.signals.forEach((signal, i) => {
    const path = `$.signals[${i}]`
    const segment = segments[signal.segmentIdx]
    if (segment === undefined) {
      throw new Refusal(
        'signal-not-quoted',
        `${path} points at a segment the upload does not have.`,
      )
    }
    if (signal.startMs !== segment.startMs) {
      throw new Refusal('signal-not-quoted', `${path} does not start where its segment does.`)
    }
    if (signal.speaker !== undefined && signal.speaker !== segment.speaker?.trim()) {
      throw new Refusal('signal-not-quoted', `${path} names another speaker than its segment.`)
    }
    if (!joined.includes(signal.quote)) {
      throw new Refusal(
        'signal-not-quoted',
        `The quote of ${path} is not in the uploaded segments.`,
      )
    }
    const fp = fingerprint('signal', signal)
    if (history.hasPart(fp)) {
      // Checked like any other, charged as a copy; its tracker is known to the receiver now.
      if (signal.phrase.length > 0) textCost(signal.phrase, profile, `${path}.phrase`)
      if (!trackers.has(signal.tracker)) trackers.set(signal.tracker, trackers.size)
      bits.signals += copyOr(fp, () => 0)
      return
    }
    let cost = log2(segments.length) + 1 + pointer
    cost += log2(trackers.size + 1)
    if (!trackers.has(signal.tracker)) {
      trackers.set(signal.tracker, trackers.size)
      cost += stringCost(signal.tracker, 80, profile, `${path}.tracker`)
    }
    // The phrase: a slice of the quote (as written or lower-cased), or free text, charged.
    const at = signal.quote.toLowerCase().indexOf(signal.phrase.toLowerCase())
    cost +=
      2 +
      (at >= 0
        ? 2 * log2(signal.quote.length + 1) +
          caseCost(signal.phrase, signal.quote.slice(at, at + signal.phrase.length))
        : stringCost(signal.phrase, 200, profile, `${path}.phrase`))
    bits.signals += copyOr(fp, () => cost)
  })

  bits.metrics = 1
  if (upload.metrics !== null) {
    const cost = metricsCost(upload, speakers, durationMs, chars)
    bits.metrics += copyOr(fingerprint('metrics', upload.metrics), () => cost)
  }

  // Whether the report is sent: 1 bit; then each figure among the values its grid allows.
  bits.quality = 1
  if (upload.quality !== undefined) {
    bits.quality += copyOr(fingerprint('quality', upload.quality), qualityCost)
  }

  const total = (Object.values(bits) as number[]).reduce((sum, b) => sum + b, 0)
  if (history.hasUpload(payloadSha256)) {
    return { ok: true, bits: 1 + log2(history.uploadCount), newParts: [], breakdown: bits, chars }
  }
  return { ok: true, bits: total, newParts, breakdown: bits, chars }
}

/**
 * The bits of one call-quality report: each figure is one of the values its grid allows
 * (UPLOAD_QUALITY_GRID, held by the schema the gate checks first), and a figure that may be null
 * costs one bit more for saying which.
 */
function qualityCost(): number {
  const grid = UPLOAD_QUALITY_GRID
  const shares = log2(10 ** grid.shareDecimals + 1)
  return (
    shares + // speechShare
    1 +
    log2(-grid.minLoudnessDbfs + 1) + // loudnessDbfs, or null
    log2(10 ** grid.clippingDecimals + 1) + // clippingShare
    1 +
    log2(grid.maxSnrDb - grid.minSnrDb + 1) + // snrDb, or null
    shares + // overlapShare
    1 +
    shares // meanConfidence, or null
  )
}

/** Lower-case or as written: one bit; anything else is refused (it would be free text). */
function caseCost(phrase: string, slice: string): number {
  if (phrase === slice || phrase === slice.toLowerCase()) return 1
  throw new Refusal('signal-not-quoted', 'A signal phrase is cased unlike its quote.')
}

function metricsCost(
  upload: TranscriptUpload,
  speakers: ReadonlyMap<string, number>,
  durationMs: number,
  chars: number,
): number {
  const metrics = upload.metrics
  if (metrics === null) return 0
  const budget = UPLOAD_BUDGET
  const keyChoices = speakers.size + 2
  const keys = (record: Record<string, number>, name: string, valueBits: number): number => {
    let cost = log2(keyChoices + 1)
    for (const key of Object.keys(record)) {
      if (key !== 'Unknown' && !speakers.has(key)) {
        throw new Refusal(
          'metrics-not-derived',
          `metrics.${name} names a speaker the segments do not.`,
        )
      }
      cost += log2(keyChoices) + valueBits
    }
    return cost
  }
  const ratio = (value: number, name: string): number => {
    if (!onGrid(value, budget.ratioDecimals)) {
      throw new Refusal(
        'metrics-not-rounded',
        `metrics.${name} has more than ${budget.ratioDecimals} decimals.`,
      )
    }
    return log2(10 ** budget.ratioDecimals + 1)
  }
  for (const value of Object.values(metrics.talkRatio)) ratio(value, 'talkRatio')
  let cost = keys(metrics.talkRatio, 'talkRatio', log2(10 ** budget.ratioDecimals + 1))
  for (const value of Object.values(metrics.questions)) {
    if (value > chars)
      throw new Refusal(
        'metrics-not-derived',
        'metrics.questions counts more questions than there are characters.',
      )
  }
  cost += keys(metrics.questions, 'questions', log2(chars + 1))
  if (metrics.longestMonologueMs > durationMs) {
    throw new Refusal(
      'metrics-not-derived',
      'metrics.longestMonologueMs is longer than the recording.',
    )
  }
  cost += log2(durationMs + 1)
  if (
    metrics.wordsPerMinute > budget.maxWordsPerMinute ||
    !onGrid(metrics.wordsPerMinute, budget.wordsPerMinuteDecimals)
  ) {
    throw new Refusal(
      'metrics-not-rounded',
      'metrics.wordsPerMinute is not a rounded speaking rate.',
    )
  }
  cost += log2(budget.maxWordsPerMinute * 10 ** budget.wordsPerMinuteDecimals + 1)
  cost += ratio(metrics.silenceShare, 'silenceShare')
  if (metrics.interruptions > upload.segments.length) {
    throw new Refusal('metrics-not-derived', 'metrics.interruptions counts more than the segments.')
  }
  cost += log2(upload.segments.length + 1)
  return cost
}

/**
 * `summary` as sentences of `joined` separated by single spaces (how the summarizer joins its
 * picks), greedily longest first; the number of pieces, or undefined when it is not one.
 */
function splitIntoQuotes(summary: string, joined: string): number | undefined {
  if (summary === '') return 0
  let pieces = 0
  let from = 0
  while (from < summary.length) {
    let end = summary.length
    for (;;) {
      if (joined.includes(summary.slice(from, end))) break
      end = summary.lastIndexOf(' ', end - 1)
      if (end <= from) return undefined
    }
    pieces++
    if (end === summary.length) return pieces
    from = end + 1
  }
  return pieces
}

/** Characters an email address is written with (letters, digits, `.`, `_`, `'`, `%`, `+`, `-`, `@`). */
const EMAIL_ALPHABET = /^[A-Za-z0-9._'%+@-]+$/
const EMAIL_SYMBOLS = 26 * 2 + 10 + 7

/** The bits of a contact email: its length among 1–254, each character among 69 symbols. */
function emailCost(email: string): number {
  if (!EMAIL_ALPHABET.test(email) || email.length > 254) {
    throw new Refusal(
      'character-not-allowed',
      'The contact email holds characters no address is written with.',
    )
  }
  return log2(254) + email.length * log2(EMAIL_SYMBOLS)
}

function textCost(
  text: string,
  profile: ScriptProfile,
  path: string,
): { bits: number; chars: number } {
  const verdict = findTextProblem(text, profile)
  if ('problem' in verdict) {
    throw new Refusal(verdict.problem.rule, `The text at ${path} contains ${verdict.problem.what}.`)
  }
  return verdict
}

function stringCost(text: string, maxChars: number, profile: ScriptProfile, path: string): number {
  return log2(maxChars + 1) + textCost(text, profile, path).bits
}

function onGrid(value: number, decimals: number): boolean {
  return Number(value.toFixed(decimals)) === value
}

function fingerprint(kind: string, value: unknown): string {
  return createHash('sha256')
    .update(`${kind}\n${canonicalJsonText(value)}`)
    .digest('hex')
}

function formatSeconds(seconds: number): string {
  return `${Math.round(seconds * 10) / 10} s`
}
