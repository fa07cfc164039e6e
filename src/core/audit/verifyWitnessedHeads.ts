/** A head some witness (a backend) says this log had: entry `seq` with hash `hash`. */
export interface WitnessClaim {
  seq: number
  hash: string
  /** Who said so, for the report: a backend URL. */
  witness: string
}

/** The verified chain, as far as this check needs it. */
export interface VerifiedChain {
  /** The last seq of a chain that verified on its own (0 when empty). */
  lastSeq: number
  /** The hash of entry `seq` (1 ≤ seq ≤ lastSeq). */
  hashAt: (seq: number) => string | undefined
}

export type WitnessReport =
  | { ok: true; heads: number; highestSeq: number }
  | { ok: false; firstBadSeq: number; reason: string; witness: string }

/**
 * Checks a chain against heads held outside it (docs/handoff/h6.md, "witnessed heads"), in the
 * spirit of a Certificate Transparency witness (RFC 6962 §5.4 consistency): every witnessed
 * (seq, hash) must be in the chain at that seq with that hash, so the chain must reach the highest
 * witnessed seq. A log erased, cut, rewritten and re-chained, or given a forged tail below any
 * witnessed head fails here, whatever its own head file or head line says.
 *
 * Pure: the caller has verified the chain itself (ChainVerifier), so the hash at a seq is the one
 * the chain commits to; this only compares. Reports the lowest contradicted seq.
 */
export function verifyWitnessedHeads(
  chain: VerifiedChain,
  heads: readonly WitnessClaim[],
): WitnessReport {
  const sorted = [...heads].sort((a, b) => a.seq - b.seq)
  for (const head of sorted) {
    if (head.seq > chain.lastSeq) {
      return {
        ok: false,
        firstBadSeq: chain.lastSeq + 1,
        reason: `${head.witness} witnessed entry ${head.seq}, but the log ends at ${chain.lastSeq} (erased, cut short, or older than that request)`,
        witness: head.witness,
      }
    }
    if (chain.hashAt(head.seq) !== head.hash) {
      return {
        ok: false,
        firstBadSeq: head.seq,
        reason: `${head.witness} witnessed entry ${head.seq} with hash ${head.hash.slice(0, 12)}…, but the log holds another entry there (rewritten)`,
        witness: head.witness,
      }
    }
  }
  return { ok: true, heads: sorted.length, highestSeq: sorted.at(-1)?.seq ?? 0 }
}
