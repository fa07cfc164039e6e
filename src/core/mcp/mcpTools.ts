import { z } from 'zod'
import { aggregateSignals } from '../derive/signals/aggregateSignals'
import { toFtsQuery } from '../store/toFtsQuery'
import type { DisclosedLibrary } from './DisclosedLibrary'
import { fitInBudget } from './fitInBudget'
import { formatPosition } from './formatPosition'
import { matchesRedactedText } from './matchesRedactedText'
import { inScope } from './McpScope'

/** The most JSON text one answer carries (~25k tokens): more is cut, and the answer says so. */
export const MAX_RESULT_CHARS = 100_000
/** The most recordings one demand-signal answer reads (newest first). */
export const MAX_AGGREGATED_RECORDINGS = 2_000

const RecordingId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a recording id from list_recordings or search_calls')
const Day = z.iso.date('must be a date such as 2026-03-31')

/** What a tool answers: the JSON value shown, and the recording it is about when exactly one. */
export interface ToolAnswer {
  value: unknown
  recordingId?: string
}

export interface McpTool<Input extends z.ZodObject = z.ZodObject> {
  name: string
  title: string
  description: string
  input: Input
  run: (input: z.infer<Input>, library: DisclosedLibrary) => ToolAnswer
}

/** Checks a tool's `run` against its own schema, then forgets the schema's type for the list. */
const tool = <Input extends z.ZodObject>(definition: McpTool<Input>): McpTool => definition

/** Days as an ISO range over import time: `to` is included. */
function dayRange(from: string | undefined, to: string | undefined) {
  const end =
    to === undefined ? undefined : new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000)
  return {
    from: from === undefined ? undefined : `${from}T00:00:00.000Z`,
    to: end?.toISOString(),
  }
}

function inRange(importedAt: string, range: { from?: string; to?: string }): boolean {
  const at = Date.parse(importedAt)
  return (
    (range.from === undefined || at >= Date.parse(range.from)) &&
    (range.to === undefined || at < Date.parse(range.to))
  )
}

const truncationNote = (what: string) =>
  `truncated: more ${what} than fit in one answer; narrow the request or page on.`

