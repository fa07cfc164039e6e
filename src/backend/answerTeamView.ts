import type { ZodError } from 'zod'
import { describeQueryIssue, TeamSearchQuery, TeamSignalsQuery } from '../shared/team'
import { HttpError } from './HttpError'
import { searchWords } from './store/searchWords'
import type { TeamStore } from './store/TeamStore'
import { summariseSignals } from './summariseSignals'
import { toTimeRange } from './toTimeRange'

/** The default number of search hits; `limit` asks for up to 200. */
const DEFAULT_HITS = 50

/**
 * The team's view (issue 12), for admin tokens: `GET /v1/search` and `GET /v1/signals`, their
 * query strings parsed with the zod schemas docs/openapi.json is checked against.
 */
export const answerTeamView = {
  async search(store: TeamStore, target: string | undefined): Promise<unknown> {
    const query = parseQuery(target, TeamSearchQuery)
    const words = searchWords(query.q)
    if (words.length === 0) return { hits: [] }
    const hits = await store.search({
      words,
      ...toTimeRange(query.from, query.to),
      ...(query.member !== undefined && { member: query.member }),
      limit: query.limit === undefined ? DEFAULT_HITS : Number(query.limit),
    })
    return { hits }
  },

  async signals(store: TeamStore, target: string | undefined): Promise<unknown> {
    const query = parseQuery(target, TeamSignalsQuery)
    const range = toTimeRange(query.from, query.to)
    return summariseSignals(
      await store.signalCounts(range),
      await store.phraseCounts(range, ['feature-request', 'competitor']),
    )
  },
}

/** Query parameters through the route's zod schema; a repeated one is refused like a bad one. */
function parseQuery<T>(
  target: string | undefined,
  schema: {
    safeParse(value: unknown): { success: true; data: T } | { success: false; error: ZodError }
  },
): T {
  const params = new URL(target ?? '/', 'http://backend').searchParams
  const values: Record<string, string> = {}
  for (const [name, value] of params) {
    if (name in values) {
      throw new HttpError(
        400,
        'invalid-query',
        `Query parameter "${name}" was sent more than once.`,
      )
    }
    values[name] = value
  }
  const parsed = schema.safeParse(values)
  if (!parsed.success) throw new HttpError(400, 'invalid-query', describeQueryIssue(parsed.error))
  return parsed.data
}
