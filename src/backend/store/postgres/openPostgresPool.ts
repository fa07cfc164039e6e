import pg from 'pg'
import { allowDatabaseEndpoint, openDatabaseSocket } from '../../../core/egress/databaseEndpoint'

/**
 * A `pg` pool for the team server's database, its connections made through the tripwire's one
 * database allowance (the `--db` host and port). Every PostgreSQL user in the server — the team
 * store and the delivery outbox — opens its pool here, so none connects around the tripwire.
 */
export function openPostgresPool(
  url: string,
  options: { max: number; searchPath?: string },
): pg.Pool {
  const endpoint = postgresEndpoint(url)
  allowDatabaseEndpoint(endpoint.host, endpoint.port)
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: 10_000,
    stream: openDatabaseSocket,
    ...(options.searchPath !== undefined && { options: `-c search_path=${options.searchPath}` }),
  })
  // An idle connection the server closed (a restart) must not crash the process.
  pool.on('error', () => undefined)
  return pool
}

/** Where a postgres:// URL points, for the tripwire's one database allowance and for display. */
export function postgresEndpoint(url: string): { host: string; port: number; shown: string } {
  const parsed = new URL(url)
  const host = decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, ''))
  const port = parsed.port === '' ? 5432 : Number(parsed.port)
  const user = parsed.username === '' ? '' : `${decodeURIComponent(parsed.username)}@`
  return { host, port, shown: `postgres://${user}${parsed.host}${parsed.pathname}` }
}
