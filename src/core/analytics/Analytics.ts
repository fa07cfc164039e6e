import { createInstance, Types } from '@amplitude/analytics-node'
import { z } from 'zod'
import { AMPLITUDE_SERVER_URL } from './AMPLITUDE_SERVER_URL'
import { AnalyticsError } from './AnalyticsError'
import type { AnalyticsGate } from './AnalyticsGate'
import { createGateTransport } from './createGateTransport'
import { createSdkShutdown } from './createSdkShutdown'
import { parseTrackedEvent, type TrackedEvent } from './TrackedEvent'

export interface AnalyticsDeps {
  gate: AnalyticsGate
  /** Read on every event and every batch: the `analytics.enabled` setting, default off. */
  settings: { enabled(): boolean }
  /** The random install UUID; sent as Amplitude's `device_id`. Never a hardware id. */
  installId: string
  appVersion: string
  apiKey: string
  serverUrl?: string
  clock?: () => Date
  /** How long events wait to be batched. Tests pass a few ms. */
  flushIntervalMillis?: number
  /** Seam for tests that prove the SDK is never created while analytics is off. */
  createSdk?: () => Types.NodeClient
}

const config = z.object({
  installId: z.uuid(),
  apiKey: z.string().regex(/^[0-9a-f]{32}$/),
  serverUrl: z.url({ protocol: /^https?$/ }),
})

/**
 * Opt-in usage analytics (DESIGN.md §5): a fixed set of events with enum-only properties, sent to
 * Amplitude in batches through the egress gate. While the setting is off nothing is created:
 * no SDK instance, no timer, no request. Owns the SDK and releases it in `dispose()`.
 */
export class Analytics {
  private sdk:
    | {
        client: Types.NodeClient
        ready: Promise<void>
        shutdown: ReturnType<typeof createSdkShutdown>
      }
    | undefined
  private disposed = false
  private readonly clock: () => Date

  constructor(private readonly deps: AnalyticsDeps) {
    const checked = config.safeParse({ ...deps, serverUrl: deps.serverUrl ?? AMPLITUDE_SERVER_URL })
    if (!checked.success) {
      const fields = checked.error.issues.map((issue) => issue.path.join('.')).join(', ')
      throw new AnalyticsError('invalid-config', `Analytics is misconfigured: ${fields}.`)
    }
    this.clock = deps.clock ?? (() => new Date())
  }

  /**
   * Records one event. The event is checked against the strict schema first, whatever the
   * setting, so a bad call fails in every test run and not only for users who opted in.
   */
  track(event: TrackedEvent): void {
    const { name, properties } = parseTrackedEvent(event)
    if (!this.isOpen()) return
    const { client } = this.start()
    void client.track(name, properties, {
      device_id: this.deps.installId,
      app_version: this.deps.appVersion,
      time: this.clock().getTime(),
    }).promise
  }

  /** Sends what is queued now; failures are dropped, not retried (the SDK's flush semantics). */
  async flush(): Promise<void> {
    if (this.sdk === undefined) return
    await this.drain(this.sdk)
  }

  /**
   * Sends what is queued, then leaves no timer and sends nothing more. Events still waiting for a
   * retry at this point are dropped: analytics never delays quitting.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return
    const sdk = this.sdk
    if (sdk !== undefined) {
      await this.drain(sdk)
      sdk.shutdown.setOffline(true)
      sdk.shutdown.clearPendingFlush()
    }
    this.disposed = true
  }

  /**
   * The SDK's flush forgets its armed timer without clearing it, and events still in its pipeline
   * arm a new one on their way to the queue. So: clear the timer; go offline and flush, which moves
   * every event into the queue without arming a timer; then go online and flush for real.
   */
  private async drain({ client, ready, shutdown }: NonNullable<Analytics['sdk']>): Promise<void> {
    await ready
    shutdown.clearPendingFlush()
    shutdown.setOffline(true)
    await client.flush().promise
    shutdown.setOffline(false)
    await client.flush().promise
  }

  private isOpen(): boolean {
    return !this.disposed && this.deps.settings.enabled()
  }

  private start(): NonNullable<Analytics['sdk']> {
    if (this.sdk !== undefined) return this.sdk
    const client = (this.deps.createSdk ?? createInstance)()
    const shutdown = createSdkShutdown()
    const ready = client.init(this.deps.apiKey, {
      serverUrl: this.deps.serverUrl ?? AMPLITUDE_SERVER_URL,
      transportProvider: createGateTransport({ gate: this.deps.gate, isOpen: () => this.isOpen() }),
      flushIntervalMillis: this.deps.flushIntervalMillis ?? 10_000,
      // Amplitude's own backoff is attempts × 1 s; three tries bound a dead network to 3 s of retry.
      flushMaxRetries: 3,
      // The SDK's console logger prints payloads and server answers; we keep them out of logs.
      logLevel: Types.LogLevel.None,
      // No `useBatch`, no `storageProvider` (nothing is written to disk), no `identify`.
      // No IP: the node SDK has no `trackingOptions`/`ipAddress` (those are browser-SDK options)
      // and sets no `ip`; we never send `ip: '$remote'`, which asks Amplitude to geolocate the
      // request's address, and the wire schema has no `ip` field to carry one. Amplitude still sees
      // the TCP peer address; dropping it server-side is a project setting on Amplitude's side.
    }).promise
    client.add(shutdown.plugin)
    this.sdk = { client, ready, shutdown }
    return this.sdk
  }
}
