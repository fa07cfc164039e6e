import { z } from 'zod'
import { channelNames, type ChannelName } from './channels'
import { RecordingStatus, RecordingSummary, Segment } from './domain'
import { settingKeys, settingsSchema, type SettingKey } from './settings'

const RecordingId = z.string().min(1).max(100)

export const transcriptFormats = ['txt', 'srt', 'vtt', 'json'] as const
export const TranscriptFormat = z.enum(transcriptFormats)
export type TranscriptFormat = z.infer<typeof TranscriptFormat>

/** A recording as the UI shows it: ids and titles only, never the file's path. */
export const RecordingView = RecordingSummary.extend({
  progress: z.number().min(0).max(100),
  language: z.string().nullable(),
})
export type RecordingView = z.infer<typeof RecordingView>

export const TranscriptLine = Segment.extend({ idx: z.number().int().nonnegative() })
export type TranscriptLine = z.infer<typeof TranscriptLine>

export const SearchHit = z.object({
  recordingId: z.string(),
  title: z.string(),
  segmentIdx: z.number().int().nonnegative(),
  startMs: z.number(),
  endMs: z.number(),
  /** The whole segment; the UI marks the query's words itself (no markup in data). */
  text: z.string(),
})
export type SearchHit = z.infer<typeof SearchHit>

export const SettingsValues = z.object(settingsSchema)

export const ErrorInfo = z.object({ code: z.string(), message: z.string() })

/** One staged file's fate: queued (or found to be a duplicate), or refused with the reason. */
export const ImportOutcome = z.object({
  sourceId: z.string(),
  recordingId: z.string().nullable(),
  duplicate: z.boolean(),
  error: ErrorInfo.nullable(),
})
export type ImportOutcome = z.infer<typeof ImportOutcome>

/**
 * The API contract as data: channel → input and output schema. The preload, the main-process
 * handlers and the web bridge are all built from this one map (STYLE.md "One contract, three transports").
 */
export const api = {
  'app.info': {
    input: z.void(),
    output: z.object({ version: z.string(), modelConfigured: z.boolean() }),
  },
  'recordings.list': { input: z.void(), output: z.array(RecordingView) },
  'recordings.get': { input: z.object({ id: RecordingId }), output: RecordingView },
  'recordings.segments': { input: z.object({ id: RecordingId }), output: z.array(TranscriptLine) },
  'recordings.search': {
    input: z.object({ q: z.string().max(200) }),
    output: z.array(SearchHit),
  },
  /**
   * Imports files staged by the transport (web mode: uploaded to the loopback server; Electron: the
   * preload's `stageFile`), named by opaque ids so no path crosses into the renderer.
   */
  'recordings.import': {
    input: z.object({ sourceIds: z.array(z.string().min(1).max(100)).min(1).max(500) }),
    output: z.array(ImportOutcome),
  },
  'recordings.cancel': {
    input: z.object({ id: RecordingId }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'recordings.delete': {
    input: z.object({ id: RecordingId }),
    output: z.object({ deleted: z.boolean() }),
  },
  'settings.get': { input: z.void(), output: SettingsValues },
  'settings.set': {
    input: z.object({
      key: z.enum(settingKeys as [SettingKey, ...SettingKey[]]),
      value: z.unknown(),
    }),
    output: SettingsValues,
  },
  'transcript.export': {
    input: z.object({ id: RecordingId, format: TranscriptFormat }),
    output: z.string(),
  },
} as const

export type Api = typeof api
export type Channel = keyof Api
export type Input<C extends Channel> = z.infer<Api[C]['input']>
export type Output<C extends Channel> = z.infer<Api[C]['output']>

export const channels: readonly Channel[] = channelNames
export { ipcTransport } from './channels'

// Compile-time check that channels.ts names exactly the channels this map defines.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type AssertTrue<T extends true> = T
export type ChannelListMatchesApi = AssertTrue<Same<Channel, ChannelName>>

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(api, name)
}

/** Events pushed from the core: the JobRunner's, as payloads only (no paths). */
export const JobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), recordingId: z.string(), status: RecordingStatus }),
  z.object({ type: z.literal('progress'), recordingId: z.string(), percent: z.number() }),
  z.object({
    type: z.literal('segment'),
    recordingId: z.string(),
    segment: z.object({
      idx: z.number().int(),
      startMs: z.number(),
      endMs: z.number(),
      text: z.string(),
      confidence: z.number().optional(),
    }),
  }),
  z.object({
    type: z.literal('finished'),
    recordingId: z.string(),
    status: z.enum(['done', 'failed', 'cancelled']),
    error: ErrorInfo.nullable(),
  }),
])
export type JobEvent = z.infer<typeof JobEvent>

export const events = { job: JobEvent } as const

export const ApiError = ErrorInfo
export type ApiError = z.infer<typeof ApiError>
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError }

/** A file the user picked or dropped: a DOM `File` in the renderer. */
export type PickedFile = Blob & { readonly name: string }

/** What the renderer sees as `window.earshot`: the contract plus what only a transport can do. */
export type EarshotApi = {
  [C in Channel]: (input: Input<C>) => Promise<ApiResult<Output<C>>>
} & {
  /** Hands a picked file to the core and returns its opaque source id for `recordings.import`. */
  stageFile: (file: PickedFile) => Promise<ApiResult<{ sourceId: string }>>
  /** Where the player loads a recording from (web: `/api/media/<id>`, Electron: `earshot-media:`). */
  mediaUrl: (recordingId: string) => string
  onJobEvent: (listener: (event: JobEvent) => void) => () => void
}
