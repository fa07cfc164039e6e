import type { Core } from '../app'
import { EgressGate } from '../egress/EgressGate'
import { APP_VERSION } from '../sync/appVersion'
import { SyncService } from '../sync/SyncService'
import type { BackendTokenStore } from './BackendTokenStore'

/**
 * Uploads and backend checks for the UI, always with the backend URL and token as they are now.
 * The core's own gate reads both once at startup (the CLI's life is one command); a person in the
 * app changes them in Settings and expects the next send or connection test to use them, so this
 * builds a gate and sync service per (URL, token) on the core's audit log and database. A gate
 * left behind by a change is closed on `dispose`, not at once: a send may still be using it.
 */
export class BackendSession {
  private current: { key: string; gate: EgressGate; sync: SyncService } | null = null
  private readonly retired: EgressGate[] = []

  constructor(
    private readonly core: Core,
    private readonly tokens: BackendTokenStore,
  ) {}

  sync(): SyncService {
    const url = this.core.settings.get('backend.url')
    const token = this.tokens.get()
    const key = JSON.stringify([url, token ?? null])
    if (this.current?.key === key) return this.current.sync
    if (this.current) this.retired.push(this.current.gate)
    const gate = new EgressGate({
      clock: () => new Date(),
      audit: this.core.audit,
      backend: { url, token },
      // One ledger for every gate: the budget is per recording, whichever gate sends.
      capacity: this.core.capacity,
    })
    const sync = new SyncService({
      db: this.core.db,
      recordings: this.core.recordings,
      settings: this.core.settings,
      gate,
      token,
      appVersion: APP_VERSION,
      // The same analytics hook as the core's own sync: uploads from the UI count too.
      onUploadResults: (results) => {
        this.core.reportUploadResults(results)
      },
    })
    this.current = { key, gate, sync }
    return sync
  }

  async dispose(): Promise<void> {
    const gates = [...this.retired.splice(0), ...(this.current ? [this.current.gate] : [])]
    this.current = null
    await Promise.all(gates.map((gate) => gate.close()))
  }
}
