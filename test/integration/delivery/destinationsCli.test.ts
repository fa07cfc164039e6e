import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()
const TOKEN = 'pat-na1-11112222-3333-4444-5555-666677778888'

describe('earshot backend webhooks / slack / hubspot', () => {
  it('adds a webhook and prints its whsec_ secret once; list never shows a secret', async () => {
    const db = join(tempDir(), 'server.db')
    const added = await runCliCaptured([
      'backend',
      'webhooks',
      'add',
      'https://hooks.example.com/earshot',
      '--events',
      'upload.received,signal.found',
      '--db',
      db,
      '--json',
    ])
    expect(added.stderr).toBe('')
    const { id, secret, events } = JSON.parse(added.stdout) as {
      id: string
      secret: string
      events: string[]
    }
    expect(id).toMatch(/^dst_[0-9a-f]{16}$/)
    expect(events).toEqual(['upload.received', 'signal.found'])
    // Standard Webhooks: whsec_ and base64 of 24 to 64 random bytes.
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    expect(Buffer.from(secret.slice(6), 'base64').byteLength).toBeGreaterThanOrEqual(24)

    const human = await runCliCaptured([
      'backend',
      'webhooks',
      'add',
      'https://b.example.com/h',
      '--db',
      db,
    ])
    expect(human.stdout).toMatch(
      /^Added webhook dst_[0-9a-f]{16} → https:\/\/b\.example\.com\/h \(upload\.received, upload\.deleted, signal\.found\)\.\nSigning secret \(shown once; give it to the receiver\): whsec_/,
    )

    await runCliCaptured([
      'backend',
      'slack',
      'add',
      'https://hooks.slack.com/services/T0/B0/secretpart',
      '--db',
      db,
    ])
    const hubspot = await runCliCaptured(
      ['backend', 'hubspot', 'add', '--token-env', 'HS_TOKEN', '--db', db, '--json'],
      { HS_TOKEN: TOKEN },
    )
    expect(JSON.parse(hubspot.stdout)).toMatchObject({
      kind: 'hubspot',
      url: 'https://api.hubapi.com',
    })
    expect(hubspot.stdout).not.toContain(TOKEN)

    const list = await runCliCaptured(['backend', 'webhooks', 'list', '--db', db, '--json'])
    const { destinations } = JSON.parse(list.stdout) as {
      destinations: { id: string; kind: string; url: string }[]
    }
    expect(destinations.map((d) => d.kind)).toEqual(['webhook', 'webhook', 'slack', 'hubspot'])
    expect(destinations[2]?.url).toBe('https://hooks.slack.com/…')
    const humanList = await runCliCaptured(['backend', 'webhooks', 'list', '--db', db])
    for (const text of [list.stdout, humanList.stdout]) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain('whsec_')
      expect(text).not.toContain('secretpart')
      expect(text).not.toContain(TOKEN)
    }

    const removed = await runCliCaptured(['backend', 'webhooks', 'remove', id, '--db', db])
    expect(removed.code).toBe(0)
    const after = await runCliCaptured(['backend', 'webhooks', 'list', '--db', db, '--json'])
    expect((JSON.parse(after.stdout) as { destinations: unknown[] }).destinations).toHaveLength(3)
    const again = await runCliCaptured(['backend', 'webhooks', 'remove', id, '--db', db])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain(`No destination has the id ${id}.`)
  })

  it('refuses plain http off loopback, a query string, an unknown event, and a missing token', async () => {
    const db = join(tempDir(), 'server.db')
    const http = await runCliCaptured([
      'backend',
      'webhooks',
      'add',
      'http://hooks.example.com/h',
      '--db',
      db,
    ])
    expect(http.code).toBe(2)
    expect(http.stderr).toContain('must be https')
    const query = await runCliCaptured([
      'backend',
      'webhooks',
      'add',
      'https://h.example.com/h?k=v',
      '--db',
      db,
    ])
    expect(query.code).toBe(2)
    const event = await runCliCaptured([
      'backend',
      'webhooks',
      'add',
      'https://h.example.com/h',
      '--events',
      'upload.sent',
      '--db',
      db,
    ])
    expect(event.code).toBe(2)
    expect(event.stderr).toContain('Unknown event upload.sent')
    const token = await runCliCaptured(
      ['backend', 'hubspot', 'add', '--token-env', 'NOPE_UNSET', '--db', db],
      {
        NOPE_UNSET: '',
      },
    )
    expect(token.code).toBe(1)
    expect(token.stderr).toContain('Set NOPE_UNSET')
    const list = await runCliCaptured(['backend', 'webhooks', 'list', '--db', db, '--json'])
    expect(JSON.parse(list.stdout)).toEqual({ destinations: [] })
  })

  it("exports the server's delivery audit log for earshot audit verify --file", async () => {
    const dir = tempDir()
    const out = join(dir, 'export.jsonl')
    const exported = await runCliCaptured([
      'backend',
      'audit',
      'export',
      '--out',
      out,
      '--db',
      join(dir, 'server.db'),
      '--json',
    ])
    expect(exported.stderr).toBe('')
    expect(JSON.parse(exported.stdout)).toMatchObject({ out, entries: 0 })
    const verified = await runCliCaptured(['audit', 'verify', '--file', out, '--json'])
    expect(verified.code).toBe(0)
  })
})
