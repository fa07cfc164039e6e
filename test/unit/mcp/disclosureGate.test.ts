import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import type { AuditEntryInput } from '../../../src/core/audit/types'
import { createMcpServer } from '../../../src/core/mcp/createMcpServer'
import { DisclosedLibrary } from '../../../src/core/mcp/DisclosedLibrary'
import { DisclosureGate } from '../../../src/core/mcp/DisclosureGate'
import { MAX_RESULT_CHARS } from '../../../src/core/mcp/mcpTools'
import { ShareableStore } from '../../../src/core/store/ShareableStore'
import { seedRecording } from '../sync/support/seedRecording'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-mcp-gate-')
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A real core with one call, MCP on, and a client on the other end of an in-memory pipe. */
async function connect(
  append: (entry: AuditEntryInput) => unknown,
  texts: string[] = ['The secret plan is pricing.'],
) {
  const core = new Core({ dataDir: tempDir(), env: { ...process.env } })
  core.settings.set('mcp.enabled', true)
  const id = seedRecording(core.recordings, { texts, durationMs: texts.length * 2000 })
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair()
  // What reaches the wire, in order, beside what reaches the audit log.
  const order: string[] = []
  const send = serverSide.send.bind(serverSide)
  serverSide.send = (message, options) => {
    if ('id' in message && !('method' in message)) order.push(`sent ${String(message.id)}`)
    return send(message, options)
  }
  const gate = new DisclosureGate({
    transport: serverSide,
    audit: {
      append: ((entry: AuditEntryInput) => {
        order.push('audited')
        return append(entry)
      }) as never,
    },
  })
  const library = new DisclosedLibrary({
    recordings: core.recordings,
    derived: core.derived,
    settings: core.settings,
    shareable: new ShareableStore(core.db),
  })
  const server = createMcpServer({ library, gate, logFailure: () => undefined })
  await server.connect(gate)
  const client = new Client({ name: 'unit "client" / ☎', version: '1' })
  await client.connect(clientSide)
  cleanups.push(async () => {
    await client.close()
    await core.dispose()
  })
  return { client, id, core, order }
}

describe('the disclosure gate', () => {
  it('shows nothing when the audit entry cannot be written', async () => {
    const { client, id } = await connect(() => {
      throw new Error('disk full')
    })
    const call = client.callTool({ name: 'get_transcript', arguments: { recordingId: id } })
    await expect(call).rejects.toThrow(/could not write its audit log, so it showed nothing/)
    // Describing the server needs no audit entry: it holds no library data.
    expect((await client.listTools()).tools.length).toBe(5)
  })

  it('audits before the answer reaches the client, naming the client and the tool', async () => {
    const written: AuditEntryInput[] = []
    const { client, id, order } = await connect((entry) => {
      written.push(entry)
    })
    const result = (await client.callTool({
      name: 'get_transcript',
      arguments: { recordingId: id },
    })) as CallToolResult
    // initialize (id 0) is not a disclosure; the tool call's answer (id 1) is audited, then sent.
    expect(order).toEqual(['sent 0', 'audited', 'sent 1'])
    expect(written).toHaveLength(1)
    expect(written[0]).toMatchObject({
      kind: 'attempt',
      purpose: 'mcp',
      method: 'tools/call',
      destination: `mcp://${encodeURIComponent('unit "client" / ☎')}/get_transcript`,
      recordingId: id,
      reason: null,
    })
    const line = Buffer.from(written[0]?.payload ?? new Uint8Array()).toString('utf8')
    expect(JSON.parse(line)).toMatchObject({ result })
    expect(line).toContain('The secret plan is pricing.')
  })
})

describe('answers are bounded', () => {
  it('cuts a long transcript at the budget, says truncated, and pages on from where it stopped', async () => {
    const texts = Array.from(
      { length: 1500 },
      (_, i) => `Line ${i} ${'talking about pricing '.repeat(5)}`,
    )
    const { client, id } = await connect(() => undefined, texts)
    const page = async (fromLine: number) => {
      const result = (await client.callTool({
        name: 'get_transcript',
        arguments: { recordingId: id, fromLine, maxLines: 1000 },
      })) as CallToolResult
      const [first] = result.content
      if (first?.type !== 'text') throw new Error('expected text')
      expect(first.text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS + 2_000)
      return JSON.parse(first.text) as {
        lines: { line: number }[]
        nextLine?: number
        truncated?: string
      }
    }
    const first = await page(0)
    expect(first.truncated).toMatch(/^truncated: /)
    expect(first.nextLine).toBe(first.lines.length)
    const second = await page(first.nextLine ?? 0)
    expect(second.lines[0]?.line).toBe(first.nextLine)
    const resource = await client.readResource({ uri: `earshot://transcripts/${id}` })
    const text = (resource.contents[0] as { text: string }).text
    expect(text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS + 200)
    expect(text).toMatch(
      /\[truncated: the transcript goes on; get_transcript with fromLine \d+ returns the rest\.\]\n$/,
    )
  })
})
