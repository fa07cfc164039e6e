import { readFileSync } from 'node:fs'
import { canonicalJson, type CanonicalValue } from './canonicalJson'
import { ChainVerifier } from './ChainVerifier'
import { EXPORT_HEADER } from './exportFormat'
import { parseHead } from './headFile'
import { sealMatches } from './headSeal'
import type { AuditHead, VerifyReport } from './types'

const NEWLINE = 0x0a
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Verifies a JSON Lines export on its own, without the database (`earshot audit verify --file`).
 * Every line must be valid UTF-8 and exactly the canonical JSON of what it parses to; entries must
 * chain from genesis; the last line must name the last entry. See exportFormat.ts for the format.
 * What it cannot see without the installation's seal key: an export cut short whose head line was
 * recomputed. With `sealKey`, the head line's seal must match; without, the report says `unchecked`.
 */
export function verifyJsonl(
  source: { path: string } | { text: string | Uint8Array },
  options: { sealKey?: Uint8Array } = {},
): VerifyReport {
  const bytes =
    'path' in source
      ? readFileSync(source.path)
      : typeof source.text === 'string'
        ? Buffer.from(source.text, 'utf8')
        : Buffer.from(source.text.buffer, source.text.byteOffset, source.text.byteLength)
  const lines = splitLines(bytes)
  if (lines[0] === undefined || decode(lines[0]) !== EXPORT_HEADER) {
    return { ok: false, firstBadSeq: 1, reason: 'not an Earshot audit export (bad header line)' }
  }
  const lastLine = lines.length > 1 ? lines[lines.length - 1] : undefined
  const head = lastLine === undefined ? null : parseHeadLine(decode(lastLine))
  const verifier = new ChainVerifier({ head, source: 'head line', mayLag: false })
  const entryLines = lines.slice(1, head === null ? lines.length : -1)
  for (const line of entryLines) {
    const record = parseEntryLine(decode(line))
    if (typeof record === 'string')
      return { ok: false, firstBadSeq: verifier.nextSeq, reason: record }
    if (!verifier.push(record)) break
  }
  const report = verifier.finish()
  if (!report.ok || head === null) return report
  if (head.seal === undefined) return { ...report, seal: 'absent' }
  if (options.sealKey === undefined) return { ...report, seal: 'unchecked' }
  if (!sealMatches(options.sealKey, head)) {
    return {
      ok: false,
      firstBadSeq: Math.max(head.seq, 1),
      reason:
        'head line seal does not match this installation’s key (rewritten, or exported by another installation)',
    }
  }
  return { ...report, seal: 'valid' }
}

/** Lines without their "\n"; a final newline does not start another line. */
function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = []
  let start = 0
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start)
    if (end === -1) end = bytes.length
    lines.push(bytes.subarray(start, end))
    start = end + 1
  }
  return lines
}

function decode(line: Buffer): string | null {
  try {
    return utf8.decode(line)
  } catch {
    return null
  }
}

function parseHeadLine(line: string | null): AuditHead | null {
  const value = line === null ? null : parseCanonical(line)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const keys = Object.keys(value)
  if (keys.length !== 1 || keys[0] !== 'head') return null
  return parseHead(canonicalJson((value as Record<string, CanonicalValue>).head ?? null))
}

/** The entry as a record for the verifier (payload decoded to bytes), or why the line is unreadable. */
function parseEntryLine(line: string | null): Record<string, unknown> | string {
  if (line === null) return 'malformed line: not UTF-8'
  const value = parseCanonical(line)
  if (value === undefined) return 'malformed line: not canonical JSON'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'malformed line: not an entry'
  }
  const record: Record<string, unknown> = { ...(value as Record<string, CanonicalValue>) }
  if (typeof record.payload === 'string') {
    const payload = Buffer.from(record.payload, 'base64')
    // Node's base64 decoder skips characters it does not know; only the canonical spelling of
    // the bytes is accepted, so an edited character cannot hide.
    if (payload.toString('base64') !== record.payload)
      return 'malformed line: payload is not base64'
    record.payload = payload
  } else if (record.payload !== null) {
    return 'malformed entry: payload'
  }
  return record
}

/** The parsed value if `line` is exactly its canonical JSON, else undefined. */
function parseCanonical(line: string): CanonicalValue | undefined {
  try {
    const value = JSON.parse(line) as CanonicalValue
    return canonicalJson(value) === line ? value : undefined
  } catch {
    return undefined
  }
}