/** The tools `earshot mcp` offers; every one reads only what DisclosedLibrary lets it. */
export const mcpTools: readonly McpTool[] = [
  tool({
    name: 'list_recordings',
    title: 'List recordings',
    description:
      'Lists the call recordings this client may see, newest first: id, import time, duration, language (and title when the user allows titles).',
    input: z.strictObject({
      offset: z.number().int().min(0).max(1_000_000).default(0),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    run: ({ offset, limit }, library) => {
      const all = library.recordingsInScope()
      const page = all.slice(offset, offset + limit).map((r) => library.describe(r))
      const fits = fitInBudget(page, MAX_RESULT_CHARS)
      const next = offset + fits
      return {
        value: {
          total: all.length,
          recordings: page.slice(0, fits),
          ...(next < all.length && { nextOffset: next }),
          ...(fits < page.length && { truncated: truncationNote('recordings') }),
        },
      }
    },
  }),
  tool({
    name: 'search_calls',
    title: 'Search the calls',
    description:
      'Full-text search over the transcripts this client may see. Every word must occur; the last may be a prefix. Returns lines with recording id, line number, time and speaker.',
    input: z.strictObject({
      query: z.string().trim().min(1).max(200),
      from: Day.optional(),
      to: Day.optional(),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    run: ({ query, from, to, limit }, library) => {
      const fts = toFtsQuery(query)
      if (fts === null) return { value: { hits: [] } }
      const scope = library.scope()
      const range = dayRange(from, to)
      const filters = {
        ...(range.from !== undefined && { from: range.from }),
        ...(range.to !== undefined && { to: range.to }),
        ...(scope.from !== null &&
          (range.from === undefined || scope.from > range.from) && {
            from: scope.from,
          }),
        ...(scope.to !== null &&
          (range.to === undefined || scope.to < range.to) && {
            to: scope.to,
          }),
      }
      // Candidates from the index (unredacted words), then only lines that still match once
      // redacted, in recordings the scope allows (matchesRedactedText).
      const page = library.recordings.searchPage(fts, { ...filters, limit: 200 })
      const trackers = library.trackers()
      const lines = new Map<string, Map<number, { text: string; speaker: string | null }>>()
      const hits = []
      for (const hit of page.hits) {
        if (hits.length === limit) break
        let byIdx = lines.get(hit.recordingId)
        if (byIdx === undefined) {
          const recording = library.recordings.get(hit.recordingId)
          byIdx = new Map()
          if (recording !== undefined && inScope(scope, recording)) {
            for (const s of library.content(recording, trackers).segments) {
              byIdx.set(s.idx, { text: s.text, speaker: s.speaker })
            }
          }
          lines.set(hit.recordingId, byIdx)
        }
        const line = byIdx.get(hit.segmentIdx)
        if (line === undefined || !matchesRedactedText(query, line.text)) continue
        hits.push({
          recordingId: hit.recordingId,
          line: hit.segmentIdx,
          startMs: hit.startMs,
          endMs: hit.endMs,
          at: formatPosition(hit.startMs),
          speaker: line.speaker,
          text: line.text,
        })
      }
      const fits = fitInBudget(hits, MAX_RESULT_CHARS)
      return {
        value: {
          hits: hits.slice(0, fits),
          ...(fits < hits.length && { truncated: truncationNote('hits') }),
        },
      }
    },
  }),
  tool({
    name: 'get_transcript',
    title: 'Get a transcript',
    description:
      'One call transcript, redacted as Earshot redacts uploads: lines with number, start and end (ms and m:ss), speaker and text, plus the summary. Long calls come in pages: pass nextLine as fromLine.',
    input: z.strictObject({
      recordingId: RecordingId,
      fromLine: z.number().int().min(0).max(10_000_000).default(0),
      maxLines: z.number().int().min(1).max(1000).default(400),
    }),
    run: ({ recordingId, fromLine, maxLines }, library) => {
      const recording = library.recording(recordingId)
      const content = library.content(recording, library.trackers())
      const wanted = content.segments.slice(fromLine, fromLine + maxLines).map((s) => ({
        line: s.idx,
        startMs: s.startMs,
        endMs: s.endMs,
        at: formatPosition(s.startMs),
        speaker: s.speaker,
        text: s.text,
      }))
      const summary = fromLine === 0 ? content.summary : null
      const fits = fitInBudget(wanted, MAX_RESULT_CHARS - (summary?.length ?? 0))
      const next = fromLine + fits
      return {
        recordingId: recording.id,
        value: {
          recording: library.describe(recording),
          lineCount: content.segments.length,
          ...(summary !== null && { summary }),
          lines: wanted.slice(0, fits),
          ...(next < content.segments.length && { nextLine: next }),
          ...(fits < wanted.length && { truncated: truncationNote('lines') }),
        },
      }
    },
  }),
  tool({
    name: 'demand_signals',
    title: 'Demand signals across calls',
    description:
      'Demand signals across the calls this client may see (by import day): hits per ISO week and tracker, the most requested features and the competitors mentioned most.',
    input: z.strictObject({ from: Day.optional(), to: Day.optional() }),
    run: ({ from, to }, library) => {
      const range = dayRange(from, to)
      const chosen = library.recordingsInScope().filter((r) => inRange(r.importedAt, range))
      const read = chosen.slice(0, MAX_AGGREGATED_RECORDINGS)
      const trackers = library.trackers()
      const aggregates = aggregateSignals(
        read.map((recording) => ({
          recordedAt: recording.importedAt,
          signals: library.content(recording, trackers).signals,
        })),
        { trackers },
      )
      return {
        value: {
          recordings: read.length,
          ...aggregates,
          ...(read.length < chosen.length && {
            truncated: `truncated: only the newest ${read.length} of ${chosen.length} recordings were counted; narrow the dates.`,
          }),
        },
      }
    },
  }),
  tool({
    name: 'call_metrics',
    title: 'Metrics of one call',
    description:
      "One call's metrics: each speaker's share of talk time, questions asked, longest monologue, words per minute, silence share and interruptions.",
    input: z.strictObject({ recordingId: RecordingId }),
    run: ({ recordingId }, library) => {
      const recording = library.recording(recordingId)
      const { metrics } = library.content(recording, [])
      return {
        recordingId: recording.id,
        value: { recording: library.describe(recording), metrics },
      }
    },
  }),
]
