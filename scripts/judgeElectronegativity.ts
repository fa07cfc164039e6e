import { z } from 'zod'

/** One finding as Electronegativity's runner returns it (the fields read here). */
export interface Finding {
  id: string
  file: string
  location: { line: number; column: number }
  severity: { name: string; value: number }
  confidence: { name: string }
}

/** A finding that stays, with the reason it is safe here (test/security/electronegativity-allowlist.json). */
export const AllowlistEntry = z.strictObject({
  check: z.string().min(1),
  file: z.string().min(1),
  reason: z.string().min(20),
})
export const Allowlist = z.array(AllowlistEntry)
export type AllowlistEntry = z.infer<typeof AllowlistEntry>

const MEDIUM = 2

/**
 * Which high and medium findings no allowlist entry justifies, and which entries no longer match
 * a finding (stale reasons hide the next real finding of that check in that file, so they fail
 * too). Entries match on check and file, not line: lines move with every edit.
 */
export function judgeFindings(
  findings: readonly Finding[],
  allowlist: readonly AllowlistEntry[],
): { unjustified: Finding[]; stale: AllowlistEntry[] } {
  const serious = findings.filter((f) => f.severity.value >= MEDIUM)
  const matches = (entry: AllowlistEntry, finding: Finding) =>
    entry.check === finding.id && entry.file === finding.file
  return {
    unjustified: serious.filter((f) => !allowlist.some((entry) => matches(entry, f))),
    stale: allowlist.filter((entry) => !serious.some((f) => matches(entry, f))),
  }
}
