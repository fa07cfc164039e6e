import type { TranscriptUpload } from '../shared/upload'

interface EventBase {
  /**
   * Stable for the same fact: a retried upload (same member and Idempotency-Key) yields the same
   * ids again, so a consumer that keeps ids delivers each event once (Standard Webhooks'
   * `webhook-id` is meant to be this). Made by deliveryEventIds.
   */
  id: string
  at: string
  recordingId: string
  /** The member's name. */
  member: string
}

/**
 * What the team server tells its delivery side (issue 12: webhooks, Slack, HubSpot; built in
 * src/backend/delivery/). Handed to `ReferenceBackendOptions.onEvent` after the store committed
 * and before the client gets its answer; if the hook throws, the client gets a 500 and retries,
 * and the retry hands the same ids over again: at least once, never before the data is stored.
 * Only what the upload held: the server never forwards more than it received. The events derived
 * from an upload (`signal.found`, one per signal) are made by delivery from the upload itself.
 */
export type BackendEvent =
  | (EventBase & {
      type: 'upload.received'
      payloadSha256: string
      upload: TranscriptUpload
    })
  | (EventBase & { type: 'upload.deleted'; reason: 'request' | 'retention' })

export type BackendEventHook = (event: BackendEvent) => void | Promise<void>
