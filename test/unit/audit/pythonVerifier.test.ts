import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { auditSchema } from '../../../src/core/audit/auditSchema'
import { writeHeadFile } from '../../../src/core/audit/headFile'
import type { AuditEntryInput } from '../../../src/core/audit/types'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import { repoRoot } from '../../support/paths'
import { useTempDir } from '../../support/tempDir'
import { buildChain } from './support/buildChain'
import { seededRandom } from './support/seededRandom'

const tempDir = useTempDir('earshot-audit-python-')
const script = join(repoRoot, 'scripts', 'verify_audit_export.py')

/** The second verifier, written only from docs/audit-format.md: exit code and its one line. */
function pythonVerify(
  path: string | string[],
  keyFile?: string,
): { code: number | null; out: string } {
  const args = [
    script,
    ...(Array.isArray(path) ? path : [path]),
    ...(keyFile === undefined ? [] : ['--seal-key-file', keyFile]),
  ]
  const run = spawnSync('python3', args, { encoding: 'utf8' })
  return { code: run.status, out: run.stdout.trim() }
}

function send(i: number, recordingId: string | null): AuditEntryInput {
  return {
    kind: i % 3 === 1 ? 'outcome' : i % 5 === 0 ? 'blocked' : 'attempt',
    // Every purpose of form 2, `mcp` (what an LLM client was shown) among them.
    purpose: i % 4 === 0 ? 'analytics' : i % 7 === 0 ? 'mcp' : 'upload',
    destination: 'https://api.earshot.example/v1/transcripts',
    method: 'POST',
    payload: i % 5 === 0 ? null : Buffer.from(`{"text":"Grüße ☎ 🎧 call ${i}","n":${i}}`),
    status: i % 3 === 1 ? 201 : null,
    reason: i % 5 === 0 ? `refused\u001f "quoted" \\ at ${i}` : null,
    recordingId,
  }
}

/** A real log: form 1 entries from before seals, then form 2 with sealed and erased payloads. */
function realExport(dir: string): string {
  const path = join(dir, 'audit.db')
  const old = buildChain(12, seededRandom(21))
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.exec(auditSchema)
  db.pragma('user_version = 1')
  const insert = db.prepare(
    `INSERT INTO audit_log VALUES (@seq, @ts, @kind, @purpose, @destination, @method, @bytes,
       @payload_sha256, @payload, @status, @reason, @prev_hash, @hash)`,
  )
  for (const entry of old) insert.run(entry)
  db.close()
  const last = old.at(-1)
  if (last) writeHeadFile(join(dir, 'audit.head'), { seq: last.seq, hash: last.hash })
  const log = AuditLog.open(path)
  for (let i = 1; i <= 16; i += 1) log.append(send(i, i % 2 === 0 ? `rec-${i % 3}` : null))
  log.erasePayloads('rec-1')
  const out = join(dir, 'audit.jsonl')
  log.exportJsonl(out)
  log.close()
  return out
}

describe('the second verifier (Python, from docs/audit-format.md)', () => {
  it('verifies a real export, checking its seal with the installation’s key', () => {
    const dir = tempDir()
    const out = realExport(dir)
    const ts = verifyJsonl({ path: out })
    expect(ts).toMatchObject({ ok: true, entries: 28 })
    const headHash = ts.ok ? ts.headHash : ''
    expect(pythonVerify(out, join(dir, 'keys', 'audit-seal.key'))).toEqual({
      code: 0,
      out: `ok: 28 entries, head 28 ${headHash} (seal: valid)`,
    })
    expect(pythonVerify(out).out).toContain('(seal: unchecked)')
    expect(execFileSync('python3', ['--version'], { encoding: 'utf8' })).toMatch(/^Python 3/)
  })

  it('rejects tampered exports wherever both verifiers reject them', () => {
    const dir = tempDir()
    const out = realExport(dir)
    const key = join(dir, 'keys', 'audit-seal.key')
    const original = readFileSync(out)
    const random = seededRandom(0xbad)
    const sealKey = Buffer.from(readFileSync(key, 'utf8').trim(), 'hex')
    const files: string[] = []
    for (let trial = 0; trial < 40; trial += 1) {
      const bytes = Buffer.from(original)
      const at = random.int(0, bytes.length - 2)
      bytes[at] = ((bytes[at] as number) + random.int(1, 255)) % 256
      const file = join(dir, `tampered-${trial}.jsonl`)
      writeFileSync(file, bytes)
      expect(verifyJsonl({ path: file }, { sealKey })).toMatchObject({ ok: false })
      files.push(file)
    }
    // One run for all of them (starting Python is the slow part): each line is one verdict.
    const verdicts = pythonVerify(files, key)
    expect(verdicts.code).toBe(1)
    const lines = verdicts.out.split('\n')
    expect(lines).toHaveLength(files.length)
    for (const line of lines) expect(line).toMatch(/^broken at seq \d+: /)
    const tampered = join(dir, 'tampered.jsonl')
    // A cut export whose head line was recomputed without the key: only the seal shows it.
    const exportLines = original.toString('utf8').split('\n')
    const kept = exportLines.slice(0, 20)
    const lastKept = JSON.parse(kept.at(-1) as string) as { hash: string; seq: number }
    writeFileSync(
      tampered,
      [
        ...kept,
        `{"head":{"hash":"${lastKept.hash}","seal":"${'ab'.repeat(32)}","seq":${lastKept.seq}}}`,
        '',
      ].join('\n'),
    )
    expect(pythonVerify(tampered, key)).toEqual({
      code: 1,
      out: `broken at seq ${lastKept.seq}: head line seal does not match the key`,
    })
    expect(pythonVerify(tampered).out).toContain('(seal: unchecked)')
  })
})
