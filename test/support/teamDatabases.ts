import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll } from 'vitest'
import { useTempDir } from './tempDir'

export type TeamEngine = 'sqlite' | 'postgres'

/** Every engine the team server runs on: its tests run on each. */
export const teamEngines: readonly TeamEngine[] = ['sqlite', 'postgres']

/** The server the PostgreSQL tests use; scripts/ensureTestPostgres.mjs sets it for `npm test`. */
export function testPostgresUrl(): string {
  const url = process.env.EARSHOT_TEST_POSTGRES_URL
  if (url === undefined || url === '') {
    throw new Error(
      'EARSHOT_TEST_POSTGRES_URL is not set, so the PostgreSQL tests cannot run: set it to a postgres:// URL of a role with CREATEDB (npm test sets it from the local cluster).',
    )
  }
  return url
}

/** The URL of another database on the same server. */
function withDatabase(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  // The maintenance database: the role may not own the one in its URL.
  const client = new pg.Client({ connectionString: withDatabase(testPostgresUrl(), 'postgres') })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/**
 * A fresh database per call: a SQLite file in a temp folder, or a PostgreSQL database with a random
 * name (parallel test files never share one), dropped when the file's tests are done.
 */
export function useTeamDatabases(): (engine: TeamEngine) => Promise<string> {
  const tempDir = useTempDir('earshot-team-')
  const created: string[] = []
  afterAll(async () => {
    if (created.length === 0) return
    await admin(async (client) => {
      for (const name of created.splice(0)) {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      }
    })
  })
  return async (engine) => {
    if (engine === 'sqlite') return join(tempDir(), 'backend.db')
    const url = testPostgresUrl()
    const name = `earshot_t_${randomBytes(8).toString('hex')}`
    await admin((client) => client.query(`CREATE DATABASE ${name}`))
    created.push(name)
    return withDatabase(url, name)
  }
}
