// The team server under a whole team, on both engines in one run (issue 12): 50 laptops (members,
// each its own token) × 20 uploads at once on loopback, the server process SIGKILLed after half of
// the receipts and started again; then every receipt checked against the database.
// Figures: ingest p50/p95 (a successful POST's round trip), uploads/s over the whole run (kill
// and restart included), lost and duplicated (both must be 0); and a loopback Standard Webhooks
// receiver's count per event id (verified with the standardwebhooks library): missing and
// duplicated (both must be 0), and the attempts the kill cut off, delivered again with their id.
// Run: npm run bench:team   (PostgreSQL from EARSHOT_TEST_POSTGRES_URL, a role with CREATEDB)
//      → prints a table and writes bench/results/team.json
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { repoRoot } from '../test/support/paths'
import { runTeamLoad, type TeamLoadResult } from '../test/support/teamLoad'

const LAPTOPS = Number(process.env.BENCH_TEAM_LAPTOPS ?? 50)
const UPLOADS = Number(process.env.BENCH_TEAM_UPLOADS ?? 20)

const postgresUrl = process.env.EARSHOT_TEST_POSTGRES_URL
if (postgresUrl === undefined || postgresUrl === '') {
  console.error(
    'EARSHOT_TEST_POSTGRES_URL is not set: set it to a postgres:// URL of a role with CREATEDB to measure PostgreSQL beside SQLite.',
  )
  process.exit(1)
}

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: withDatabase(postgresUrl, 'postgres') })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

const results: Record<string, TeamLoadResult> = {}
const dir = mkdtempSync(join(tmpdir(), 'earshot-bench-team-'))
const pgName = `earshot_bench_${randomBytes(6).toString('hex')}`
try {
  const half = Math.floor((LAPTOPS * UPLOADS) / 2)
  results.sqlite = await runTeamLoad({
    db: join(dir, 'team.db'),
    laptops: LAPTOPS,
    uploadsPerLaptop: UPLOADS,
    killAfter: half,
    dataDir: join(dir, 'sqlite-data'),
  })
  await admin(`CREATE DATABASE ${pgName}`)
  results.postgres = await runTeamLoad({
    db: withDatabase(postgresUrl, pgName),
    laptops: LAPTOPS,
    uploadsPerLaptop: UPLOADS,
    killAfter: half,
    dataDir: join(dir, 'postgres-data'),
  })
} finally {
  await admin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`).catch(() => undefined)
  rmSync(dir, { recursive: true, force: true })
}

console.log(`team server: ${LAPTOPS} laptops × ${UPLOADS} uploads, SIGKILL + restart midway`)
console.log('engine     p50 ms  p95 ms  uploads/s  received  lost  duplicated  retries')
for (const [engine, r] of Object.entries(results)) {
  console.log(
    `${engine.padEnd(9)} ${r.p50Ms.toFixed(1).padStart(7)} ${r.p95Ms.toFixed(1).padStart(7)} ${r.uploadsPerSecond.toFixed(1).padStart(10)} ${String(r.received).padStart(9)} ${String(r.lost).padStart(5)} ${String(r.duplicated).padStart(11)} ${String(r.retries).padStart(8)}`,
  )
}
console.log(
  'webhooks   events  delivered  distinct  missing  duplicated  again-after-kill  unverified  drain s',
)
for (const [engine, r] of Object.entries(results)) {
  const w = r.webhooks
  console.log(
    `${engine.padEnd(9)} ${String(w.expected).padStart(7)} ${String(w.deliveries).padStart(10)} ${String(w.distinct).padStart(9)} ${String(w.missing).padStart(8)} ${String(w.duplicated).padStart(11)} ${String(w.redeliveredAfterKill).padStart(17)} ${String(w.unverified).padStart(11)} ${(r.deliveryDrainMs / 1000).toFixed(1).padStart(8)}`,
  )
}
const out = join(repoRoot, 'bench', 'results', 'team.json')
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
writeFileSync(
  out,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, loadavg: loadavg() },
      laptops: LAPTOPS,
      uploadsPerLaptop: UPLOADS,
      results,
    },
    null,
    2,
  ) + '\n',
)
console.log(`wrote ${out}`)
const failed = Object.values(results).some(
  (r) =>
    r.lost > 0 ||
    r.duplicated > 0 ||
    r.webhooks.missing > 0 ||
    r.webhooks.duplicated > 0 ||
    r.webhooks.unverified > 0,
)
process.exit(failed ? 1 : 0)
