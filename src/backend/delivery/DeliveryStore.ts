import type { DeliveryEventType } from '../../shared/delivery'

export type DestinationKind = 'webhook' | 'slack' | 'hubspot'

/** A place the team server delivers to, as its table holds it. */
export interface Destination {
  /** `dst_` and 16 hex digits. */
  id: string
  kind: DestinationKind
  /** The webhook or Slack URL; HubSpot's API base URL. */
  url: string
  /** The webhook's `whsec_` secret, HubSpot's token; '' for Slack (its URL is the credential). */
  secret: string
  events: DeliveryEventType[]
  createdAt: string
  /** Set when the endpoint answered 410 Gone (Standard Webhooks: stop sending), or by an admin. */
  disabledAt: string | null
  disabledReason: string | null
}

export interface NewDestination {
  kind: DestinationKind
  url: string
  secret: string
  events: readonly DeliveryEventType[]
}

/** One event in the outbox: what every subscribed destination is sent. */
export interface OutboxEvent {
  /** `msg_` and 32 hex digits: the `webhook-id`, the same on every retry and every destination. */
  id: string
  type: DeliveryEventType
  recordingId: string
  member: string
  /** The event's `data`, canonical JSON of its strict schema (shared/delivery.ts). */
  payload: string
  /** The contact HubSpot notes go on, as the member gave it; HubSpot gets nothing without one. */
  contactEmail: string | null
  createdAt: string
}

export type JobState = 'pending' | 'delivered' | 'dead' | 'disabled'

/** One (destination, event) pair: delivered at most once, retried until it is or gives up. */
export interface DeliveryJob {
  destinationId: string
  eventId: string
  state: JobState
  attempts: number
  nextAttemptMs: number
  lastStatus: number | null
  lastError: string | null
  deliveredAt: string | null
  /** When an admin last replayed it from the dead letters (0: never); its age counts from then. */
  replayedAtMs: number
}

/** A job the worker holds a lease on, with what it needs to send it. */
export interface ClaimedJob {
  job: DeliveryJob
  destination: Destination
  event: OutboxEvent
}

/** How an attempt ended, as the worker decided (DeliveryWorker.ts). */
export type JobOutcome =
  | { state: 'delivered'; at: string; status: number }
  | { state: 'pending'; nextAttemptMs: number; status: number | null; error: string }
  | { state: 'dead'; status: number | null; error: string }

/**
 * The durable outbox (issue 12), in the server's own database: SQLite (SqliteDeliveryStore) or
 * PostgreSQL (PostgresDeliveryStore). Async so both engines fit. Enqueueing writes the event and one
 * job per subscribed destination in one transaction; a claimed job is leased, so a worker that dies
 * mid-attempt hands it back when the lease runs out, and `settle` of a job no longer pending (already
 * delivered) changes nothing: one delivery per (destination, event id).
 */
export interface DeliveryStore {
  addDestination(input: NewDestination, createdAt: string): Promise<Destination>
  listDestinations(): Promise<Destination[]>
  /** False when no destination has that id. Its pending jobs go with it. */
  removeDestination(id: string): Promise<boolean>
  /** Stops deliveries to it; its pending jobs become `disabled`. */
  disableDestination(id: string, reason: string, at: string): Promise<void>
  /** No attempt to this destination before `untilMs` (429 Retry-After, 5xx): the slow-down. */
  slowDestination(id: string, untilMs: number): Promise<void>
  /**
   * Stores the event and a pending job, due at `dueMs`, for each enabled destination whose events
   * include its type and which can take it (HubSpot: with a contact email; Slack and HubSpot: only
   * `upload.received`). Returns the number of jobs. An event id already stored is refused.
   */
  enqueue(event: OutboxEvent, dueMs: number): Promise<number>
  /**
   * Removes the events (and their jobs) of a recording, but `upload.deleted` ones: a deleted upload's
   * text must not be forwarded after its deletion. Returns how many events went.
   */
  forgetRecording(recordingId: string): Promise<number>
  /** Leases up to `limit` due jobs (pending, due, destination enabled and not slowed) until `leaseUntilMs`. */
  claimDue(nowMs: number, leaseUntilMs: number, limit: number): Promise<ClaimedJob[]>
  /** Ends a leased attempt: attempts + 1, the lease released. No-op unless the job is pending. */
  settle(destinationId: string, eventId: string, outcome: JobOutcome): Promise<void>
  /** Every job, oldest event first (the CLI's `webhooks list`, tests). */
  listJobs(): Promise<DeliveryJob[]>
  /** Jobs with their event and destination, oldest event first; only `state` ones when given. */
  listDeliveries(state?: JobState): Promise<ClaimedJob[]>
  /**
   * Dead letters back in the queue (`backend deliveries replay`): the dead jobs of this event id (of
   * every event when null) whose destination is enabled become pending, due at `nowMs`, attempts
   * from 0, the same event and so the same `webhook-id`. Returns them as they were before.
   */
  replayDead(eventId: string | null, nowMs: number): Promise<ClaimedJob[]>
  close(): Promise<void>
}
