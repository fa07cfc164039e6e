import type { Statement } from 'better-sqlite3-multiple-ciphers'
import type { Db } from './openDatabase'

const caches = new WeakMap<Db, Map<string, Statement>>()

/**
 * `db.prepare(sql)`, compiled once per connection and kept: preparing costs more than running a
 * small read (a batch of uploads reads a recording's rows through a dozen statements each). For
 * `get`, `all` and `run` only: a statement still being iterated cannot run again until it is done.
 * Callers that set a mode (`pluck`, `raw`) set it on every use of that SQL text.
 */
export function cachedStatement(db: Db, sql: string): Statement {
  let cache = caches.get(db)
  if (cache === undefined) {
    cache = new Map()
    caches.set(db, cache)
  }
  let statement = cache.get(sql)
  if (statement === undefined) {
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement
}
