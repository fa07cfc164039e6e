import { randomUUID } from 'node:crypto'
import type { Db } from '../../src/core/store/openDatabase'
import { seededRandom, type Random } from '../../test/unit/audit/support/seededRandom'

/**
 * The head of spoken English by frequency, then the words a sales call is about: real words where a
 * query is realistic, so "the" is as common in the corpus as it is in calls.
 */
const headWords = `the i you and to a it that of we is in so yeah know like it's what have
  just for this on be do but they not uh with are was um can right okay if at um think me my no
  all our there about get would one go how or your that's don't as yes from up out an will
  going then really see people mean well them time because some more could when want here need
  good now us lot also which other has these make had by did those kind thing any work maybe
  where sure their were who actually much sort year next week team call price pricing budget
  quarter contract renewal customer integration security feature roadmap demo trial license
  seat discount competitor timeline decision approval legal procurement onboarding support
  migration dashboard report export api salesforce hubspot slack zoom gong chorus acme globex
  initech umbrella pilot rollout churn cancel expensive cheaper value risk compliance soc gdpr
  audit invoice annual monthly tier enterprise starter growth users admins sso okta workflow`
  .split(/\s+/)
  .filter((word) => word.length > 0)

const syllables = `ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ha he
  hi ho ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru
  sa se si so su ta te ti to tu va ve vi vo za ze zi zo bar ber dan den fal fen gar gen kal
  kem lan len mar men nar nem par pen ral ren sal sen tal ten val ven`
  .split(/\s+/)
  .filter((syllable) => syllable.length > 0)

export interface SegmentCorpusOptions {
  segments: number
  segmentsPerRecording: number
  vocabulary: number
  /** Zipf exponent: ~1 for natural language (Zipf 1949). */
  zipfExponent: number
  seed: number
}

export interface SegmentCorpus {
  /** Words by frequency rank (0 = most common). */
  words: string[]
  recordings: number
  segments: number
}

/** Words by rank: the real head, then distinct pronounceable made-up words for the long tail. */
export function buildVocabulary(size: number, random: Random): string[] {
  const seen = new Set<string>(headWords)
  const words = [...seen]
  while (words.length < size) {
    const parts = random.int(2, 4)
    let word = ''
    for (let i = 0; i < parts; i += 1) word += random.pick(syllables)
    if (!seen.has(word)) {
      seen.add(word)
      words.push(word)
    }
  }
  return words.slice(0, size)
}

/** A sampler of ranks with P(rank k) ∝ 1 / (k+1)^s, by binary search over the cumulative sum. */
function zipfSampler(size: number, exponent: number, random: Random): () => number {
  const cumulative = new Float64Array(size)
  let total = 0
  for (let k = 0; k < size; k += 1) {
    total += 1 / Math.pow(k + 1, exponent)
    cumulative[k] = total
  }
  return () => {
    const target = random.next() * total
    let lo = 0
    let hi = size - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((cumulative[mid] ?? total) < target) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/**
 * Fills an Earshot database (already migrated) with recordings and segments whose words follow a
 * Zipf distribution. One prepared statement per table and one transaction per 50,000 rows: the FTS
 * triggers index as rows go in, as they do in the app.
 */
export function generateSegmentCorpus(db: Db, options: SegmentCorpusOptions): SegmentCorpus {
  const random = seededRandom(options.seed)
  const words = buildVocabulary(options.vocabulary, random)
  const nextRank = zipfSampler(words.length, options.zipfExponent, random)
  const speakers = ['Speaker 1', 'Speaker 2', 'Speaker 3']
  const insertRecording = db.prepare(
    `INSERT INTO recordings (id, title, source_path, source_sha256, bytes, container, duration_ms,
       channels, imported_at, status, progress)
     VALUES (?, ?, ?, ?, ?, 'wav', ?, 1, ?, 'done', 100)`,
  )
  const insertSegment = db.prepare(
    `INSERT INTO segments (recording_id, idx, start_ms, end_ms, text, speaker, confidence)
     VALUES (?, ?, ?, ?, ?, ?, NULL)`,
  )
  // Demand signals on ~2% of segments, so the tracker filter has something realistic to find.
  const insertSignal = db.prepare(
    `INSERT INTO signals (recording_id, tracker, phrase, quote, speaker, start_ms, segment_idx)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const trackers = ['pricing', 'competitor', 'feature-request', 'objection']
  const recordings = Math.ceil(options.segments / options.segmentsPerRecording)
  // Calls spread over the last two years, one recording after another.
  const firstImport = Date.UTC(2024, 0, 1)
  const spacingMs = (730 * 86_400_000) / recordings
  let written = 0
  const batch = db.transaction((from: number, to: number) => {
    for (let r = from; r < to; r += 1) {
      const id = randomUUID()
      const count = Math.min(options.segmentsPerRecording, options.segments - written)
      insertRecording.run(
        id,
        `call ${r}`,
        `/calls/${r}.wav`,
        r.toString(16).padStart(64, '0'),
        1_000_000,
        count * 4000,
        new Date(firstImport + r * spacingMs).toISOString(),
      )
      for (let idx = 0; idx < count; idx += 1) {
        const length = random.int(6, 24)
        const tokens: string[] = []
        for (let t = 0; t < length; t += 1) tokens.push(words[nextRank()] ?? '')
        const text = tokens.join(' ')
        const speaker = speakers[idx % 2 === 0 ? 0 : random.int(1, 2)] ?? null
        insertSegment.run(id, idx, idx * 4000, idx * 4000 + 3800, text, speaker)
        if (random.next() < 0.02) {
          const tracker = random.pick(trackers)
          insertSignal.run(id, tracker, tokens[0] ?? '', text, speaker, idx * 4000, idx)
        }
      }
      written += count
    }
  })
  const recordingsPerBatch = Math.max(1, Math.floor(50_000 / options.segmentsPerRecording))
  for (let r = 0; r < recordings; r += recordingsPerBatch) {
    batch(r, Math.min(recordings, r + recordingsPerBatch))
  }
  return { words, recordings, segments: written }
}
