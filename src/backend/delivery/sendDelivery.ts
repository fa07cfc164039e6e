import { canonicalJsonText } from '../../core/egress/canonicalJsonText'
import { EgressError } from '../../core/egress/EgressError'
import type { EgressGate, SendResponse } from '../../core/egress/EgressGate'
import { hubspotPaths } from '../../core/egress/deliveryTargets'
import { standardWebhookSignature } from '../../core/egress/standardWebhookSignature'
import { deliveryDataSchemas, HubspotSearchResult, UploadReceivedData } from '../../shared/delivery'
import { buildSlackMessage } from './buildSlackMessage'
import { hubspotContactSearch, hubspotNote, hubspotNoteSearch } from './buildHubspotRequests'
import type { ClaimedJob } from './DeliveryStore'
import { parseRetryAfter } from './parseRetryAfter'

/** How one attempt went, before the retry policy decides what it means for the job. */
export type AttemptResult =
  | { kind: 'delivered'; status: number }
  /** 410 Gone: Standard Webhooks says to stop sending to the endpoint. */
  | { kind: 'gone'; status: number }
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs?: number }
  /** Nothing a retry could change: the gate refused it, or HubSpot has no such contact. */
  | { kind: 'dead'; status: number | null; error: string }

const json = 'application/json'

/**
 * One attempt at one job, every request through the gate (so onto the server's audit log first).
 * A webhook is the Standard Webhooks 1.0 request: the stored event as `{type, timestamp, data}`, its
 * id as `webhook-id` on every retry, signed afresh with this attempt's timestamp.
 */
export async function sendDelivery(
  claimed: ClaimedJob,
  gate: EgressGate,
  clock: () => Date,
): Promise<AttemptResult> {
  const { destination, event } = claimed
  // The deletion notice is not sealed under the recording's key: that key was just destroyed.
  const recordingId = event.type === 'upload.deleted' ? undefined : event.recordingId
  try {
    const data = deliveryDataSchemas[event.type].parse(JSON.parse(event.payload))
    switch (destination.kind) {
      case 'webhook': {
        const body = encode({
          type: event.type,
          timestamp: event.createdAt,
          data,
        })
        const timestamp = String(Math.floor(clock().getTime() / 1000))
        const response = await post(gate, destination.url, recordingId, body, {
          'content-type': json,
          'webhook-id': event.id,
          'webhook-timestamp': timestamp,
          'webhook-signature': standardWebhookSignature(
            destination.secret,
            event.id,
            timestamp,
            body,
          ),
        })
        return judge(response, clock())
      }
      case 'slack': {
        const message = buildSlackMessage(UploadReceivedData.parse(data))
        const response = await post(gate, destination.url, recordingId, encode(message), {
          'content-type': json,
        })
        return judge(response, clock())
      }
      case 'hubspot':
        return await sendHubspotNote(claimed, UploadReceivedData.parse(data), gate, clock)
    }
  } catch (error) {
    return failed(error)
  }
}

async function sendHubspotNote(
  { destination, event }: ClaimedJob,
  data: UploadReceivedData,
  gate: EgressGate,
  clock: () => Date,
): Promise<AttemptResult> {
  if (event.contactEmail === null) {
    return { kind: 'dead', status: null, error: 'hubspot-no-contact-email' }
  }
  const headers = { authorization: `Bearer ${destination.secret}`, 'content-type': json }
  const base = new URL(destination.url).origin
  const search = await post(
    gate,
    `${base}${hubspotPaths.search}`,
    event.recordingId,
    encode(hubspotContactSearch(event.contactEmail)),
    headers,
  )
  const searched = judge(search, clock())
  if (searched.kind !== 'delivered') return searched
  const contact = firstResult(search)
  if (contact === undefined) {
    return { kind: 'dead', status: search.status, error: 'hubspot-contact-not-found' }
  }
  // Idempotent: a note this event made already (its answer lost, the attempt retried) is the
  // delivery; HubSpot's API has no idempotency key, so the note carries the event's token.
  const existing = await post(
    gate,
    `${base}${hubspotPaths.noteSearch}`,
    event.recordingId,
    encode(hubspotNoteSearch(event.id)),
    headers,
  )
  const searchedNotes = judge(existing, clock())
  if (searchedNotes.kind !== 'delivered') return searchedNotes
  if (firstResult(existing) !== undefined) return searchedNotes
  const note = await post(
    gate,
    `${base}${hubspotPaths.note}`,
    event.recordingId,
    encode(hubspotNote(data, contact.id, event.id)),
    headers,
  )
  return judge(note, clock())
}

/** The first hit of a CRM search answer, if it has one. */
function firstResult(response: SendResponse): { id: string } | undefined {
  try {
    const found = HubspotSearchResult.safeParse(JSON.parse(new TextDecoder().decode(response.body)))
    return found.success ? found.data.results[0] : undefined
  } catch {
    return undefined
  }
}

function post(
  gate: EgressGate,
  url: string,
  recordingId: string | undefined,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<SendResponse> {
  // recordingId: the attempt's payload is sealed under the recording's key in the server's audit
  // log, and erased with it when the upload is deleted (docs/audit-format.md §4).
  return gate.send({
    purpose: 'delivery',
    url,
    method: 'POST',
    headers,
    body,
    ...(recordingId !== undefined && { recordingId }),
  })
}

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJsonText(value))
}

function judge(response: SendResponse, now: Date): AttemptResult {
  const status = response.status
  if (status >= 200 && status < 300) return { kind: 'delivered', status }
  if (status === 410) return { kind: 'gone', status }
  const retryAfterMs =
    status === 429 || status === 503
      ? parseRetryAfter(response.headers.get('retry-after'), now)
      : undefined
  return {
    kind: 'retry',
    status,
    error: `http-${status}`,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  }
}

function failed(error: unknown): AttemptResult {
  if (error instanceof EgressError) {
    if (error.code === 'blocked' || error.code === 'redirect-refused') {
      return { kind: 'dead', status: null, error: `blocked: ${error.rule ?? 'policy'}` }
    }
    return { kind: 'retry', status: error.status ?? null, error: error.code }
  }
  // A stored payload that no longer parses, a bug: retrying cannot fix it.
  return { kind: 'dead', status: null, error: error instanceof Error ? error.name : 'error' }
}
