import type { EgressGate } from '../../core/egress/EgressGate'
import { computeRetryDelay, type RetryPolicy } from './computeRetryDelay'
import type { ClaimedJob, DeliveryStore, Destination, JobOutcome } from './DeliveryStore'
import { sendDelivery, type AttemptResult } from './sendDelivery'

export interface DeliveryWorkerDeps {
  store: DeliveryStore
  /** A gate allowing exactly these destinations, writing to the server's audit log. */
  gateFor: (destinations: readonly Destination[]) => EgressGate
  clock: () => Date
  /** [0, 1): the jitter. */
  random: () => number
  retry: RetryPolicy
  /** How often the worker looks for due jobs when nothing wakes it. */
  pollMs: number
  /** A claimed job is someone else's to retry after this long (a worker that died mid-attempt). */
  leaseMs: number
  /** Jobs sent at once. */
  concurrency: number
  /**
   * A pass that failed outside any attempt (the database went away): reported here, and the worker
   * tries again at the next poll, since the outbox still holds every job.
   */
  onError: (error: unknown) => void
}

/**
 * Sends the outbox's due jobs (issue 12) and decides what each answer means: delivered once and for
 * good; 410 disables the endpoint; 429 waits at least its Retry-After and slows the whole
 * destination, as a 5xx does; any other failure backs off exponentially with full jitter; past the
 * attempt or age limit the job is dead-lettered. All state is in the store, so a new worker on the
 * same database carries on where a stopped (or killed) one left off.
 */
export class DeliveryWorker {
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<void> | undefined
  private stopped = true
  private gate: { key: string; gate: EgressGate } | undefined
  private again = false

  constructor(private readonly deps: DeliveryWorkerDeps) {}

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.schedule(0)
  }

  /** Looks for due jobs now (after an enqueue) instead of at the next poll. */
  wake(): void {
    if (this.stopped) return
    if (this.running !== undefined) {
      this.again = true
      return
    }
    this.schedule(0)
  }

  /** Stops polling and waits for the attempts in flight to be settled. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    this.timer = undefined
    await this.running
    await this.gate?.gate.close()
    this.gate = undefined
  }

  /** One pass: claims due jobs and settles each. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const { store, clock, leaseMs, concurrency } = this.deps
    const nowMs = clock().getTime()
    const claimed = await store.claimDue(nowMs, nowMs + leaseMs, concurrency)
    if (claimed.length === 0) return 0
    const gate = await this.currentGate()
    await Promise.all(claimed.map((job) => this.attempt(job, gate)))
    return claimed.length
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.running = this.loop()
        .catch((error: unknown) => {
          this.deps.onError(error)
        })
        .finally(() => {
          this.running = undefined
          if (!this.stopped) this.schedule(this.again ? 0 : this.deps.pollMs)
          this.again = false
        })
    }, delayMs)
  }

  private async loop(): Promise<void> {
    // Drain while there is work; a full batch means more may be due.
    while (!this.stopped && (await this.runOnce()) >= this.deps.concurrency) {
      /* next batch */
    }
  }

  private async attempt(claimed: ClaimedJob, gate: EgressGate): Promise<void> {
    const { store, clock } = this.deps
    const result = await sendDelivery(claimed, gate, clock)
    const now = clock()
    const { destination, job, event } = claimed
    if (result.kind === 'gone') {
      await store.settle(destination.id, event.id, {
        state: 'dead',
        status: result.status,
        error: 'endpoint-gone',
      })
      await store.disableDestination(
        destination.id,
        `answered ${result.status} Gone`,
        now.toISOString(),
      )
      return
    }
    // A replayed dead letter gets a whole retry schedule: its age counts from the replay.
    const ageFromMs = Math.max(Date.parse(event.createdAt), job.replayedAtMs)
    const outcome = this.outcomeOf(result, job.attempts + 1, ageFromMs, now)
    if (result.kind === 'retry' && (result.retryAfterMs !== undefined || isServerError(result))) {
      // Slow down: no attempt to this destination at all until then, not only this job's.
      const wait =
        outcome.state === 'pending' ? outcome.nextAttemptMs : now.getTime() + this.deps.retry.baseMs
      await store.slowDestination(destination.id, wait)
    }
    await store.settle(destination.id, event.id, outcome)
  }

  private outcomeOf(
    result: Exclude<AttemptResult, { kind: 'gone' }>,
    attemptsMade: number,
    createdMs: number,
    now: Date,
  ): JobOutcome {
    const retry = this.deps.retry
    if (result.kind === 'delivered') {
      return { state: 'delivered', at: now.toISOString(), status: result.status }
    }
    if (result.kind === 'dead') return { state: 'dead', status: result.status, error: result.error }
    const backoff = computeRetryDelay(attemptsMade, retry, this.deps.random)
    const delay = Math.max(backoff, Math.min(result.retryAfterMs ?? 0, retry.maxRetryAfterMs))
    const nextAttemptMs = now.getTime() + delay
    if (attemptsMade >= retry.maxAttempts || nextAttemptMs - createdMs > retry.maxAgeMs) {
      return { state: 'dead', status: result.status, error: `gave up: ${result.error}` }
    }
    return { state: 'pending', nextAttemptMs, status: result.status, error: result.error }
  }

  /** The gate for the current destinations, rebuilt when they change (`webhooks add` meanwhile). */
  private async currentGate(): Promise<EgressGate> {
    const destinations = (await this.deps.store.listDestinations()).filter(
      (destination) => destination.disabledAt === null,
    )
    const key = JSON.stringify(destinations.map((d) => [d.id, d.url, d.secret]))
    if (this.gate?.key === key) return this.gate.gate
    await this.gate?.gate.close()
    this.gate = { key, gate: this.deps.gateFor(destinations) }
    return this.gate.gate
  }
}

function isServerError(result: { status: number | null }): boolean {
  return result.status !== null && result.status >= 500
}
