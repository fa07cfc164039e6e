import { readFileSync } from 'node:fs'
import { CoreError } from '../CoreError'
import { canonicalJson } from './canonicalJson'
import type { AuditHead } from './types'
import { writeFileAtomic } from './writeFileAtomic'

/**
 * The head file holds the last entry's (seq, hash) outside the database, so that rows removed from
 * the database file (triggers dropped, or the file edited by hand) leave a visible gap
 * (DESIGN.md §6). Content: canonical JSON `{"hash":"…","seal":"…","seq":N}` and a newline; `seal`
 * (headSeal.ts) is absent only in head files written before seals. `lagOk`: after a crash the
 * previous head may come back (its later rows are vouched for by their row seals), so the folder
 * is not synced — the rename is still atomic, and the content fsynced, so it is never torn.
 */
export function writeHeadFile(
  path: string,
  head: AuditHead,
  options: { lagOk?: boolean } = {},
): void {
  writeFileAtomic(path, [`${headJson(head)}\n`], { syncFolder: options.lagOk !== true })
}

/** The head as canonical JSON, with its seal when it has one. */
export function headJson(head: AuditHead): string {
  return canonicalJson(
    head.seal === undefined
      ? { hash: head.hash, seq: head.seq }
      : { hash: head.hash, seal: head.seal, seq: head.seq },
  )
}

/** The head, or null when there is no head file. Throws `audit-head-malformed` on anything else. */
export function readHeadFile(path: string): AuditHead | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const head = parseHead(text.endsWith('\n') ? text.slice(0, -1) : text)
  if (head === null) {
    throw new CoreError('audit-head-malformed', `The audit head file ${path} is not readable.`)
  }
  return head
}

/** Parses `{"hash":"…","seal":"…","seq":N}` (seal optional) exactly as written (canonical), else null. */
export function parseHead(text: string): AuditHead | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { seq, hash, seal } = value as Record<string, unknown>
  if (!Number.isSafeInteger(seq) || (seq as number) < 0) return null
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return null
  if (seal !== undefined && (typeof seal !== 'string' || !/^[0-9a-f]{64}$/.test(seal))) return null
  const head: AuditHead = { seq: seq as number, hash, ...(seal !== undefined && { seal }) }
  return headJson(head) === text ? head : null
}
