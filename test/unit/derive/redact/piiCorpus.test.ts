import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { findPii } from '../../../../src/core/derive/redact/findPii'
import { personNames } from '../../../../src/core/derive/redact/personNames'
import { piiKinds, type PiiKind } from '../../../../src/core/derive/redact/PiiMatch'

const corpusDir = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'pii')

const CorpusCase = z.strictObject({
  text: z.string(),
  terms: z.array(z.string()).optional(),
  /** Names the user gave the speakers; with the text's email addresses they feed `personNames`. */
  speakerNames: z.array(z.string()).optional(),
  expect: z.array(
    z.strictObject({
      kind: z.enum(piiKinds),
      text: z.string().min(1),
      /** Only where the text also occurs earlier inside a longer word. */
      start: z.number().int().nonnegative().optional(),
    }),
  ),
  knownLimitation: z.string().optional(),
})
const CorpusFile = z.strictObject({ description: z.string(), cases: z.array(CorpusCase) })
type CorpusCase = z.infer<typeof CorpusCase>

const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) =>
    CorpusFile.parse(JSON.parse(readFileSync(join(corpusDir, name), 'utf8'))).cases.map((c, i) => ({
      name: `${name} #${i + 1}`,
      ...c,
    })),
  )

/** Expected matches with offsets: each expected text is looked up after the previous one. */
function expectedSpans(c: CorpusCase): { kind: PiiKind; start: number; end: number }[] {
  let from = 0
  return c.expect.map(({ kind, text, start: given }) => {
    const start = given ?? c.text.indexOf(text, from)
    if (start < 0 || c.text.slice(start, start + text.length) !== text)
      throw new Error(`fixture error: "${text}" is not in "${c.text}"`)
    from = start + text.length
    return { kind, start, end: from }
  })
}

function found(c: CorpusCase): { kind: PiiKind; start: number; end: number }[] {
  const names = personNames({ speakerNames: c.speakerNames ?? [], texts: [c.text] })
  return findPii(c.text, { terms: c.terms ?? [], names }).map(({ kind, start, end }) => ({
    kind,
    start,
    end,
  }))
}

describe('the PII fixture corpus', () => {
  const solved = corpus.filter((c) => c.knownLimitation === undefined)
  const limitations = corpus.filter((c) => c.knownLimitation !== undefined)

  it('holds planted data of every kind, several near-misses, and known limitations', () => {
    const kinds = new Set(corpus.flatMap((c) => c.expect.map((e) => e.kind)))
    expect([...kinds].sort()).toEqual([...piiKinds].sort())
    expect(corpus.filter((c) => c.expect.length === 0).length).toBeGreaterThanOrEqual(20)
    expect(limitations.length).toBeGreaterThan(0)
  })

  it.each(solved.map((c) => [c.name, c] as const))('finds exactly what %s plants', (_, c) => {
    expect(found(c)).toEqual(expectedSpans(c))
  })

  it.each(limitations.map((c) => [c.name, c] as const))(
    'still misses %s (a known limitation; move it out when fixed)',
    (_, c) => {
      expect(found(c)).not.toEqual(expectedSpans(c))
    },
  )

  it('reports precision and recall per kind over the whole corpus', () => {
    const tally = Object.fromEntries(piiKinds.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<
      PiiKind,
      { tp: number; fp: number; fn: number }
    >
    for (const c of corpus) {
      const wanted = expectedSpans(c)
      const got = found(c)
      const key = (m: { kind: string; start: number; end: number }): string =>
        `${m.kind}:${m.start}:${m.end}`
      const wantedKeys = new Set(wanted.map(key))
      const gotKeys = new Set(got.map(key))
      for (const m of got) tally[m.kind][wantedKeys.has(key(m)) ? 'tp' : 'fp']++
      for (const m of wanted) if (!gotKeys.has(key(m))) tally[m.kind].fn++
    }
    const rows = Object.entries(tally).map(([kind, { tp, fp, fn }]) => {
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp)
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn)
      return { kind, tp, fp, fn, precision: precision.toFixed(3), recall: recall.toFixed(3) }
    })
    const total = rows.reduce(
      (sum, r) => ({ tp: sum.tp + r.tp, fp: sum.fp + r.fp, fn: sum.fn + r.fn }),
      { tp: 0, fp: 0, fn: 0 },
    )
    console.log(
      `PII corpus: ${corpus.length} lines (${limitations.length} known limitations)\n` +
        rows
          .map(
            (r) =>
              `  ${r.kind.padEnd(12)} tp ${r.tp} fp ${r.fp} fn ${r.fn} P ${r.precision} R ${r.recall}`,
          )
          .join('\n') +
        `\n  overall      P ${(total.tp / (total.tp + total.fp)).toFixed(3)} R ${(total.tp / (total.tp + total.fn)).toFixed(3)}`,
    )
    // Every miss and false alarm is accounted for by a line marked as a known limitation.
    const limitationSpans = limitations.flatMap(expectedSpans).length
    expect(total.fn).toBeLessThanOrEqual(limitationSpans)
    expect(total.fp).toBe(0)
  })
})
