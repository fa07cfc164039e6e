import { z } from 'zod'
import {
  AuditChainReport,
  AuditEntryDetail,
  AuditExport,
  AuditListQuery,
  AuditPage,
} from './auditViews'
import {
  BackendCheck,
  BackendStatus,
  BackendToken,
  DELETE_ALL_PHRASE,
  FirstRunState,
  ModelChoice,
  ModelDownloadView,
} from './backendViews'
import { channelNames, type ChannelName } from './channels'
import { RecordingStatus, RecordingSummary, Segment } from './domain'
import { LineText } from './lineText'
import { CallQualityView } from './quality'
import { settingKeys, settingsSchema, type SettingKey } from './settings'
import {
  DateRangeQuery,
  InsightsQuery,
  InsightsView,
  RecordingDerived,
  RedactionList,
  SpeakerView,
  VoiceProfileView,
} from './derivedViews'
import { UploadOutcomeView, UploadPreview, UploadStatusView } from './uploadViews'
import { UploadContactEmail } from './upload'

const RecordingId = z.string().min(1).max(100)
/** A model catalogue name ('base.en', 'large-v3-turbo'). */
const ModelName = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,39}$/, 'is not a model name')

export const transcriptFormats = ['txt', 'srt', 'vtt', 'json', 'md', 'docx', 'rttm'] as const
export const TranscriptFormat = z.enum(transcriptFormats)
export type TranscriptFormat = z.infer<typeof TranscriptFormat>
/** Formats whose export is bytes: `transcript.export` answers them in base64. */
export const binaryTranscriptFormats: readonly TranscriptFormat[] = ['docx']

/** A recording as the UI shows it: ids and titles only, never the file's path. */
export const RecordingView = RecordingSummary.extend({
  progress: z.number().min(0).max(100),
  language: z.string().nullable(),
  /** While transcribing: seconds left at this machine's measured speed, null until estimated. */
  secondsLeft: z.number().nonnegative().nullable().optional(),
  /** While queued: 1 for the next to run. */
  queuePosition: z.number().int().positive().nullable().optional(),
  /** Once done: how long the transcription took (null for jobs from before this was kept). */
  processingMs: z.number().nonnegative().nullable().optional(),
  /** The file's kind as the user knows it ('WAV', 'MP3'): tells two imports of one talk apart. */
  format: z.string().nullable(),
  /** When the call happened (ISO 8601): creation_time, else the file's mtime, or set by the user. */
  callDate: z.string().nullable(),
  /** Speakers and signals found; null until the transcript has been derived. */
  speakerCount: z.number().int().nonnegative().nullable(),
  signalCount: z.number().int().nonnegative().nullable(),
  /** The call-quality report measured at import; null: not measured (imported before reports). */
  quality: CallQualityView,
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
  /** The segment's speaker label ('Speaker 1'), null when unknown. */
  speaker: z.string().nullable(),
})
export type SearchHit = z.infer<typeof SearchHit>

export const SearchQuery = DateRangeQuery.extend({
  q: z.string().max(200),
  /** A speaker label or the name the user gave it, case-insensitive. */
  speaker: z.string().trim().min(1).max(80).optional(),
  /** Only lines carrying a demand signal of this tracker id. */
  tracker: z.string().min(1).max(80).optional(),
})
export type SearchQuery = z.infer<typeof SearchQuery>

export const SearchResult = z.object({
  hits: z.array(SearchHit),
  /** False when the query was too common to rank by relevance: the newest matches come instead. */
  ranked: z.boolean(),
  /** True when more lines match than `hits` holds (the page shows the best, or newest, of them). */
  more: z.boolean(),
})
export type SearchResult = z.infer<typeof SearchResult>

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
/**
 * The operating system's own wall around the processes that touch media (issue 9): which kind this
 * machine gives, one sentence on it, and which processes it covers in this app (Electron's
 * utility processes — the whisper worker and the ffmpeg.wasm decoder there — are started by Electron,
 * not wrapped by it), and per process every wall, the seccomp filter our workers install included.
 */
export const MediaProcess = z.enum(['ffmpeg', 'ffprobe', 'whisper-worker', 'wasm-decoder'])
export type MediaProcess = z.infer<typeof MediaProcess>

/**
 * One media process and what holds it: the namespace or sandbox the host starts it in (`netns`,
 * `sandbox`), the seccomp filter it puts on itself (`seccomp`; Linux, our Node workers only), both,
 * or nothing. `seccomp` says how that filter stands: reported by a running worker (`installed`,
 * `failed`, `unavailable`, `off`), `expected` before one has started (the addon is there and the
 * kernel has filters), or `not-applicable` (ffmpeg and ffprobe are not our code).
 */
