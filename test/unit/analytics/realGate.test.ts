import { join } from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Analytics } from '../../../src/core/analytics/Analytics'
import type { AnalyticsGate } from '../../../src/core/analytics/AnalyticsGate'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { EgressGate } from '../../../src/core/egress/EgressGate'
import { useTempDir } from '../../support/tempDir'

describe('Analytics through the real egress gate', () => {
  const tempDir = useTempDir()
  const received: unknown[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ code: 200, events_ingested: 1 }))
    })
  })
  let origin = ''
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('delivers a batch to a loopback origin allowed for analytics', async () => {
    const audit = AuditLog.open(join(tempDir(), 'audit.db'))
    const egress = new EgressGate({
      clock: () => new Date(),
      audit,
      extraOrigins: { analytics: [origin] },
    })
    const gate: AnalyticsGate = egress
    const analytics = new Analytics({
      gate,
      settings: { enabled: () => true },
      installId: '3f2b8a4e-9c1d-4e7a-8b6f-0a1b2c3d4e5f',
      appVersion: '0.1.0',
      apiKey: '0123456789abcdef0123456789abcdef',
      serverUrl: `${origin}/2/httpapi`,
      flushIntervalMillis: 10,
    })
    analytics.track({
      name: 'import_finished',
      properties: { durationBucket: '1-5m', format: 'm4a' },
    })
    await analytics.dispose()
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({
      events: [
        {
          event_type: 'import_finished',
          event_properties: { durationBucket: '1-5m', format: 'm4a' },
        },
      ],
    })
    // Audited like any upload: the attempt carries the exact bytes the server received.
    const entries = audit.list()
    expect(entries.map((entry) => [entry.purpose, entry.kind])).toEqual([
      ['analytics', 'attempt'],
      ['analytics', 'outcome'],
    ])
    expect(JSON.parse(Buffer.from(entries[0]?.payload ?? []).toString('utf8'))).toEqual(received[0])
    expect(audit.verify().ok).toBe(true)
    await egress.close()
    audit.close()
  })
})
