import type { SdkPlugin } from './sdkTypes'

interface ScheduledDestination {
  scheduleId: ReturnType<typeof setTimeout> | null
}

/**
 * What it takes for the SDK to leave no timer behind. Its Destination plugin arms a flush timer
 * per event and re-arms one per retry; its own `flush()` forgets the armed timer without clearing
 * it, and the SDK has no shutdown. Left alone, that timer keeps a CLI process alive for up to
 * `flushIntervalMillis` after the last event. This plugin, added at init, is handed the client
 * (the documented plugin `setup(config, client)` hook); `clearPendingFlush` reaches the
 * Destination by its name and clears the timer. `goOffline` sets the SDK's own `offline` flag, which
 * stops it from arming new timers. Checked against @amplitude/analytics-node 1.5.73 by the
 * analytics tests (no timer left after dispose); if the internals change, this does nothing and
 * the test fails.
 */
export function createSdkShutdown(): {
  plugin: SdkPlugin
  clearPendingFlush: () => void
  setOffline: (offline: boolean) => void
} {
  let client: unknown
  let config: { offline?: unknown } | undefined
  const plugin: SdkPlugin = {
    name: 'earshot-shutdown',
    type: 'enrichment',
    setup(setupConfig, setupClient) {
      config = setupConfig
      client = setupClient
      return Promise.resolve()
    },
  }
  return {
    plugin,
    clearPendingFlush() {
      const destination = destinationOf(client)
      if (destination?.scheduleId == null) return
      clearTimeout(destination.scheduleId)
      destination.scheduleId = null
    },
    setOffline(offline) {
      if (config !== undefined) config.offline = offline
    },
  }
}

function destinationOf(client: unknown): ScheduledDestination | undefined {
  if (typeof client !== 'object' || client === null || !('plugin' in client)) return undefined
  const lookup = client.plugin
  if (typeof lookup !== 'function') return undefined
  const destination: unknown = (lookup as (name: string) => unknown).call(client, 'amplitude')
  if (typeof destination !== 'object' || destination === null) return undefined
  return 'scheduleId' in destination ? (destination as ScheduledDestination) : undefined
}
