import { randomInt } from 'node:crypto'
import type { AuditLog } from '../../core/audit/AuditLog'
import { canonicalJsonText } from '../../core/egress/canonicalJsonText'
import { EgressGate, type DeliveryTarget } from '../../core/egress/EgressGate'
import {
  deliveryDataSchemas,
  MemberName,
  type DeliveryEventType,
  type UploadDeletedData,
} from '../../shared/delivery'
import type { TranscriptUpload } from '../../shared/upload'
import { defaultRetryPolicy, type RetryPolicy } from './computeRetryDelay'
import { signalFoundData, uploadReceivedData } from './deliveryDataFromUpload'
import { derivedEventId, EVENT_ID, randomEventId } from './deliveryEventIds'
import type { DeliveryStore, Destination } from './DeliveryStore'
import { DeliveryWorker } from './DeliveryWorker'

export interface DeliveryServiceDeps {
  store: DeliveryStore
  /** The server's own hash-chained audit log (not a desktop's): every attempt lands here first. */
  audit: Pick<AuditLog, 'append' | 'erasePayloads'>
  clock?: () => Date
  /** [0, 1), for the jitter; tests pin it. */
  random?: () => number
  retry?: Partial<RetryPolicy>
  /** Per attempt: TCP+TLS handshake, and the whole request to the last byte of the answer. */
  timeouts?: { connectMs?: number; totalMs?: number }
  pollMs?: number
  concurrency?: number
  /** A worker pass that failed outside an attempt (by default: thrown, so it is not missed). */
  onError?: (error: unknown) => void
}

/** What `enqueue` takes: one event about one recording of one member. */
export interface DeliveryEventInput {
  type: DeliveryEventType
  recordingId: string
  member: string
  /** The event's `data`: must match its strict schema (shared/delivery.ts), whose ids these are. */
  payload: unknown
  /** HubSpot notes go on the contact with this email; without one HubSpot is not sent the event. */
  contactEmail?: string
  /**
   * The event's id (its `webhook-id`) when the caller has a stable one: the server's events keep
   * theirs across a client's retry, and an id already in the outbox is not enqueued again, so each
   * event is delivered once. Without it a fresh random id is made.
   */
  id?: string
}

/**
 * The team server's delivery (issue 12), for the server to wire: `enqueue*` when an upload is stored
 * or deleted, `start()` when it listens, `stop()` when it closes. Events go into the durable outbox
 * in the server's database; the worker sends them through an egress gate that allows only the
 * configured destinations and audits every attempt in the server's own log.
 */
export class DeliveryService {
  readonly worker: DeliveryWorker
  private readonly clock: () => Date

  constructor(private readonly deps: DeliveryServiceDeps) {
    this.clock = deps.clock ?? (() => new Date())
    const timeouts = { connectMs: 10_000, totalMs: 30_000, ...deps.timeouts }
    this.worker = new DeliveryWorker({
      store: deps.store,
      clock: this.clock,
      random: deps.random ?? (() => randomInt(0, 2 ** 32) / 2 ** 32),
      retry: { ...defaultRetryPolicy, ...deps.retry },
      pollMs: deps.pollMs ?? 1000,
      // HubSpot takes three requests (contact, note search, note); a lease outlives all three, so
      // only a dead worker's job is retaken.
      leaseMs: 4 * timeouts.totalMs,
      concurrency: deps.concurrency ?? 8,
      onError:
        deps.onError ??
        ((error: unknown) => {
          throw error
        }),
      gateFor: (destinations) =>
        new EgressGate({
          audit: deps.audit,
          clock: this.clock,
          timeouts,
          deliveries: destinations.map(targetOf),
        }),
    })
  }

  /**
   * Puts one event in the outbox, one job per subscribed destination. The payload is checked
   * against its type's strict schema, so no field the upload did not hold can be forwarded.
   */
  async enqueue(input: DeliveryEventInput): Promise<{ eventId: string; jobs: number }> {
    const data = deliveryDataSchemas[input.type].parse(input.payload)
    const member = MemberName.parse(input.member)
    if (data.recordingId !== input.recordingId || data.member !== member) {
      throw new TypeError('The payload must name the recording and member it is enqueued for.')
    }
    const now = this.clock()
    if (input.id !== undefined && !EVENT_ID.test(input.id)) {
      throw new TypeError('An event id is msg_ and 32 hex digits (deliveryEventIds).')
    }
    const eventId = input.id ?? randomEventId()
    const jobs = await this.deps.store.enqueue(
      {
        id: eventId,
        type: input.type,
        recordingId: input.recordingId,
        member,
        payload: canonicalJsonText(data),
        contactEmail: input.contactEmail ?? null,
        createdAt: now.toISOString(),
      },
      now.getTime(),
    )
    if (jobs > 0) this.worker.wake()
    return { eventId, jobs }
  }

  /** `upload.received` for a stored upload, and `signal.found` for each of its signals. */
  async enqueueUpload(
    upload: TranscriptUpload,
    member: string,
    options: { contactEmail?: string; id?: string } = {},
  ): Promise<{ eventIds: string[] }> {
    const received = await this.enqueue({
      type: 'upload.received',
      recordingId: upload.recordingId,
      member,
      payload: uploadReceivedData(upload, member),
      ...(options.contactEmail !== undefined && { contactEmail: options.contactEmail }),
      ...(options.id !== undefined && { id: options.id }),
    })
    const eventIds = [received.eventId]
    for (const [index, payload] of signalFoundData(upload, member).entries()) {
      const found = await this.enqueue({
        type: 'signal.found',
        recordingId: upload.recordingId,
        member,
        payload,
        // Derived from the upload's id, so a retried upload names the same signal events.
        ...(options.id !== undefined && {
          id: derivedEventId('signal.found', options.id, String(index)),
        }),
      })
      eventIds.push(found.eventId)
    }
    return { eventIds }
  }

  /**
   * A deletion: the recording's undelivered events are dropped (its text must not leave after it
   * is deleted), the payloads of its past deliveries erased from the audit log (their key destroyed;
   * the chain still verifies), and `upload.deleted` enqueued.
   */
  async enqueueDeletion(input: {
    recordingId: string
    member: string
    deletedAt: string
    id?: string
  }): Promise<{ eventId: string }> {
    await this.deps.store.forgetRecording(input.recordingId)
    this.deps.audit.erasePayloads(input.recordingId)
    const payload: UploadDeletedData = {
      recordingId: input.recordingId,
      member: input.member,
      deletedAt: input.deletedAt,
    }
    const { eventId } = await this.enqueue({
      type: 'upload.deleted',
      recordingId: input.recordingId,
      member: input.member,
      payload,
      ...(input.id !== undefined && { id: input.id }),
    })
    return { eventId }
  }

  start(): void {
    this.worker.start()
  }

  /** Stops the worker after the attempts in flight; the outbox keeps the rest for the next start. */
  async stop(): Promise<void> {
    await this.worker.stop()
  }
}

/** What the gate allows for one destination: its URL exactly (HubSpot: its base), and its secret. */
export function targetOf(destination: Destination): DeliveryTarget {
  switch (destination.kind) {
    case 'webhook':
      return { kind: 'webhook', url: destination.url, secret: destination.secret }
    case 'slack':
      return { kind: 'slack', url: destination.url }
    case 'hubspot':
      return { kind: 'hubspot', baseUrl: destination.url, token: destination.secret }
  }
}
