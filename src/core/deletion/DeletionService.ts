import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { AuditEntry, AuditEntryInput } from '../audit/types'
import { isInside } from '../api/isInside'
import { dataDirPath } from '../config/dataDirLayout'
import { CoreError } from '../CoreError'
import { toErrorInfo } from '../jobs/toErrorInfo'
import type { Db } from '../store/openDatabase'
import type { RecordingRow, RecordingStore } from '../store/RecordingStore'
import type { DeletionReceipt } from '../../shared/upload'
import { DeletionStore, type RemoteDeletion } from './DeletionStore'
import { forgetFreedPages } from './forgetFreedPages'
import { requestDatabaseKeyRotation } from '../keys/rotateDatabaseKey'
import { wipeAllData, type WipeResult } from './wipeAllData'

/** What the backend said about its copy (SyncService.requestRemoteDeletion). */
export interface RemoteDeletionOutcome {
  remote: Exclude<RemoteDeletion, 'not-requested'>
  receipt: DeletionReceipt | null
}

/**
 * The audit log as deletion needs it. `erasePayloads` destroys the recording's payload key so the
 * words it sent are gone while the chain still verifies (issue 15).
 */
export interface DeletionAudit {
  append: (input: AuditEntryInput) => AuditEntry
  erasePayloads: (recordingId: string) => void
}

export interface DeletionServiceDeps {
  db: Db
  recordings: RecordingStore
  audit: DeletionAudit
  /** The data folder: staged copies under `imports/` are Earshot's to remove; nothing else is. */
  dataDir: string
  /**
   * Where the database key lives (EARSHOT_KEYS_DIR, EARSHOT_DB_KEY): delete-all asks for that key
   * to be replaced (requestDatabaseKeyRotation). Absent: the process environment.
   */
  env?: NodeJS.ProcessEnv
  /** Asks the backend to delete its copy (through the egress gate); only called with `remote`. */
  requestRemoteDeletion: (
    recordingId: string,
    signal?: AbortSignal,
  ) => Promise<RemoteDeletionOutcome>
  /** Stops a job working on the recording in this process, if any. */
  cancelJob?: (recordingId: string) => void
  clock?: () => Date
}

export interface DeletionResult {
  id: string
  deleted: boolean
  remote: RemoteDeletion | null
  receipt: DeletionReceipt | null
  error: { code: string; message: string } | null
}

export interface DeleteAllResult {
  /** One per recording, in list order. */
  results: DeletionResult[]
  /** Null when a recording could not be deleted (a remote request failed): nothing was wiped. */
  wiped: WipeResult | null
}

/**
 * The one place local data is deleted (issue 15, "deletion that deletes"), whichever door asked:
 * `earshot delete`, the UI and web mode's API, retention, the remote-delete path. One recording's
 * delete removes its rows and everything derived (ON DELETE CASCADE, the FTS5 index through its
 * trigger), with `secure_delete` zeroing the freed bytes and FTS5 `secure-delete` removing the
 * index entries themselves (migration 5); then truncates the WAL, destroys the recording's audit
 * payload key, and removes web mode's staged copy of its media. "Delete all data" is that for every
 * recording, then `wipeAllData`.
 */
export class DeletionService {
  readonly records: DeletionStore
  private readonly clock: () => Date
  private readonly importsDir: string

  constructor(private readonly deps: DeletionServiceDeps) {
    this.records = new DeletionStore(deps.db)
    this.clock = deps.clock ?? (() => new Date())
    this.importsDir = dataDirPath(deps.dataDir, 'imports')
  }

  /**
   * Deletes recordings here and, with `remote`, asks the backend to delete what it received
   * first: when the backend cannot be reached the recording stays, so the request can be made
   * again rather than leaving a remote copy nothing points to.
   */
  async deleteRecordings(
    recordingIds: readonly string[],
    options: { remote: boolean; signal?: AbortSignal },
  ): Promise<DeletionResult[]> {
    const results: DeletionResult[] = []
    for (const id of recordingIds) {
      try {
        results.push(await this.deleteOne(id, options))
      } catch (error) {
        results.push({ id, deleted: false, remote: null, receipt: null, error: toErrorInfo(error) })
      }
    }
    return results
  }

  /**
   * Local deletes that ask no backend, synchronously (retention runs inside the core's
   * constructor): the same effect on this device as `deleteRecordings` without `remote`.
   */
  deleteLocally(recordingIds: readonly string[], at: Date = this.clock()): DeletionResult[] {
    return recordingIds.map((id) => {
      try {
        return this.deleteHere(this.existing(id), 'not-requested', null, at)
      } catch (error) {
        return { id, deleted: false, remote: null, receipt: null, error: toErrorInfo(error) }
      }
    })
  }

