import { setTimeout as sleepFor } from 'node:timers/promises'
import { CoreError } from '../CoreError'
import { processIsAlive } from '../jobs/processIsAlive'
import { toErrorInfo } from '../jobs/toErrorInfo'
import type { UploadReceipt } from '../../shared/upload'
import { backoffDelay } from './backoffDelay'
import type { BackendClient } from './BackendClient'
import { isRetryable } from './isRetryable'
import type { UploadQueue, UploadRow } from './UploadQueue'
import type { RetryPolicy } from './uploadRetryPolicy'

export interface UploadSenderDeps {
  queue: UploadQueue
  client: Pick<BackendClient, 'postTranscript'> & Partial<Pick<BackendClient, 'postTranscripts'>>
  policy: RetryPolicy
  clock?: () => Date
  /** Waits until the next retry is due; injected so tests run on a fake clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  pid?: number
  isProcessAlive?: (pid: number) => boolean
  /** How often a send in flight renews its rows' lease (default: a quarter of the stale age, at most 30 s). */
  leaseRenewMs?: number
}

/**
 * Rows sent per batch, their attempts audited in one write (issue 10: one fsync per batch, not per
 * upload). Small enough that a batch cut short (cancelled, audit refused) leaves little to redo.
 */
const BATCH = 16

/** Codes that mean nothing can be sent right now, whichever row: stop instead of failing every row. */
const haltingCodes: ReadonlySet<string> = new Set([
  'audit-failed',
  'backend-not-configured',
  'backend-token-missing',
])

/**
 * Sends queued uploads until none is left to send: each through the gate, with full-jitter
 * backoff on transient failures and no retry on refusals. Waits in-process for retries that are
 * due later, so `earshot upload` returns when every row it queued is done or failed.
 */
export class UploadSender {
  private readonly clock: () => Date
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  private readonly random: () => number
  private readonly pid: number
  private readonly isProcessAlive: (pid: number) => boolean

  constructor(private readonly deps: UploadSenderDeps) {
    this.clock = deps.clock ?? (() => new Date())
    this.sleep = deps.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal }))
    this.random = deps.random ?? Math.random
    this.pid = deps.pid ?? process.pid
    this.isProcessAlive = deps.isProcessAlive ?? processIsAlive
  }

  /** Sends the rows `ids` (all queued rows when omitted) until each is done, failed or sent elsewhere. */
  async drain(options: { ids?: readonly number[]; signal?: AbortSignal } = {}): Promise<void> {
    const { queue, policy } = this.deps
    queue.recoverAbandoned(this.isProcessAlive, policy.staleSendingMs)
    for (;;) {
      options.signal?.throwIfAborted()
      if (this.deps.client.postTranscripts !== undefined) {
        const rows = queue.claimDueMany(this.pid, BATCH, options.ids)
        if (rows.length > 0) {
          await this.sendBatch(rows, options.signal)
          continue
        }
      } else {
        const row = queue.claimDue(this.pid, options.ids)
        if (row) {
          await this.sendOne(row, options.signal)
          continue
        }
      }
      const due = queue.nextDueAt(options.ids)
      if (due === undefined) return
      await this.sleep(Math.max(0, due.getTime() - this.clock().getTime()), options.signal)
    }
  }

  /**
   * Keeps the lease of `rows` fresh while `send` runs (UploadQueue.renewLease), on a timer that
   * never holds the process open.
   */
  private async holdingLease<T>(rows: readonly UploadRow[], send: () => Promise<T>): Promise<T> {
    const every =
      this.deps.leaseRenewMs ??
      Math.min(30_000, Math.max(1000, this.deps.policy.staleSendingMs / 4))
    const ids = rows.map((row) => row.id)
    const timer = setInterval(() => {
      this.deps.queue.renewLease(this.pid, ids)
    }, every)
    timer.unref()
    try {
      return await send()
    } finally {
      clearInterval(timer)
    }
  }

  private async sendOne(row: UploadRow, signal?: AbortSignal): Promise<void> {
    let receipt: UploadReceipt
    try {
      receipt = await this.holdingLease([row], () =>
        this.deps.client.postTranscript(row.payload, row.idempotencyKey, signal, row.recordingId),
      )
    } catch (error) {
      this.settle(row, { status: 'rejected', reason: error }, signal)
      return
    }
    this.settle(row, { status: 'fulfilled', value: receipt }, signal)
  }

  /** Rows sent together (BackendClient.postTranscripts), each settled as sendOne settles it. */
  private async sendBatch(rows: readonly UploadRow[], signal?: AbortSignal): Promise<void> {
    const postTranscripts = this.deps.client.postTranscripts?.bind(this.deps.client)
    if (postTranscripts === undefined) throw new Error('sendBatch needs postTranscripts')
    const settled = await this.holdingLease(rows, () =>
      postTranscripts(
        rows.map((row) => ({
          payload: row.payload,
          idempotencyKey: row.idempotencyKey,
          recordingId: row.recordingId,
        })),
        signal,
      ),
    )
    let halted: unknown
    this.deps.queue.together(() => {
      rows.forEach((row, i) => {
        const result = settled[i] ?? { status: 'rejected', reason: new Error('no result') }
        try {
          this.settle(row, result, signal)
        } catch (error) {
          // Every row of the batch is put back before the first stopping error is thrown.
          halted ??= error
        }
      })
    })
    // The row's own error, rethrown as sendOne rethrows it (it is whatever the client threw).
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (halted !== undefined) throw halted
  }

  /**
   * A row's send settled: done, retried with backoff, or failed. Throws (after putting the row
   * back) when nothing more should be sent: cancelled, or a halting code.
   */
  private settle(
    row: UploadRow,
    result: PromiseSettledResult<UploadReceipt>,
    signal?: AbortSignal,
  ): void {
    const { queue, policy } = this.deps
    let error: unknown
    if (result.status === 'fulfilled') {
      try {
        checkReceipt(row, result.value)
        queue.markDone(row.id, result.value)
        return
      } catch (mismatch) {
        error = mismatch
      }
    } else {
      error = result.reason
    }
    const info = toErrorInfo(error)
    if (signal?.aborted) {
      // Cancelled, not failed: the row waits for the next run, key and attempts as they are.
      queue.markRetry(row.id, 0, info)
      throw error
    }
    if (haltingCodes.has(info.code)) {
      queue.markRetry(row.id, 0, info)
      throw error
    }
    if (isRetryable(error) && row.attempts < policy.maxAttempts) {
      queue.markRetry(row.id, backoffDelay(row.attempts, policy, this.random), info)
    } else {
      queue.markFailed(row.id, info)
    }
  }
}

/** A receipt for other bytes or another recording is no proof of this upload. */
function checkReceipt(row: UploadRow, receipt: UploadReceipt): void {
  if (receipt.id !== row.recordingId || receipt.payloadSha256 !== row.payloadSha256) {
    throw new CoreError(
      'receipt-mismatch',
      `The backend's receipt names ${receipt.id} / ${receipt.payloadSha256.slice(0, 12)}…, not what was sent.`,
    )
  }
}
