// Search at scale, measured in one run against a same-run baseline:
//   FTS query latency (p50/p95, ms) on 1,000,000 generated segments for rare, medium and very
//   common words, unfiltered and with each filter (date range, speaker, tracker), through
//   RecordingStore.searchPage exactly as the CLI and the app call it (target p95 < 20 ms);
//   the baseline is a LIKE '%word%' scan (LIMIT 50) over the same rows, interleaved query by query.
//   Derive time per hour of transcript: deriveRecording on an hour built from the fixture calls.
// Run: npm run bench:insights   → prints a table and writes bench/results/insights.json
// The corpus is cached in test-output/bench-insights/ (delete it to regenerate; ~40 s).
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import type { Db } from '../src/core/store/openDatabase'
import { openDatabase } from '../src/core/store/openDatabase'
import { RecordingStore, type SearchFilters } from '../src/core/store/RecordingStore'
import { toFtsQuery } from '../src/core/store/toFtsQuery'
import { repoRoot, testOutputDir } from '../test/support/paths'
import { deriveTiming } from './support/deriveTiming'
import { buildVocabulary, generateSegmentCorpus } from './support/generateSegmentCorpus'
import { seededRandom } from '../test/unit/audit/support/seededRandom'

const CORPUS = {
  segments: 1_000_000,
  segmentsPerRecording: 500,
  vocabulary: 50_000,
  zipfExponent: 1,
  seed: 42,
}
const CORPUS_VERSION = 1
const TERMS_PER_CLASS = 20
const REPEATS = 3
/** Word frequency ranks per class: the head of the Zipf curve, its shoulder, its tail. */
const classes = {
  veryCommon: [0, 20],
  medium: [300, 1000],
  rare: [15_000, 25_000],
} as const

const dir = join(testOutputDir, 'bench-insights')
const corpusPath = join(dir, `corpus-v${CORPUS_VERSION}-${CORPUS.segments}.db`)

function openCorpus(): { db: Db; words: string[]; generatedSeconds: number | null } {
  mkdirSync(dir, { recursive: true })
  if (existsSync(corpusPath)) {
    const words = buildVocabulary(CORPUS.vocabulary, seededRandom(CORPUS.seed))
    return { db: openDatabase(corpusPath, null), words, generatedSeconds: null }
  }
  const partial = `${corpusPath}.partial`
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true })
  const db = openDatabase(partial, null)
  const start = performance.now()
  const corpus = generateSegmentCorpus(db, CORPUS)
  const generatedSeconds = (performance.now() - start) / 1000
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  // Renamed only when complete, so an interrupted run never leaves a short corpus behind.
  renameSync(partial, corpusPath)
  return { db: openDatabase(corpusPath, null), words: corpus.words, generatedSeconds }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

function summarize(times: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN }
}

const { db, words, generatedSeconds } = openCorpus()
const store = new RecordingStore(db)
const likeScan = db.prepare(
  `SELECT s.recording_id, s.idx, s.start_ms, s.text FROM segments s
   JOIN recordings r ON r.id = s.recording_id WHERE s.text LIKE ? LIMIT 50`,
)
const counts = db.prepare(
  'SELECT (SELECT COUNT(*) FROM segments) AS segments, (SELECT COUNT(*) FROM signals) AS signals',
)
const newest = db.prepare('SELECT MAX(imported_at) FROM recordings').pluck().get() as string
const monthBefore = new Date(Date.parse(newest) - 30 * 86_400_000).toISOString()
const filters: Record<string, SearchFilters> = {
  none: {},
  lastMonth: { from: monthBefore },
  speaker: { speaker: 'Speaker 2' },
  tracker: { tracker: 'competitor' },
}

const random = seededRandom(7)
const results: Record<string, Record<string, ReturnType<typeof summarize>>> = {}
const baseline: Record<string, ReturnType<typeof summarize>> = {}
const rankedShare: Record<string, number> = {}
for (const [name, [lo, hi]] of Object.entries(classes)) {
  const terms = Array.from({ length: TERMS_PER_CLASS }, () => words[random.int(lo, hi)] ?? 'the')
  const times: Record<string, number[]> = Object.fromEntries(
    Object.keys(filters).map((f) => [f, []]),
  )
  const likeTimes: number[] = []
  let ranked = 0
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    for (const term of terms) {
      const query = toFtsQuery(term) ?? ''
      // Interleaved: the baseline and each variant run back to back under the same load.
      let start = performance.now()
      likeScan.all(`%${term}%`)
      likeTimes.push(performance.now() - start)
      for (const [filterName, filter] of Object.entries(filters)) {
        start = performance.now()
        const page = store.searchPage(query, { ...filter, limit: 50 })
        times[filterName]?.push(performance.now() - start)
        if (filterName === 'none' && page.ranked) ranked += 1
      }
    }
  }
  results[name] = Object.fromEntries(Object.entries(times).map(([f, t]) => [f, summarize(t)]))
  baseline[name] = summarize(likeTimes)
  rankedShare[name] = ranked / (TERMS_PER_CLASS * REPEATS)
}

const derive = deriveTiming()
const size = counts.get() as { segments: number; signals: number }
db.close()

const fmt = (n: number) => n.toFixed(2).padStart(8)
console.log(
  `\nFTS search on ${size.segments.toLocaleString()} segments (${size.signals.toLocaleString()} signals), ms`,
)
console.log('class        filter      p50      p95      max   LIKE p50  LIKE p95  ranked')
for (const [name, byFilter] of Object.entries(results)) {
  for (const [filterName, s] of Object.entries(byFilter)) {
    const like = baseline[name]
    console.log(
      `${name.padEnd(12)} ${filterName.padEnd(9)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.max)}` +
        (filterName === 'none' && like
          ? `  ${fmt(like.p50)}  ${fmt(like.p95)}  ${(rankedShare[name] ?? 0).toFixed(2)}`
          : ''),
    )
  }
}
console.log(derive.note)

const out = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', node: process.version },
  loadAverage: loadavg(),
  corpus: { ...CORPUS, ...size, generatedSeconds },
  termsPerClass: TERMS_PER_CLASS,
  repeats: REPEATS,
  ms: results,
  likeBaselineMs: baseline,
  /** LIKE p95 / FTS p95 (unfiltered): how many times faster the index is. */
  speedupP95: Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      (baseline[name]?.p95 ?? NaN) / (r.none?.p95 ?? NaN),
    ]),
  ),
  rankedShare,
  derive,
}
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
writeFileSync(join(repoRoot, 'bench', 'results', 'insights.json'), JSON.stringify(out, null, 2))
console.log('wrote bench/results/insights.json')
