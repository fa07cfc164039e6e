import { RecordingContactStore } from '../store/RecordingContactStore'
import { createHash } from 'node:crypto'
import { CoreError } from '../CoreError'
import { configuredTrackers } from '../derive/signals/configuredTrackers'
import type { TrackerDefinition } from '../../shared/signals'
import { QualityStore } from '../store/QualityStore'
import { DerivedStore } from '../store/DerivedStore'
import type { Db } from '../store/openDatabase'
import type { RecordingStore } from '../store/RecordingStore'
import type { SettingsStore } from '../store/SettingsStore'
import type { UploadReceipt } from '../../shared/upload'
import { BackendClient } from './BackendClient'
import { buildUpload } from './buildUpload'
import type { UploadRedaction } from './composeUploadContent'
import { recordingUploadContent } from './recordingUploadContent'
import type { RemoteDeletionOutcome } from '../deletion/DeletionService'
import type { EgressSender } from './EgressSender'
import { encodeUpload } from './encodeUpload'
import { readInstallId } from './readInstallId'
import { UploadQueue, type UploadError, type UploadState } from './UploadQueue'
import { UploadSender, type UploadSenderDeps } from './UploadSender'
import { uploadRetryPolicy, type RetryPolicy } from './uploadRetryPolicy'
import { WitnessedHeadStore, type WitnessedHeadRecord } from './WitnessedHeadStore'

export interface SyncServiceDeps {
  db: Db
  recordings: RecordingStore
  settings: SettingsStore
  gate: EgressSender
  /** The backend token: the OS keychain in the app, `EARSHOT_BACKEND_TOKEN` in the CLI. */
  token: string | undefined
  appVersion: string
  policy?: RetryPolicy
  clock?: () => Date
  sleep?: UploadSenderDeps['sleep']
  random?: () => number
  /** Told the outcome of every `upload` call that ran to the end (analytics listens here). */
  onUploadResults?: (results: readonly UploadResult[]) => void
}

/** Exactly what an upload of one recording would send. */
export interface PreparedUpload {
  recordingId: string
  body: Uint8Array
  payloadSha256: string
  /**
   * Every redaction found in the transcript, in segment order: applied ones (`reverted: false`)
   * replaced `original` by `replacement` in `body`; reverted ones the user chose to send as they
   * are. Empty when `redaction.enabled` is off. Not part of `body`: it is for the preview, which
   * marks them and lets the user revert or restore each (DerivedStore.revertRedaction).
   */
  redactions: UploadRedaction[]
}

export interface UploadResult {
  id: string
  state: UploadState
  receipt: UploadReceipt | null
  error: UploadError | null
}

/**
 * Sync (DESIGN.md §1, §4): builds payloads from finished transcripts, queues them durably, sends
 * them through the egress gate, and carries deletion requests to the backend. One instance per core.
 */
export class SyncService {
  readonly queue: UploadQueue
  /** Audit heads backends confirmed (receipts and `audit verify --witness`). */
  readonly witnessedHeads: WitnessedHeadStore
  private readonly derived: DerivedStore
  private readonly quality: QualityStore
  private readonly clock: () => Date
  private readonly policy: RetryPolicy

  constructor(private readonly deps: SyncServiceDeps) {
    this.clock = deps.clock ?? (() => new Date())
    this.queue = new UploadQueue(deps.db, this.clock)
    this.witnessedHeads = new WitnessedHeadStore(deps.db)
    this.derived = new DerivedStore(deps.db)
    this.quality = new QualityStore(deps.db)
    this.policy = deps.policy ?? uploadRetryPolicy
  }

  /** Ids of every recording that can be uploaded (transcription finished). */
  uploadableIds(): string[] {
    return this.deps.recordings
      .list()
      .filter((recording) => recording.status === 'done')
      .map((recording) => recording.id)
  }

