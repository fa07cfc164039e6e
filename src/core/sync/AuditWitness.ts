import { readFileSync } from 'node:fs'
import type { AuditLog } from '../audit/AuditLog'
import type { VerifyReport } from '../audit/types'
import {
  verifyWitnessedHeads,
  type VerifiedChain,
  type WitnessClaim,
} from '../audit/verifyWitnessedHeads'
import { verifyJsonl } from '../audit/verifyJsonl'
import { findUnwitnessedSends, type SendRecord } from '../audit/findUnwitnessedSends'
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
    const witnessed = verifyWitnessedHeads(chain, heads)
    // The reverse check needs this installation's complete record: another installation's list
    // (`--install-id`) says nothing about which of this log's sends a backend saw.
    if (!witnessed.ok || options.witness !== true || options.installId !== undefined) {
      return combine(report, witnessed, options.witness === true)
    }
    const forged = this.unwitnessedSend(
      heads.filter((head) => head.fetched),
      report.headSeq,
    )
    return forged ?? combine(report, witnessed, true)
  }

  /** Sends the log says a backend accepted but which that backend never saw (only with its list). */
  private unwitnessedSend(
    fetched: readonly FetchedClaim[],
    lastSeq: number,
  ): WitnessedVerifyReport | null {
    let first: { seq: number; reason: string; witness: string } | null = null
    for (const backend of new Set(fetched.map((head) => head.witness))) {
      const record = { backend, heads: fetched.filter((head) => head.witness === backend) }
      for (const purpose of ['upload', 'deletion'] as const) {
        const found = findUnwitnessedSends(this.entries(purpose, lastSeq), record)
        if (found !== null && (first === null || found.seq < first.seq)) {
          first = { ...found, witness: backend }
        }
      }
    }
    return first === null
      ? null
      : { ok: false, firstBadSeq: first.seq, reason: first.reason, witness: first.witness }
  }

  /** One purpose's entries up to `lastSeq`, in pages so that payloads are not all held at once. */
  private *entries(purpose: 'upload' | 'deletion', lastSeq: number): Generator<SendRecord> {
    let afterSeq = 0
    for (;;) {
      const page = this.deps.audit.list({ purpose, afterSeq, limit: 500 })
      for (const entry of page) {
        if (entry.seq > lastSeq) return
        yield entry
      }
      const last = page.at(-1)
      if (last === undefined) return
      afterSeq = last.seq
    }
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

  private async heads(options: WitnessOptions): Promise<FetchedClaim[]> {
    // Heads kept here are this installation's; checking another's log uses the backend's only.
    const local = options.installId === undefined ? this.deps.localHeads() : []
    const fetched =
      options.witness === true
        ? await this.deps.fetchHeads({
            ...(options.installId !== undefined && { installId: options.installId }),
            ...(options.signal && { signal: options.signal }),
          })
        : []
    // The same head from a receipt and from the backend's list counts once.
    const unique = new Map<string, FetchedClaim>()
    for (const [list, isFetched] of [
      [local, false],
      [fetched, true],
    ] as const) {
      for (const head of list) {
        const key = `${head.backend} ${head.seq}.${head.hash}`
        const claim = { seq: head.seq, hash: head.hash, witness: head.backend, fetched: isFetched }
        unique.set(key, { ...claim, fetched: isFetched || (unique.get(key)?.fetched ?? false) })
      }
    }
    return [...unique.values()]
  }
}

/** A head, and whether it came from the backend's own list just now (not only from a receipt). */
interface FetchedClaim extends WitnessClaim {
  fetched: boolean
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