  /**
   * "Delete all data", the same from every door (the UI's button, the API, `earshot delete --all
   * --yes`): every recording as above (the backend asked first with `remote`), then only when all
   * are gone, every other row, file and setting (wipeAllData) and one audit entry saying so. When
   * a recording stays, nothing else is wiped: the wipe would drop what is needed to ask again.
   */
  async deleteAll(options: { remote: boolean; signal?: AbortSignal }): Promise<DeleteAllResult> {
    const ids = this.deps.recordings.list().map((recording) => recording.id)
    const results = await this.deleteRecordings(ids, options)
    if (results.some((result) => !result.deleted)) return { results, wiped: null }
    const wiped = wipeAllData({
      db: this.deps.db,
      dataDir: this.deps.dataDir,
      audit: this.deps.audit,
    })
    // The old key would still open any copy of the databases made before (a backup, a sync
    // folder): it is replaced once the databases are closed (src/core/keys/rotateDatabaseKey).
    requestDatabaseKeyRotation(this.deps.dataDir, this.deps.env ?? process.env)
    return { results, wiped }
  }

  /**
   * A recording whose import failed or was cancelled keeps its row (the error shows in the
   * library) but not web mode's copy of its media: nothing will read it again, and a copy of call
   * audio left in the data folder is what issue 15 found. The user's own files are never touched.
   */
  releaseStagedCopy(recordingId: string): void {
    const row = this.deps.recordings.get(recordingId)
    if (row) this.removeStagedCopy(row.sourcePath)
  }

  /**
   * Removes staged copies no recording points to: left when a process stopped between receiving
   * a file and importing it (StagedFiles.dispose covers a clean shutdown). Only the process that
   * receives uploads calls this, when it starts and so has none in flight. Returns the folders.
   */
  sweepOrphanedCopies(): string[] {
    if (!existsSync(this.importsDir)) return []
    const used = new Set(
      this.deps.recordings
        .list()
        .filter((row) => isInside(this.importsDir, row.sourcePath))
        .map((row) => relative(this.importsDir, row.sourcePath).split(sep)[0]),
    )
    const orphans = readdirSync(this.importsDir).filter((name) => !used.has(name))
    for (const name of orphans)
      rmSync(join(this.importsDir, name), { recursive: true, force: true })
    return orphans
  }

  private async deleteOne(
    id: string,
    options: { remote: boolean; signal?: AbortSignal },
  ): Promise<DeletionResult> {
    const row = this.existing(id)
    if (!options.remote) return this.deleteHere(row, 'not-requested', null, this.clock())
    const { remote, receipt } = await this.deps.requestRemoteDeletion(id, options.signal)
    return this.deleteHere(row, remote, receipt, this.clock())
  }

  private existing(id: string): RecordingRow {
    const row = this.deps.recordings.get(id)
    if (!row) throw new CoreError('not-found', `No recording has the id '${id}'.`)
    return row
  }

  private deleteHere(
    row: RecordingRow,
    remote: RemoteDeletion,
    receipt: DeletionReceipt | null,
    at: Date,
  ): DeletionResult {
    const { id } = row
    this.deps.cancelJob?.(id)
    const deletedAt = at.toISOString()
    // Segments, signals, summaries, channel energy, jobs and uploads (with their payloads) go with
    // the recording (ON DELETE CASCADE); the segments_ad trigger takes its words out of the index.
    this.deps.db.transaction(() => {
      this.deps.recordings.delete(id)
      this.records.record({ recordingId: id, deletedAt, remote, receipt })
    })()
    forgetFreedPages(this.deps.db)
    this.erasePayloadsOf(id)
    this.removeStagedCopy(row.sourcePath)
    return { id, deleted: true, remote, receipt, error: null }
  }

  /** The audit log keeps the chain; the recording's payload key goes (AuditLog.erasePayloads). */
  private erasePayloadsOf(recordingId: string): void {
    this.deps.audit.erasePayloads(recordingId)
  }

  /** Only Earshot's own copies go; a file the user imported from disk stays theirs. */
  private removeStagedCopy(sourcePath: string): void {
    if (!isInside(this.importsDir, sourcePath)) return
    // Each staged copy sits alone in `imports/<uuid>/` (receiveUpload): that folder is the copy.
    const [folder = ''] = relative(this.importsDir, sourcePath).split(sep)
    rmSync(join(this.importsDir, folder), { recursive: true, force: true })
  }
}