export const MediaProcessWall = z.object({
  process: MediaProcess,
  wall: z.enum(['netns', 'sandbox', 'seccomp', 'netns+seccomp', 'none']),
  seccomp: z.enum(['installed', 'expected', 'failed', 'unavailable', 'off', 'not-applicable']),
})
export type MediaProcessWall = z.infer<typeof MediaProcessWall>

export const OsNetworkWallInfo = z.object({
  kind: z.enum(['linux-netns', 'macos-sandbox', 'none']),
  detail: z.string(),
  /** The processes `kind`'s wall (namespace or sandbox) covers. */
  covers: z.array(MediaProcess),
  /** Every media process this app runs, with every wall that holds it. */
  processes: z.array(MediaProcessWall),
  /** One sentence on the seccomp wall (why it is missing, where it is). */
  seccompDetail: z.string(),
})
export type OsNetworkWallInfo = z.infer<typeof OsNetworkWallInfo>

/**
 * How the databases in the data folder are encrypted at rest (issue 13): where their key is kept,
 * and one sentence on what that protects against. Never the key file's path (the renderer sees none).
 */
export const StorageEncryptionInfo = z.object({
  keySource: z.enum(['environment', 'keychain', 'key-file']),
  detail: z.string(),
})
export type StorageEncryptionInfo = z.infer<typeof StorageEncryptionInfo>

