import type { DeliveryStore } from './DeliveryStore'
import { PostgresDeliveryStore } from './PostgresDeliveryStore'
import { SqliteDeliveryStore } from './SqliteDeliveryStore'

/** `--db`: a `postgres://` URL is PostgreSQL, anything else a SQLite file (issue 12). */
export async function openDeliveryStore(db: string): Promise<DeliveryStore> {
  if (/^postgres(?:ql)?:\/\//.test(db)) return PostgresDeliveryStore.connect(db)
  return Promise.resolve(SqliteDeliveryStore.open(db))
}