  /**
   * The exact bytes an upload of this recording sends; sends, queues and audits nothing. The dry
   * run, the preview and the real send all come through here, so what the user reviewed is what
   * leaves. Deterministic: the same transcript, derived data, speaker names, redaction settings and
   * reverts give the same bytes, and so the same idempotency key in the queue.
   */
  prepare(
    recordingId: string,
    // A batch passes the trackers it built once: compiling them (regexes, schema checks) per
    // payload was measured at ~40% of payload building in bench:privacy.
    trackers: readonly TrackerDefinition[] = configuredTrackers(this.deps.settings),
  ): PreparedUpload {
    const recording = this.deps.recordings.get(recordingId)
    if (!recording) throw new CoreError('not-found', `No recording has the id '${recordingId}'.`)
    if (recording.status !== 'done') {
      throw new CoreError(
        'not-uploadable',
        `Recording ${recordingId} is ${recording.status}; only finished transcripts can be uploaded.`,
      )
    }
    const { settings } = this.deps
    const content = recordingUploadContent(
      { recordings: this.deps.recordings, derived: this.derived, settings },
      recording,
      trackers,
    )
    const contactEmail = new RecordingContactStore(this.deps.db).get(recordingId)
    const upload = buildUpload(
      recording,
      content.segments,
      {
        installId: readInstallId(this.deps.db),
        appVersion: this.deps.appVersion,
        includeTitle: settings.get('upload.includeTitles'),
        ...(contactEmail !== undefined && { contactEmail }),
      },
      { ...content, quality: this.quality.get(recordingId) },
    )
    const body = encodeUpload(upload)
    return {
      recordingId,
      body,
      payloadSha256: createHash('sha256').update(body).digest('hex'),
      redactions: content.redactions,
    }
  }

  /**
   * Queues each recording's payload and sends until every one is done or failed. A payload
   * already uploaded is not sent again; one already queued keeps its idempotency key.
   */
  async upload(recordingIds: readonly string[], signal?: AbortSignal): Promise<UploadResult[]> {
    const client = this.client()
    client.assertConfigured()
    const trackers = configuredTrackers(this.deps.settings)
    const rows = this.deps.db.transaction(() =>
      recordingIds.map((id) => this.queue.enqueue(id, this.prepare(id, trackers).body)),
    )()
    const sender = new UploadSender({
      queue: this.queue,
      client,
      policy: this.policy,
      clock: this.clock,
      ...(this.deps.sleep && { sleep: this.deps.sleep }),
      ...(this.deps.random && { random: this.deps.random }),
    })
    await sender.drain({ ids: rows.map((row) => row.id), ...(signal && { signal }) })
    const results = rows.map((queued): UploadResult => {
      const row = this.queue.get(queued.id) ?? queued
      return {
        id: row.recordingId,
        state: row.state,
        receipt: row.receipt,
        error: row.state === 'done' ? null : row.lastError,
      }
    })
    this.deps.onUploadResults?.(results)
    return results
  }

  /** `GET /v1/health` through the gate. */
  async checkBackend(signal?: AbortSignal): Promise<{ url: string; schemaVersion: number }> {
    const client = this.client()
    const health = await client.health(signal)
    return { url: client.url(''), schemaVersion: health.schemaVersion }
  }

  /**
   * Asks the backend to delete its copy of a recording (`DELETE /v1/transcripts/{id}` through the
   * gate), when one was sent; deletes nothing here (DeletionService does, after this answers).
   */
  async requestRemoteDeletion(id: string, signal?: AbortSignal): Promise<RemoteDeletionOutcome> {
    if (!this.queue.wasSent(id)) return { remote: 'not-uploaded', receipt: null }
    const receipt = await this.client().deleteTranscript(id, signal)
    if (receipt.id !== id) {
      throw new CoreError(
        'receipt-mismatch',
        `The backend confirmed deleting ${receipt.id}, not ${id}.`,
      )
    }
    return { remote: 'done', receipt }
  }

  /**
   * Every head the configured backend holds for an installation (`GET /v1/audit-heads`): this
   * one's by default, kept locally too so that `audit verify` without the network knows them
   * afterwards. Another id (`--install-id`, e.g. after the data folder was lost) is only read.
   */
  async fetchWitnessedHeads(
    options: { installId?: string; signal?: AbortSignal } = {},
  ): Promise<WitnessedHeadRecord[]> {
    const client = this.client()
    const own = readInstallId(this.deps.db)
    const installId = options.installId?.toLowerCase() ?? own
    const backend = client.url('')
    const heads = (await client.auditHeads(installId, options.signal)).map(
      (head): WitnessedHeadRecord => ({ backend, installId, ...head }),
    )
    if (installId === own) {
      this.deps.db.transaction(() => {
        for (const head of heads) this.witnessedHeads.record(head)
      })()
    }
    return heads
  }

  /** Built per call: `backend.url` may have changed since the core started. */
  private client(): BackendClient {
    const baseUrl = this.deps.settings.get('backend.url')
    return new BackendClient({
      gate: this.deps.gate,
      baseUrl,
      token: this.deps.token,
      installId: () => readInstallId(this.deps.db),
      onWitnessed: (head) => {
        this.witnessedHeads.record({
          backend:
            baseUrl === null ? '' : new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href,
          installId: readInstallId(this.deps.db),
          ...head,
        })
      },
    })
  }
}
