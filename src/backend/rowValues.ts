/**
 * A database row as both engines hand it over: column → value. SQLite gives TEXT timestamps and
 * numbers; node-postgres gives `Date` for timestamptz and strings for BIGINT and COUNT (64-bit kept
 * exact). These read a column the same way from either, so one mapper serves both engines.
 */
export type Row = Record<string, unknown>

export const text = (value: unknown): string => String(value)

export const textOrNull = (value: unknown): string | null =>
  typeof value === 'string' ? value : null

export const numberOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value)

/** An instant as ISO 8601 UTC with milliseconds, from a TEXT column or a timestamptz. */
export const iso = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()

export const isoOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : iso(value)
