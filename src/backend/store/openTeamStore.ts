import { PostgresTeamStore } from './postgres/PostgresTeamStore'
import { SqliteTeamStore } from './sqlite/SqliteTeamStore'
import type { TeamStore } from './TeamStore'

/** `postgres://` or `postgresql://` (libpq's two schemes) is PostgreSQL; anything else a file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db)
}

/** Opens the team server's store named by `--db`, its migrations applied. */
export async function openTeamStore(db: string): Promise<TeamStore> {
  return isPostgresUrl(db) ? PostgresTeamStore.open(db) : new SqliteTeamStore(db)
}
