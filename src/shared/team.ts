import { z } from 'zod'

/**
 * The team server's read side (issue 12): what an admin token may ask the reference backend about
 * the whole team. The query strings are parsed with these schemas too, so a bad parameter is a 400
 * with one sentence, never a surprise in SQL.
 */

/** A member's name as `earshot backend members add NAME` takes it. */
export const MemberName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'a member name is 1–64 letters, digits, dots, dashes or underscores',
  )

/** A day (`2026-12-03`, the whole day in UTC) or an instant (`2026-12-03T09:00:00Z`). */
const Moment = z.union([z.iso.date(), z.iso.datetime({ offset: true })])

export const TeamSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(200),
    /** Calls created at or after this (a day means its start, UTC). */
    from: Moment.optional(),
    /** Calls created before this (a day means up to its end, UTC). */
    to: Moment.optional(),
    member: MemberName.optional(),
    limit: z
      .string()
      .regex(/^[1-9][0-9]{0,2}$/, 'limit is a whole number from 1 to 200')
      .refine((value) => Number(value) <= 200, 'limit is a whole number from 1 to 200')
      .optional(),
  })
  .strict()
export type TeamSearchQuery = z.infer<typeof TeamSearchQuery>

export const TeamSearchHit = z
  .object({
    recordingId: z.uuid(),
    member: MemberName,
    startMs: z.number().int().nonnegative(),
    endMs: z.number().int().nonnegative(),
    speaker: z.string().nullable(),
    text: z.string(),
    /** The matched words between `[` and `]`, with `…` where text was cut. */
    snippet: z.string(),
  })
  .strict()
export type TeamSearchHit = z.infer<typeof TeamSearchHit>

/** Best match first (BM25 on SQLite, ts_rank on PostgreSQL); ties newest call first. */
export const TeamSearchResponse = z.object({ hits: z.array(TeamSearchHit) }).strict()
export type TeamSearchResponse = z.infer<typeof TeamSearchResponse>

export const TeamSignalsQuery = z
  .object({ from: Moment.optional(), to: Moment.optional() })
  .strict()
export type TeamSignalsQuery = z.infer<typeof TeamSignalsQuery>

const MemberCount = z.object({ member: MemberName, count: z.number().int().positive() }).strict()

const TopPhrase = z
  .object({
    /** The tracker's phrase as found, lower-cased. */
    phrase: z.string(),
    count: z.number().int().positive(),
    byMember: z.array(MemberCount),
    /** One quote where it was said (the newest call's). */
    example: z.string(),
  })
  .strict()

export const TeamSignalsResponse = z
  .object({
    /** Per ISO 8601 week of the call (`2026-W49`) and tracker id, with each member's share. */
    weeks: z.array(
      z
        .object({
          week: z.string().regex(/^[0-9]{4}-W[0-9]{2}$/),
          tracker: z.string(),
          count: z.number().int().positive(),
          byMember: z.array(MemberCount),
        })
        .strict(),
    ),
    /** The `feature-request` tracker's phrases, most said first (at most 20). */
    topFeatureRequests: z.array(TopPhrase),
    /** The `competitor` tracker's phrases (competitor names), most said first (at most 20). */
    topCompetitors: z.array(TopPhrase),
  })
  .strict()
export type TeamSignalsResponse = z.infer<typeof TeamSignalsResponse>

/** Turns a refused query string into the one sentence a 400 carries. */
export function describeQueryIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'The query string is not valid.'
  if (issue.code === 'unrecognized_keys') {
    return `Unknown query parameter ${issue.keys.map((key) => `"${key}"`).join(', ')}.`
  }
  const name = issue.path.join('.')
  return name === ''
    ? `The query string is not valid: ${issue.message}.`
    : `Query parameter "${name}" is not valid: ${issue.message}.`
}