export const api = {
  'app.info': {
    input: z.void(),
    output: z.object({
      version: z.string(),
      modelConfigured: z.boolean(),
      osNetworkWall: OsNetworkWallInfo,
      storageEncryption: StorageEncryptionInfo,
    }),
  },
  'recordings.list': { input: z.void(), output: z.array(RecordingView) },
  'recordings.get': { input: z.object({ id: RecordingId }), output: RecordingView },
  'recordings.segments': { input: z.object({ id: RecordingId }), output: z.array(TranscriptLine) },
  'recordings.search': { input: SearchQuery, output: SearchResult },
  /** Signals, metrics, summary and named speakers of one recording. */
  'recordings.derived': { input: z.object({ id: RecordingId }), output: RecordingDerived },
  /**
   * Corrects one line's text in a finished transcript; signals, metrics and summary are derived
   * again. Answers the line as stored.
   */
  'segments.edit': {
    input: z.object({ id: RecordingId, idx: z.number().int().nonnegative(), text: LineText }),
    output: TranscriptLine,
  },
  /** Moves one line of a finished transcript to another speaker label; answers the line as stored. */
  'segments.setSpeaker': {
    input: z.object({
      id: RecordingId,
      idx: z.number().int().nonnegative(),
      speaker: z.string().trim().min(1).max(80),
    }),
    output: TranscriptLine,
  },
  /** Every line of speaker label `from` becomes `into` (one person split in two); answers the speakers. */
  'speakers.merge': {
    input: z.object({
      id: RecordingId,
      from: z.string().trim().min(1).max(80),
      into: z.string().trim().min(1).max(80),
    }),
    output: z.array(SpeakerView),
  },
  /** Names a speaker label for this recording; an empty name removes the name. */
  'speakers.rename': {
    input: z.object({
      id: RecordingId,
      label: z.string().min(1).max(80),
      name: z.string().max(80),
    }),
    output: z.array(SpeakerView),
  },
  /** Weekly signal counts per tracker, top requested features and competitors ("them" by default). */
  'insights.get': { input: InsightsQuery, output: InsightsView },
  /** The user's voice profile: where it came from and how much speech; never the features. */
  'voiceProfile.get': { input: z.void(), output: VoiceProfileView.nullable() },
  /** "This is me": this speaker of this recording is the user; answers the profile. */
  'voiceProfile.set': {
    input: z.object({ id: RecordingId, label: z.string().trim().min(1).max(80) }),
    output: VoiceProfileView,
  },
  /** Deletes the voice profile ("You" names already given stay). */
  'voiceProfile.forget': { input: z.void(), output: z.object({ forgotten: z.boolean() }) },
  /** The redactions an upload of this recording carries, each marked reverted or not. */
  'redactions.list': { input: z.object({ id: RecordingId }), output: RedactionList },
  /** Sends this redaction's original text; answers the list as it now stands. */
  'redactions.revert': {
    input: z.object({ id: RecordingId, redactionId: z.string().min(1).max(300) }),
    output: RedactionList,
  },
  /** Redacts again what `redactions.revert` let through. */
  'redactions.restore': {
    input: z.object({ id: RecordingId, redactionId: z.string().min(1).max(300) }),
    output: RedactionList,
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
  /**
   * Runs a failed or cancelled import again from the file it came from (refused, with the reason, if
   * that file is gone or changed: adding it again then reopens the same recording).
   */
  'recordings.retry': {
    input: z.object({ id: RecordingId }),
    output: z.object({ queued: z.literal(true) }),
  },
  /** Corrects when the call happened (insights group by it); answers the recording. */
  'recordings.setCallDate': {
    input: z.object({ id: RecordingId, callDate: z.iso.datetime({ offset: true }) }),
    output: RecordingView,
  },
  'recordings.delete': {
    input: z.object({ id: RecordingId }),
    output: z.object({ deleted: z.boolean() }),
  },
  /**
   * The CRM contact of a recording (issue 12): the customer's email, sent as its uploads'
   * `contactEmail` so the team server's HubSpot destination notes the call on them; null clears it.
   */
  'recordings.setContact': {
    input: z.object({ id: RecordingId, email: UploadContactEmail.nullable() }).strict(),
    output: z.object({ id: RecordingId, email: UploadContactEmail.nullable() }),
  },
  'settings.get': { input: z.void(), output: SettingsValues },
  'settings.set': {
    input: z.object({
      key: z.enum(settingKeys as [SettingKey, ...SettingKey[]]),
      value: z.unknown(),
    }),
    output: SettingsValues,
  },
  /** The transcript as a document: text, or base64 for `binaryTranscriptFormats` (docx). */
  'transcript.export': {
    input: z.object({ id: RecordingId, format: TranscriptFormat }),
    output: z.string(),
  },
  /** Finished recordings with their latest upload (Review & Upload). */
  'uploads.list': { input: z.void(), output: z.array(UploadStatusView) },
  /** The exact bytes an upload would send now (the CLI's `upload --dry-run`); sends nothing. */
  'uploads.preview': { input: z.object({ id: RecordingId }), output: UploadPreview },
  /** Queues and sends; answers when each is done or failed (retries included). */
  'uploads.send': {
    input: z.object({ ids: z.array(RecordingId).min(1).max(500) }),
    output: z.array(UploadOutcomeView),
  },
  'audit.list': { input: AuditListQuery, output: AuditPage },
  'audit.entry': {
    input: z.object({ seq: z.number().int().positive() }),
    output: AuditEntryDetail,
  },
  'audit.verify': { input: z.void(), output: AuditChainReport },
  'audit.export': { input: z.void(), output: AuditExport },
  'backend.status': { input: z.void(), output: BackendStatus },
  /** Desktop: the OS keychain (safeStorage); web mode: memory, for this session. null forgets it. */
  'backend.setToken': {
    input: z.object({ token: BackendToken.nullable() }),
    output: BackendStatus,
  },
  /** `GET /v1/health` through the egress gate with the current URL and token. */
  'backend.check': { input: z.void(), output: BackendCheck },
  'models.catalog': { input: z.void(), output: z.array(ModelChoice) },
  /**
   * Downloads a catalogued model in the background through the egress gate (audited), resuming
   * what a stopped download left, verifies its SHA-256 against the catalogue and sets it as
   * `model.path`. Answers at once; progress comes as `model-download` job events.
   */
  'models.download': { input: z.object({ name: ModelName }), output: ModelDownloadView },
  /** Stops a running download; what it fetched stays for the next `models.download` to resume. */
  'models.cancelDownload': {
    input: z.object({ name: ModelName }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'firstRun.state': { input: z.void(), output: FirstRunState },
  'firstRun.finish': { input: z.void(), output: FirstRunState },
  /**
   * Everything Earshot keeps on this device (DeletionService.deleteAll, the same as `earshot
   * delete --all --yes`): recordings, derived data, settings, staged copies, the saved token. The
   * audit log stays, with one entry recording the deletion.
   */
  'data.deleteAll': {
    input: z.object({ confirm: z.literal(DELETE_ALL_PHRASE) }),
    output: z.object({ deleted: z.number().int().nonnegative() }),
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

/** Events pushed from the core: the JobRunner's and the model downloads', as payloads only (no paths). */
export const JobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), recordingId: z.string(), status: RecordingStatus }),
  z.object({
    type: z.literal('progress'),
    recordingId: z.string(),
    percent: z.number(),
    /** At this machine's measured speed (issue 14); null while there is no estimate. */
    secondsLeft: z.number().nonnegative().nullable().optional(),
  }),
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
    /** How long the job ran, on 'done'. */
    processingMs: z.number().nonnegative().optional(),
  }),
  /** An in-app model download moved (`models.download`): no recording. */
  z.object({ type: z.literal('model-download'), download: ModelDownloadView }),
])
export type JobEvent = z.infer<typeof JobEvent>
/** The events about one recording's job (every kind but a model download's). */
export type RecordingJobEvent = Exclude<JobEvent, { type: 'model-download' }>

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
