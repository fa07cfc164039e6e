// What a deletion leaves on disk on PostgreSQL, and what VACUUM costs (issue 12, open end 5):
// 1,000 transcripts uploaded to the team server, one carrying a marker word, then 500 deleted by
// DELETE requests (the marker's among them). Measured: whether the marker's bytes are still in the
// tables' data files (heap, TOAST, indexes; read as root after a CHECKPOINT) after the DELETE,
// after a plain VACUUM of the affected tables and after VACUUM FULL, and how long each VACUUM took
// against the deletion batch itself; and whether the write-ahead log still holds the marker.
// Run: npm run bench:team-vacuum   (EARSHOT_TEST_POSTGRES_URL, a role with CREATEDB; as root, to
//      read the cluster's files) → prints a table and writes bench/results/team-vacuum.json
import { execFileSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { ReferenceBackend } from '../src/backend/ReferenceBackend'
import { deleteTranscript, postTranscript, teamUpload } from '../test/support/teamBackend'
import { repoRoot } from '../test/support/paths'

const url = process.env.EARSHOT_TEST_POSTGRES_URL
if (url === undefined || url === '') {
  console.error(
    'EARSHOT_TEST_POSTGRES_URL is not set: set it to a postgres:// URL of a role with CREATEDB.',
  )
  process.exit(1)
}
const DATA_DIR = process.env.BENCH_PG_DATA_DIR ?? '/var/lib/postgresql/15/main'
const UPLOADS = 1000
const TOKEN = 'vacuum-bench-token-0123456789'
const TABLES = ['transcripts', 'team_segments', 'team_signals']

const withDatabase = (name: string) => {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}
const name = `earshot_vacuum_${randomBytes(6).toString('hex')}`
const admin = new pg.Client({ connectionString: withDatabase('postgres') })
await admin.connect()
await admin.query(`CREATE DATABASE ${name}`)
const db = withDatabase(name)
const client = new pg.Client({ connectionString: db })
const marker = `zq${randomBytes(8).toString('hex')}marker`

/** Every file of the affected tables, their TOAST tables and indexes. */
async function relationFiles(): Promise<string[]> {
  const { rows } = await client.query<{ path: string }>(
    `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c
     WHERE c.oid IN (SELECT oid FROM pg_class WHERE relname = ANY($1)
       UNION SELECT reltoastrelid FROM pg_class WHERE relname = ANY($1) AND reltoastrelid <> 0
       UNION SELECT indexrelid FROM pg_index WHERE indrelid IN
         (SELECT oid FROM pg_class WHERE relname = ANY($1)))`,
    [TABLES],
  )
  return rows.flatMap(({ path }) => {
    const dir = join(DATA_DIR, path, '..')
    const base = path.split('/').at(-1) ?? ''
    return readdirSync(dir)
      .filter((file) => file === base || file.startsWith(`${base}.`) || file.startsWith(`${base}_`))
      .map((file) => join(dir, file))
  })
}

async function markerOnDisk(): Promise<{ found: boolean; bytes: number }> {
  // Dirty pages to disk first: the role may lack pg_checkpoint, then as the cluster's owner.
  await client.query('CHECKPOINT').catch(() => {
    execFileSync('su', ['postgres', '-c', 'psql -Atqc CHECKPOINT'])
  })
  let bytes = 0
  let found = false
  for (const file of await relationFiles()) {
    const content = readFileSync(file)
    bytes += content.length
    if (content.includes(marker)) found = true
  }
  return { found, bytes }
}

const backend = new ReferenceBackend({ token: TOKEN, db })
const results: Record<string, unknown> = {}
try {
  const base = await backend.listen()
  await client.connect()
  const ids: string[] = []
  for (let i = 0; i < UPLOADS; i++) {
    const words =
      i === 0 ? `the customer said ${marker} twice` : `call ${i} about pricing and the renewal`
    const upload = teamUpload([words, 'we need single sign on before we renew'], {
      recordingId: randomUUID(),
    })
    const response = await postTranscript(base, TOKEN, upload)
    if (response.status !== 201) throw new Error(`upload ${i} answered ${response.status}`)
    ids.push(upload.recordingId)
  }
  const before = await markerOnDisk()
  const deleteStarted = performance.now()
  for (const id of ids.slice(0, UPLOADS / 2)) await deleteTranscript(base, TOKEN, id)
  const deleteMs = performance.now() - deleteStarted
  const afterDelete = await markerOnDisk()
  let started = performance.now()
  await client.query(`VACUUM ${TABLES.join(', ')}`)
  const vacuumMs = performance.now() - started
  const afterVacuum = await markerOnDisk()
  started = performance.now()
  await client.query(`VACUUM FULL ${TABLES.join(', ')}`)
  const vacuumFullMs = performance.now() - started
  const afterFull = await markerOnDisk()
  // The write-ahead log holds every row as inserted, until its segments are recycled.
  const walDir = join(DATA_DIR, 'pg_wal')
  const inWal = readdirSync(walDir)
    .filter((file) => /^[0-9A-F]{24}$/.test(file))
    .some((file) => readFileSync(join(walDir, file)).includes(marker))
  Object.assign(results, {
    uploads: UPLOADS,
    deleted: UPLOADS / 2,
    deleteBatchMs: deleteMs,
    vacuumMs,
    vacuumFullMs,
    vacuumShareOfBatch: vacuumMs / deleteMs,
    markerOnDisk: {
      beforeDelete: before.found,
      afterDelete: afterDelete.found,
      afterVacuum: afterVacuum.found,
      afterVacuumFull: afterFull.found,
      inWalAfterVacuumFull: inWal,
    },
    tableBytes: {
      beforeDelete: before.bytes,
      afterVacuum: afterVacuum.bytes,
      afterVacuumFull: afterFull.bytes,
    },
  })
} finally {
  await backend.close()
  await client.end().catch(() => undefined)
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
}
console.log(JSON.stringify(results, null, 2))
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true })
writeFileSync(
  join(repoRoot, 'bench', 'results', 'team-vacuum.json'),
  JSON.stringify({ at: new Date().toISOString(), ...results }, null, 2) + '\n',
)
