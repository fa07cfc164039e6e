// Cost of encryption at rest (issue 13), plaintext vs encrypted measured in one run, same machine,
// same data, alternating order, median of REPEATS:
//   import: what an import writes to earshot.db: a recording row, then each transcript line as the
//     job runner appends it (one commit per line, WAL, synchronous NORMAL, secure_delete), and the
//     derived full-text index; audio decoding and whisper (the bulk of a real import) are left out,
//     so this is the worst case for the ratio;
//   search: full-text queries over the imported corpus, through RecordingStore.search.
// Target: encrypted/plaintext ≤ 1.15 for both.
// Run: npm run bench:encryption  → prints a table and writes bench/results/encryption.json
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/core/store/openDatabase'
import { RecordingStore } from '../src/core/store/RecordingStore'
import { toFtsQuery } from '../src/core/store/toFtsQuery'
import { repoRoot } from '../test/support/paths'
import { seededRandom } from '../test/unit/audit/support/seededRandom'

const RECORDINGS = 60
const LINES = 120
const QUERIES = 400
const REPEATS = 3
const VOCABULARY = Array.from({ length: 3000 }, (_, i) => `word${i.toString(36)}`)

const work = mkdtempSync(join(tmpdir(), 'earshot-encryption-bench-'))
const key = randomBytes(32)

function line(random: ReturnType<typeof seededRandom>): string {
  return Array.from({ length: 14 }, () => random.pick(VOCABULARY)).join(' ')
}

function importCorpus(path: string, withKey: Buffer | null): number {
  const random = seededRandom(7)
  const db = openDatabase(path, withKey)
  const store = new RecordingStore(db)
  const started = performance.now()
  for (let r = 0; r < RECORDINGS; r++) {
    const id = `rec-${r}`
    store.insert({
      id,
      title: `Call ${r}.m4a`,
      sourcePath: `/calls/${r}.m4a`,
      sourceSha256: r.toString(16).padStart(64, '0'),
      bytes: 1000,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationMs: LINES * 2000,
      channels: 1,
      importedAt: '2026-12-01T10:00:00.000Z',
      status: 'done',
    })
    for (let i = 0; i < LINES; i++) {
      store.appendSegment(id, {
        startMs: i * 2000,
        endMs: i * 2000 + 1800,
        text: line(random),
        speaker: null,
        confidence: 0.9,
      })
    }
  }
  const ms = performance.now() - started
  db.close()
  return ms
}

function searchCorpus(path: string, withKey: Buffer | null): number {
  const random = seededRandom(11)
  const db = openDatabase(path, withKey)
  const store = new RecordingStore(db)
  const started = performance.now()
  let hits = 0
  for (let q = 0; q < QUERIES; q++) {
    hits += store.search(
      toFtsQuery(`${random.pick(VOCABULARY)} ${random.pick(VOCABULARY)}`) ?? '',
      50,
    ).length
    hits += store.search(toFtsQuery(random.pick(VOCABULARY)) ?? '', 50).length
  }
  const ms = performance.now() - started
  db.close()
  if (hits === 0) throw new Error('the queries found nothing: the bench measures nothing')
  return ms
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

const times = {
  plain: { import: [] as number[], search: [] as number[] },
  encrypted: { import: [] as number[], search: [] as number[] },
}
for (let repeat = 0; repeat < REPEATS; repeat++) {
  const order =
    repeat % 2 === 0 ? (['plain', 'encrypted'] as const) : (['encrypted', 'plain'] as const)
  for (const mode of order) {
    const dir = join(work, `${mode}-${repeat}`)
    mkdirSync(dir)
    const path = join(dir, 'earshot.db')
    const withKey = mode === 'encrypted' ? key : null
    times[mode].import.push(importCorpus(path, withKey))
    times[mode].search.push(searchCorpus(path, withKey))
  }
}
rmSync(work, { recursive: true, force: true })

const figures = {
  machine: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  corpus: { recordings: RECORDINGS, linesPerRecording: LINES, queries: QUERIES * 2 },
  cipher: 'sqlcipher (SQLCipher 4: AES-256-CBC + HMAC-SHA512 per 4 KiB page), raw key',
  importMs: { plain: median(times.plain.import), encrypted: median(times.encrypted.import) },
  searchMs: { plain: median(times.plain.search), encrypted: median(times.encrypted.search) },
  ratio: {
    import: median(times.encrypted.import) / median(times.plain.import),
    search: median(times.encrypted.search) / median(times.plain.search),
  },
  target: 1.15,
}
console.table({
  import: {
    plainMs: figures.importMs.plain.toFixed(0),
    encryptedMs: figures.importMs.encrypted.toFixed(0),
    ratio: figures.ratio.import.toFixed(3),
  },
  search: {
    plainMs: figures.searchMs.plain.toFixed(0),
    encryptedMs: figures.searchMs.encrypted.toFixed(0),
    ratio: figures.ratio.search.toFixed(3),
  },
})
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
writeFileSync(
  join(repoRoot, 'bench', 'results', 'encryption.json'),
  `${JSON.stringify(figures, null, 2)}\n`,
)
