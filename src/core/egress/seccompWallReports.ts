import { SeccompWallReport } from './seccompWallReport'

/** The workers that put the seccomp wall on themselves. */
export type SeccompWalledProcess = 'whisper-worker' | 'wasm-decoder'

// The last report of each kind of worker in this app, for Settings: what a running worker said,
// not what it was asked to do.
const latest = new Map<SeccompWalledProcess, SeccompWallReport>()

/**
 * Notes what a worker said about its seccomp wall (its ready message, or its outcome). Anything
 * that is not a valid report — a worker that said nothing — is noted as `failed`, never as walled.
 */
export function noteSeccompWallReport(process: SeccompWalledProcess, report: unknown): void {
  const parsed = SeccompWallReport.safeParse(report)
  latest.set(
    process,
    parsed.success
      ? parsed.data
      : { state: 'failed', detail: `The ${process} did not report a seccomp network wall.` },
  )
}

/** What the last worker of that kind reported, if one has run in this app. */
export function lastSeccompWallReport(
  process: SeccompWalledProcess,
): SeccompWallReport | undefined {
  return latest.get(process)
}
