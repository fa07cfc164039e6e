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
  client: Pick<BackendClient, 'postTranscript'>
  policy: RetryPolicy
  clock?: () => Date
  /** Waits until the next retry is due; injected so tests run on a fake clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  pid?: number
  isProcessAlive?: (pid: number) => boolean
}

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
      const row = queue.claimDue(this.pid, options.ids)
      if (row) {
        await this.sendOne(row, options.signal)
        continue
      }
      const due = queue.nextDueAt(options.ids)
      if (due === undefined) return
      await this.sleep(Math.max(0, due.getTime() - this.clock().getTime()), options.signal)
    }
  }

  private async sendOne(row: UploadRow, signal?: AbortSignal): Promise<void> {
    const { queue, policy } = this.deps
    let receipt: UploadReceipt
    try {
      receipt = await this.deps.client.postTranscript(
        row.payload,
        row.idempotencyKey,
        signal,
        row.recordingId,
      )
      checkReceipt(row, receipt)
    } catch (error) {
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
      return
    }
    queue.markDone(row.id, receipt)
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
