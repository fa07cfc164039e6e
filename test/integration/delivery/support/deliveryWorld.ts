import { join } from 'node:path'
import { AuditLog } from '../../../../src/core/audit/AuditLog'
import type { RetryPolicy } from '../../../../src/backend/delivery/computeRetryDelay'
import { DeliveryService } from '../../../../src/backend/delivery/DeliveryService'
import type { DeliveryStore } from '../../../../src/backend/delivery/DeliveryStore'
import { openDeliveryStore } from '../../../../src/backend/delivery/openDeliveryStore'
import { SqliteDeliveryStore } from '../../../../src/backend/delivery/SqliteDeliveryStore'
import type { TranscriptUpload } from '../../../../src/shared/upload'
import { runCliCaptured } from '../../../support/runCliCaptured'

/** The server's side of delivery on one database and one audit log, as the server would open it. */
export interface DeliveryWorld<Store extends DeliveryStore = SqliteDeliveryStore> {
  store: Store
  audit: AuditLog
  service: DeliveryService
  /** Stops the worker and closes the database and the log: a server going down. */
  close: () => Promise<void>
}

export const fastRetry: Partial<RetryPolicy> = { baseMs: 40, capMs: 160, maxAttempts: 6 }

export interface DeliveryWorldOptions {
  retry?: Partial<RetryPolicy>
  totalMs?: number
}

/** A SQLite outbox in `dir` (server.db) with its audit log beside it. */
export function openDeliveryWorld(dir: string, options: DeliveryWorldOptions = {}): DeliveryWorld {
  return worldOn(
    SqliteDeliveryStore.open(join(dir, 'server.db')),
    join(dir, 'delivery-audit', 'audit.db'),
    options,
  )
}

/** The outbox on either engine (`--db`: a SQLite file or a postgres:// URL), as `earshot backend` opens it. */
export async function openDeliveryWorldOn(
  db: string,
  auditPath: string,
  options: DeliveryWorldOptions = {},
): Promise<DeliveryWorld<DeliveryStore>> {
  return worldOn(await openDeliveryStore(db), auditPath, options)
}

/** The outbox on a store the test opened itself (a PostgreSQL schema of its own). */
export function worldOn<Store extends DeliveryStore>(
  store: Store,
  auditPath: string,
  options: DeliveryWorldOptions,
): DeliveryWorld<Store> {
  const audit = AuditLog.open(auditPath)
  const service = new DeliveryService({
    store,
    audit,
    retry: options.retry ?? fastRetry,
    timeouts: { connectMs: 2000, totalMs: options.totalMs ?? 5000 },
    pollMs: 20,
  })
  let closed = false
  return {
    store,
    audit,
    service,
    close: async () => {
      if (closed) return
      closed = true
      await service.stop()
      await store.close()
      audit.close()
    },
  }
}

/** `earshot backend webhooks add URL --db DB`, as an admin runs it; resolves to the whsec_ secret. */
export async function addWebhookByCli(url: string, db: string): Promise<string> {
  const added = await runCliCaptured(['backend', 'webhooks', 'add', url, '--db', db, '--json'])
  return (JSON.parse(added.stdout) as { secret: string }).secret
}

/** A valid upload with two signals, as a laptop would send it. */
export function sampleUpload(
  recordingId = '4b1d6c0e-8a53-4d7b-9a55-2f6c2a1e0b11',
): TranscriptUpload {
  return {
    schemaVersion: 1,
    recordingId,
    title: 'Acme renewal call',
    durationMs: 1_800_000,
    language: 'en',
    createdAt: '2026-12-01T10:00:00.000Z',
    segments: [
      { startMs: 0, endMs: 4000, speaker: 'Dana', text: 'We really need SSO before we renew.' },
      { startMs: 4000, endMs: 9000, speaker: 'Lee', text: 'Globex already offers an export.' },
    ],
    summary: 'Renewal depends on SSO; Globex mentioned.',
    signals: [
      {
        tracker: 'feature-request',
        phrase: 'SSO',
        quote: 'We really need SSO before we renew.',
        speaker: 'Dana',
        startMs: 0,
        segmentIdx: 0,
      },
      {
        tracker: 'competitor',
        phrase: 'Globex',
        quote: 'Globex already offers an export.',
        speaker: 'Lee',
        startMs: 4000,
        segmentIdx: 1,
      },
    ],
    metrics: null,
    client: { appVersion: '0.9.0', installId: '0d3c1f8e-3f6b-4d8e-8e4e-6b7a1c2d3e4f' },
  }
}

/** Polls until `check` holds (the worker runs on its own timer). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition.')
    await new Promise((resolve) => setTimeout(resolve, 15))
  }
}
