import type { AuditChainReport } from '../../../shared/auditViews'

/** The verify report in one sentence, and whether it is good news. */
export function describeChain(report: AuditChainReport): { ok: boolean; text: string } {
  if (!report.ok) {
    return { ok: false, text: `Chain broken at entry ${report.firstBadSeq}: ${report.reason}.` }
  }
  if (report.entries === 0) return { ok: true, text: 'Verified: the log is empty.' }
  const plural = report.entries === 1 ? 'entry' : 'entries'
  return {
    ok: true,
    text: `Verified: ${report.entries} ${plural}, each linked to the one before (head ${report.headHash.slice(0, 12)}…).`,
  }
}
