import { Webhook } from 'standardwebhooks'
import { WebhookEventBody } from '../../src/shared/delivery'
import { startReceiver } from './startReceiver'

/** What a Standard Webhooks receiver saw during a load test, per event id, across a kill. */
export interface WebhookTally {
  /** Events the receipts imply: per upload, upload.received and one signal.found per signal. */
  expected: number
  /** Requests the `standardwebhooks` library verified. */
  deliveries: number
  /** Requests it refused (answered 400): must be 0. */
  unverified: number
  /** Distinct event ids (`webhook-id`) delivered. */
  distinct: number
  /** Expected events no delivery carried. */
  missing: number
  /**
   * An id delivered again by the same server process (an attempt that timed out after the receiver
   * took it, or a job leased twice), or more events of a recording than its upload implies (one
   * fact enqueued under two ids). The first is at least once at work (the same `webhook-id`, for a
   * receiver to drop); the second no receiver could tell apart.
   */
  duplicated: number
  /**
   * Ids the killed process delivered and its successor delivered again: attempts the kill cut off
   * between the receiver's answer and the outcome's commit. At least once is all an outbox can
   * promise there; the same `webhook-id` lets a receiver drop the copy.
   */
  redeliveredAfterKill: number
}

interface Seen {
  type: string
  recordingId: string
  /** How many deliveries each server process (0 before the kill, 1 after) made of it. */
  byGeneration: number[]
}

/**
 * A loopback Standard Webhooks receiver that verifies every delivery with the reference library
 * and counts them per event id and per server process. `nextGeneration()` is called when the
 * restarted server is spawned: what arrives after that was sent by it (the killed process's last
 * bytes are read before its exit is seen).
 */
export async function countWebhookDeliveries(secret: string) {
  const receiver = await startReceiver('/hook')
  const verifier = new Webhook(secret)
  const seen = new Map<string, Seen>()
  let generation = 0
  let unverified = 0
  let deliveries = 0
  receiver.answer = (request) => {
    let body: WebhookEventBody
    try {
      body = WebhookEventBody.parse(verifier.verify(request.body, request.headers))
    } catch {
      unverified++
      return { status: 400 }
    }
    deliveries++
    const id = request.headers['webhook-id'] ?? ''
    const entry = seen.get(id) ?? {
      type: body.type,
      recordingId: body.data.recordingId,
      byGeneration: [],
    }
    while (entry.byGeneration.length <= generation) entry.byGeneration.push(0)
    entry.byGeneration[generation] = (entry.byGeneration[generation] ?? 0) + 1
    seen.set(id, entry)
    return { status: 204 }
  }

  const tally = (expected: ReadonlyMap<string, number>): WebhookTally => {
    const perRecording = new Map<string, number>()
    let duplicated = 0
    let redeliveredAfterKill = 0
    for (const entry of seen.values()) {
      perRecording.set(entry.recordingId, (perRecording.get(entry.recordingId) ?? 0) + 1)
      for (const count of entry.byGeneration) duplicated += Math.max(0, count - 1)
      if (entry.byGeneration.filter((count) => count > 0).length > 1) redeliveredAfterKill++
    }
    let missing = 0
    for (const [recordingId, events] of expected) {
      const got = perRecording.get(recordingId) ?? 0
      missing += Math.max(0, events - got)
      duplicated += Math.max(0, got - events)
    }
    // Events about a recording no receipt names: nothing should have sent them.
    for (const [recordingId, got] of perRecording) if (!expected.has(recordingId)) duplicated += got
    return {
      expected: [...expected.values()].reduce((sum, n) => sum + n, 0),
      deliveries,
      unverified,
      distinct: seen.size,
      missing,
      duplicated,
      redeliveredAfterKill,
    }
  }

  return {
    url: receiver.url,
    nextGeneration: () => {
      generation++
    },
    tally,
    /** Resolves once no expected event is missing, or after `timeoutMs` (the tally then says so). */
    waitForAll: async (expected: ReadonlyMap<string, number>, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs
      while (tally(expected).missing > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    close: () => receiver.close(),
  }
}
