import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Allowlist, judgeFindings, type Finding } from '../../scripts/judgeElectronegativity'
import { repoRoot } from '../support/paths'

const finding = (id: string, file: string, severity: 'HIGH' | 'MEDIUM' | 'LOW'): Finding => ({
  id,
  file,
  location: { line: 1, column: 0 },
  severity: { name: severity, value: { HIGH: 3, MEDIUM: 2, LOW: 1 }[severity] },
  confidence: { name: 'FIRM' },
})
const reason = 'Reviewed: only allowlisted https URLs after a confirm dialog.'

describe('judging Electronegativity findings', () => {
  it('fails a high or medium finding with no reason, and lets a low one pass', () => {
    const { unjustified } = judgeFindings(
      [
        finding('SANDBOX_JS_CHECK', 'main/index.ts', 'MEDIUM'),
        finding('CONTEXT_ISOLATION_JS_CHECK', 'main/index.ts', 'HIGH'),
        finding('CSP_GLOBAL_CHECK', 'renderer/index.html', 'LOW'),
      ],
      [],
    )
    expect(unjustified.map((f) => f.id)).toEqual(['SANDBOX_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK'])
  })

  it('accepts a finding justified for that check in that file only', () => {
    const allowlist = [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/a.ts', reason }]
    const result = judgeFindings(
      [
        finding('OPEN_EXTERNAL_JS_CHECK', 'main/a.ts', 'MEDIUM'),
        finding('OPEN_EXTERNAL_JS_CHECK', 'main/b.ts', 'MEDIUM'),
      ],
      allowlist,
    )
    expect(result.unjustified.map((f) => f.file)).toEqual(['main/b.ts'])
    expect(result.stale).toEqual([])
  })

  it('reports an allowlist entry whose finding is gone', () => {
    const allowlist = [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/a.ts', reason }]
    expect(judgeFindings([], allowlist).stale).toEqual(allowlist)
  })

  it('keeps the checked-in allowlist well-formed, with a reason for every entry', () => {
    const file = join(repoRoot, 'test/security/electronegativity-allowlist.json')
    const entries = Allowlist.parse(JSON.parse(readFileSync(file, 'utf8')))
    expect(entries.length).toBeGreaterThan(0)
    expect(Allowlist.safeParse([{ check: 'X', file: 'y', reason: 'ok' }]).success).toBe(false)
  })
})
