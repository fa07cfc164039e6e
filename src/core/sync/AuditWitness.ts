import { readFileSync } from 'node:fs'
import type { AuditLog } from '../audit/AuditLog'
import type { VerifyReport } from '../audit/types'
import {
  verifyWitnessedHeads,
  type VerifiedChain,
  type WitnessClaim,
} from '../audit/verifyWitnessedHeads'
import { verifyJsonl } from '../audit/verifyJsonl'
import type { WitnessedHeadRecord } from './WitnessedHeadStore'

/** What `earshot audit verify` reports: the chain's own verdict, then the witnesses'. */
export type WitnessedVerifyReport =
  | (Extract<VerifyReport, { ok: true }> & {
      /** Heads held outside the log that were checked, and the highest of them. */
      witnessed: { heads: number; highestSeq: number; fetched: boolean }
    })
  | (Extract<VerifyReport, { ok: false }> & { witness?: string })

export interface WitnessOptions {
  /** Ask the backend too (`--witness`), not only the heads kept from receipts. */
  witness?: boolean
  /** Whose heads to ask for (`--install-id`): this installation's when absent. */
  installId?: string
  signal?: AbortSignal
}

export interface AuditWitnessDeps {
  audit: Pick<AuditLog, 'verify' | 'list'>
  /** The heads kept locally (receipts, earlier fetches). */
  localHeads: () => readonly WitnessedHeadRecord[]
  /** The backend's own record, through the gate (`--witness`), of this or another installation. */
  fetchHeads: (options: {
    installId?: string
    signal?: AbortSignal
  }) => Promise<readonly WitnessedHeadRecord[]>
}

/**
 * `earshot audit verify` with witnesses (docs/handoff/h6.md): the chain must verify on its own
 * (hashes, head file or head line), and then agree with every head a backend witnessed. Without
 * `witness`, the heads kept from receipts are used (no network); with it, the backend is asked.
 */
export class AuditWitness {
  constructor(private readonly deps: AuditWitnessDeps) {}

  /** The database log (audit.db and audit.head). */
  async verifyLog(options: WitnessOptions = {}): Promise<WitnessedVerifyReport> {
    // A log that fails on its own fails without asking anyone; asking would append to it, and the
    // gate rightly refuses to append to a log that no longer matches its head file.
    if (options.witness === true) {
      const before = this.deps.audit.verify()
      if (!before.ok) return before
    }
    // Heads first, chain second: a head is only witnessed after its entry committed, so every head
    // read before the chain's snapshot is inside it, even while another process uploads.
    const heads = await this.heads(options)
    const report = this.deps.audit.verify()
    if (!report.ok) return report
    const chain: VerifiedChain = {
      lastSeq: report.headSeq,
      hashAt: (seq) => this.deps.audit.list({ afterSeq: seq - 1, limit: 1 })[0]?.hash,
    }
    return combine(report, verifyWitnessedHeads(chain, heads), options.witness === true)
  }

  /**
   * A JSON Lines export held to the witnessed heads (`--file F --witness`; verifyJsonl alone can
   * only show an export is consistent): it must reach every one of them, so an export cut short and
   * given a recomputed head line fails, as does one older than the latest witnessed request.
   */
  async verifyExport(path: string, options: WitnessOptions = {}): Promise<WitnessedVerifyReport> {
    const heads = await this.heads(options)
    const report = verifyJsonl({ path })
    if (!report.ok) return report
    return combine(report, verifyWitnessedHeads(exportChain(path), heads), options.witness === true)
  }

  private async heads(options: WitnessOptions): Promise<WitnessClaim[]> {
    // Heads kept here are this installation's; checking another's log uses the backend's only.
    const held = options.installId === undefined ? [...this.deps.localHeads()] : []
    if (options.witness === true) {
      held.push(
        ...(await this.deps.fetchHeads({
          ...(options.installId !== undefined && { installId: options.installId }),
          ...(options.signal && { signal: options.signal }),
        })),
      )
    }
    // The same head from a receipt and from the backend's list counts once.
    const unique = new Map(held.map((head) => [`${head.backend} ${head.seq}.${head.hash}`, head]))
    return [...unique.values()].map((head) => ({
      seq: head.seq,
      hash: head.hash,
      witness: head.backend,
    }))
  }
}

function combine(
  chain: Extract<VerifyReport, { ok: true }>,
  witnessed: ReturnType<typeof verifyWitnessedHeads>,
  fetched: boolean,
): WitnessedVerifyReport {
  if (!witnessed.ok) return witnessed
  return {
    ...chain,
    witnessed: { heads: witnessed.heads, highestSeq: witnessed.highestSeq, fetched },
  }
}

/** The (seq, hash) of every entry of an export that verifyJsonl has accepted (canonical lines). */
function exportChain(path: string): VerifiedChain {
  const lines = readFileSync(path, 'utf8').split('\n')
  const hashes = new Map<number, string>()
  // Line 0 is the header, the last non-empty line the head line.
  for (const line of lines.slice(1)) {
    if (line === '' || line.startsWith('{"head":')) continue
    const { seq, hash } = JSON.parse(line) as { seq: number; hash: string }
    hashes.set(seq, hash)
  }
  return { lastSeq: hashes.size, hashAt: (seq) => hashes.get(seq) }
}
