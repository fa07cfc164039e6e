import { z } from 'zod'

/**
 * Demand-signal trackers (issue 4): what a tracker looks for in a transcript. The defaults ship in
 * `resources/signals/`; users add competitor names and their own trackers through settings, which
 * are validated with these same schemas.
 */
export const trackerKinds = [
  'pricing',
  'budget',
  'competitor',
  'feature-request',
  'objection',
  'timeline',
  'integration',
  'security-compliance',
  'churn-risk',
] as const
export type TrackerKind = (typeof trackerKinds)[number]

/**
 * Whose signals to count across recordings (issue 11): "them" (everyone but the user, the
 * default), "you" (the speaker named "You"), or all.
 */
export const signalParties = ['them', 'you', 'all'] as const
export const SignalParty = z.enum(signalParties)
export type SignalParty = z.infer<typeof SignalParty>

/** Upper bound on a user pattern's source: short patterns keep matching cost predictable. */
export const MAX_PATTERN_LENGTH = 500

/** Flags every tracker pattern runs with: global, case-insensitive, Unicode-aware. */
export const TRACKER_PATTERN_FLAGS = 'giu'

/**
 * Whether a pattern has nested unbounded repetition, the shape behind catastrophic backtracking:
 * a group repeated with `*`, `+` or `{n,}` that itself holds an unbounded quantifier or an
 * alternation (`(a+)+`, `(a|aa)*`). Conservative by design: it may refuse a harmless pattern, which
 * the user can rewrite with a bounded count (`{0,3}`).
 */
export function hasNestedRepetition(source: string): boolean {
  interface Group {
    unbounded: boolean
    alternation: boolean
  }
  const stack: Group[] = [{ unbounded: false, alternation: false }]
  const top = (): Group => stack[stack.length - 1] ?? { unbounded: false, alternation: false }
  /** Length of an unbounded quantifier starting at `i` (`*`, `+`, `{n,}`), 0 when there is none. */
  const unboundedAt = (i: number): number => {
    const c = source[i]
    if (c === '*' || c === '+') return 1
    const brace = /^\{\d+,\}/.exec(source.slice(i))
    return brace ? brace[0].length : 0
  }
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') {
      const next = source[i + 1]
      if ((next === 'p' || next === 'P' || next === 'u' || next === 'k') && source[i + 2] === '{') {
        const close = source.indexOf('}', i + 2)
        i = close === -1 ? source.length : close
      } else if (next === 'k' && source[i + 2] === '<') {
        const close = source.indexOf('>', i + 2)
        i = close === -1 ? source.length : close
      } else {
        i += 1
      }
      if (unboundedAt(i + 1) > 0) top().unbounded = true
    } else if (c === '[') {
      let j = i + 1
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1
      i = j
      if (unboundedAt(i + 1) > 0) top().unbounded = true
    } else if (c === '(') {
      stack.push({ unbounded: false, alternation: false })
    } else if (c === ')') {
      const group = stack.length > 1 ? stack.pop() : undefined
      if (group === undefined) continue
      const repeated = unboundedAt(i + 1) > 0
      if (repeated && (group.unbounded || group.alternation)) return true
      const parent = top()
      parent.unbounded ||= group.unbounded || repeated
      parent.alternation ||= group.alternation
    } else if (c === '|') {
      top().alternation = true
    } else if (unboundedAt(i) > 0) {
      top().unbounded = true
    }
  }
  return false
}

const TrackerPattern = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH)
  .superRefine((source, ctx) => {
    let pattern: RegExp
    try {
      pattern = new RegExp(source, TRACKER_PATTERN_FLAGS)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid regular expression (Unicode mode)' })
      return
    }
    if (hasNestedRepetition(source)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must not nest unbounded repetition such as (a+)+, which can take forever; use a bounded count',
      })
    }
    if (pattern.test('')) ctx.addIssue({ code: 'custom', message: 'must not match empty text' })
  })

/** A literal phrase: matched whole-word, case-insensitive; must hold at least one letter or digit. */
const TrackerPhrase = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/[\p{L}\p{N}]/u, 'must hold at least one letter or digit')

export const TrackerDefinition = z
  .object({
    /** Stable id, stored with every hit and sent as `UploadSignal.tracker`. */
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,79}$/,
        'must be lowercase letters, digits and dashes (at most 80)',
      ),
    label: z.string().trim().min(1).max(80),
    kind: z.enum(trackerKinds),
    phrases: z.array(TrackerPhrase).max(1000),
    /**
     * Regular-expression sources, run per sentence with flags `giu`. A named group `phrase`
     * (`(?<phrase>…)`) says which part of the match to report as the phrase; otherwise the whole
     * match is reported.
     */
    patterns: z.array(TrackerPattern).max(50).optional(),
    /**
     * Whether "we don't need X" cancels a hit. True for wishes (feature requests, integrations);
     * false where the negative phrasing is itself the signal (objections, budget, pricing).
     */
    negatable: z.boolean(),
  })
  .strict()
export type TrackerDefinition = z.infer<typeof TrackerDefinition>

/** A competitor's name as the user lists it in `signals.competitors`. */
export const CompetitorName = TrackerPhrase.max(100)

/** Hits across recordings over time (the Insights screen). */
export const SignalAggregates = z
  .object({
    /** Hits per ISO week (`2026-W07`, weeks in UTC) and tracker, oldest week first. */
    weekly: z.array(
      z
        .object({
          week: z.string().regex(/^\d{4}-W\d{2}$/),
          tracker: z.string().max(80),
          count: z.number().int().positive(),
        })
        .strict(),
    ),
    topFeatures: z.array(
      z
        .object({
          phrase: z.string().max(200),
          count: z.number().int().positive(),
          recordings: z.number().int().positive(),
        })
        .strict(),
    ),
    topCompetitors: z.array(
      z
        .object({
          phrase: z.string().max(200),
          count: z.number().int().positive(),
          recordings: z.number().int().positive(),
        })
        .strict(),
    ),
  })
  .strict()
export type SignalAggregates = z.infer<typeof SignalAggregates>
