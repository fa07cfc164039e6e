import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import type { AuditListEntry } from '../../../src/core/audit/types'
import { seedFixtureCall } from '../derive/support/seedFixtureCall'
import { repoRoot } from '../../support/paths'
import { runCliProcess } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-mcp-')
const cliEntry = join(repoRoot, 'src', 'cli', 'main.ts')
const CLIENT = 'earshot-test-client'

const EMAIL = 'dana.whitfield@example.com'
const PHONE = '+1 415 555 0134'
const NAME = 'Priya Natarajan'
const PLANTED = `Good. Email me at ${EMAIL} or call ${PHONE}, and loop in ${NAME} on security.`

interface World {
  dataDir: string
  shared: string
  other: string
  env: Record<string, string>
}

/** Two finished calls, one with planted personal data, derived; MCP turned on. */
function seedWorld(): World {
  const dataDir = tempDir()
  const env = { ...(process.env as Record<string, string>), EARSHOT_DATA_DIR: dataDir }
  const core = new Core({ dataDir, env })
  try {
    const shared = seedFixtureCall(core.recordings, 'discovery-call', { 9: PLANTED })
    const other = seedFixtureCall(core.recordings, 'support-churn-call')
    core.settings.set('redaction.terms', [NAME])
    core.settings.set('signals.competitors', ['Gong', 'Chorus'])
    core.settings.set('mcp.enabled', true)
    core.derived.renameSpeaker(shared.id, 'Speaker 2', 'Customer')
    core.rederive(shared.id)
    core.rederive(other.id)
    return { dataDir, shared: shared.id, other: other.id, env }
  } finally {
    void core.dispose()
  }
}

const clients: Client[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close()
})

async function connect(world: World): Promise<Client> {
  const client = new Client({ name: CLIENT, version: '1.0.0' })
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', cliEntry, 'mcp', '--data-dir', world.dataDir],
    env: world.env,
    cwd: repoRoot,
    stderr: 'pipe',
  })
  await client.connect(transport)
  clients.push(client)
  return client
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = (result as CallToolResult).content
  if (first?.type !== 'text') throw new Error('expected one text item')
  return first.text
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name, arguments: args })
  return { isError: result.isError === true, text: textOf(result) }
}

async function mcpEntries(world: World): Promise<AuditListEntry[]> {
  const core = new Core({ dataDir: world.dataDir, env: world.env })
  try {
    return core.audit.list({ purpose: 'mcp', limit: 1000 })
  } finally {
    await core.dispose()
  }
}

async function changeSettings(world: World, change: (core: Core) => void): Promise<void> {
  const core = new Core({ dataDir: world.dataDir, env: world.env })
  try {
    change(core)
  } finally {
    await core.dispose()
  }
}

describe('earshot mcp, spoken to by the SDK’s own client over stdio', () => {
  it('lists its tools, searches, gets a transcript, redacted as uploads are, each answer audited first', async () => {
    const world = seedWorld()
    const client = await connect(world)
    expect(client.getServerVersion()?.name).toBe('earshot')

    const tools = (await client.listTools()).tools.map((tool) => tool.name)
    expect(tools).toEqual(
      expect.arrayContaining([
        'list_recordings',
        'search_calls',
        'get_transcript',
        'demand_signals',
        'call_metrics',
      ]),
    )

    const listed = JSON.parse((await call(client, 'list_recordings', {})).text) as {
      total: number
      recordings: Record<string, unknown>[]
    }
    expect(listed.total).toBe(2)
    // Never a path, a title (titles stay local by default, as in uploads), a hash or a size.
    expect(JSON.stringify(listed)).not.toMatch(/calls\/|\.m4a|sourcePath|sha256|bytes/)

    const search = JSON.parse((await call(client, 'search_calls', { query: 'security' })).text) as {
      hits: { recordingId: string; line: number; text: string; speaker: string; at: string }[]
    }
    const planted = search.hits.find((hit) => hit.line === 9)
    expect(planted).toMatchObject({ recordingId: world.shared, speaker: 'Customer' })
    expect(planted?.text).toContain('security')
    for (const secret of [EMAIL, '555 0134', 'Natarajan', 'Priya']) {
      expect(planted?.text).not.toContain(secret)
    }
    // Searching for what redaction removed finds nothing: the client cannot probe for a person.
    for (const probe of ['Natarajan', 'dana.whitfield', 'Priya security']) {
      const probed = JSON.parse((await call(client, 'search_calls', { query: probe })).text) as {
        hits: unknown[]
      }
      expect(probed.hits).toEqual([])
    }

    const transcript = await call(client, 'get_transcript', { recordingId: world.shared })
    expect(transcript.isError).toBe(false)
    const body = JSON.parse(transcript.text) as {
      lines: { line: number; startMs: number; endMs: number; speaker: string; text: string }[]
      lineCount: number
    }
    expect(body.lineCount).toBe(23)
    expect(body.lines).toHaveLength(23)
    expect(body.lines[9]).toMatchObject({ line: 9, speaker: 'Customer' })
    expect(body.lines[9]?.startMs).toBeGreaterThan(0)
    expect(new Set(body.lines.map((line) => line.speaker))).toEqual(
      new Set(['Speaker 1', 'Customer']),
    )
    const resource = await client.readResource({ uri: `earshot://transcripts/${world.shared}` })
    const resourceText = (resource.contents[0] as { text: string }).text
    expect(resourceText).toContain('Customer: Good. Email me at')
    for (const shown of [transcript.text, resourceText]) {
      for (const secret of [EMAIL, PHONE, '555 0134', NAME, 'Natarajan']) {
        expect(shown).not.toContain(secret)
      }
    }

    const metrics = JSON.parse(
      (await call(client, 'call_metrics', { recordingId: world.shared })).text,
    ) as { metrics: { talkRatio: Record<string, number> } }
    expect(Object.keys(metrics.metrics.talkRatio).sort()).toEqual(['Customer', 'Speaker 1'])
    const signals = JSON.parse((await call(client, 'demand_signals', {})).text) as {
      recordings: number
      weekly: unknown[]
      topCompetitors: { phrase: string }[]
    }
    expect(signals.recordings).toBe(2)
    expect(signals.weekly.length).toBeGreaterThan(0)
    expect(signals.topCompetitors.map((c) => c.phrase)).toContain('gong')

    await client.close()
    const entries = await mcpEntries(world)
    // list, search, three probes, transcript, resource, metrics, signals: nine disclosures.
    expect(entries).toHaveLength(9)
    expect(entries.every((entry) => entry.kind === 'attempt')).toBe(true)
    expect(entries.map((entry) => entry.destination)).toEqual([
      `mcp://${CLIENT}/list_recordings`,
      `mcp://${CLIENT}/search_calls`,
      `mcp://${CLIENT}/search_calls`,
      `mcp://${CLIENT}/search_calls`,
      `mcp://${CLIENT}/search_calls`,
      `mcp://${CLIENT}/get_transcript`,
      `mcp://${CLIENT}/transcripts/${world.shared}`,
      `mcp://${CLIENT}/call_metrics`,
      `mcp://${CLIENT}/demand_signals`,
    ])
    expect(entries[6]?.method).toBe('resources/read')
    // The transcript's entry holds what the client was handed, sealed under the recording's key.
    const handed = entries[5]
    expect(handed?.recording_id).toBe(world.shared)
    expect(handed?.payload_cipher).toBe('aes-256-gcm')
    const line = Buffer.from(handed?.payload ?? new Uint8Array()).toString('utf8')
    expect(line.endsWith('\n')).toBe(true)
    const message = JSON.parse(line) as { result: CallToolResult }
    expect(textOf(message.result)).toBe(transcript.text)

    const verify = await runCliProcess(
      ['audit', 'verify', '--json', '--data-dir', world.dataDir],
      world.env,
    )
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, entries: 9 })
  })

  it('names no person the user named or an address names, in any answer', async () => {
    const world = seedWorld()
    await changeSettings(world, (core) => {
      core.derived.renameSpeaker(world.shared, 'Speaker 1', 'Alex (AE)')
      core.derived.renameSpeaker(world.shared, 'Speaker 2', 'Jordan Reyes (Acme)')
      core.settings.set('redaction.terms', ['Acme'])
      core.rederive(world.shared)
    })
    const client = await connect(world)
    const answers = [
      await call(client, 'get_transcript', { recordingId: world.shared }),
      await call(client, 'call_metrics', { recordingId: world.shared }),
      await call(client, 'demand_signals', {}),
      await call(client, 'search_calls', { query: 'security' }),
    ]
    const resource = await client.readResource({ uri: `earshot://transcripts/${world.shared}` })
    const shown = [...answers.map((a) => a.text), (resource.contents[0] as { text: string }).text]
    expect(answers.every((a) => !a.isError)).toBe(true)
    // "Dana" is the person in dana.whitfield@…; Alex and Jordan the names the user gave.
    for (const text of shown) {
      expect(text).not.toMatch(/\b(?:Alex|Dana|Whitfield|Jordan|Reyes|Acme)\b/i)
    }
    const transcript = JSON.parse(answers[0]?.text ?? '{}') as {
      lines: { speaker: string; text: string }[]
    }
    expect(new Set(transcript.lines.map((l) => l.speaker))).toEqual(
      new Set(['Speaker 1', 'Speaker 2']),
    )
    expect(transcript.lines[0]?.text).toBe(
      " Hi [name], thanks for making the time today. How's everything going on your side?",
    )
    const metrics = JSON.parse(answers[1]?.text ?? '{}') as {
      metrics: { talkRatio: Record<string, number> }
    }
    expect(Object.keys(metrics.metrics.talkRatio).sort()).toEqual(['Speaker 1', 'Speaker 2'])
  })

  it('writes to the client exactly the bytes the audit entry holds', async () => {
    const world = seedWorld()
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliEntry, 'mcp', '--data-dir', world.dataDir],
      { cwd: repoRoot, env: world.env, stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    const lineWithId = async (id: number): Promise<string> => {
      for (;;) {
        const found = out.split('\n').find((l) => l.startsWith('{') && l.includes(`"id":${id}`))
        if (found !== undefined) return `${found}\n`
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`)
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'raw', version: '0' },
      },
    })
    await lineWithId(1)
    send({ jsonrpc: '2.0', method: 'notifications/initialized' })
    send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'search_calls', arguments: { query: 'pricing' } },
    })
    const written = await lineWithId(2)
    child.stdin.end()
    await new Promise((done) => child.once('close', done))
    const [entry] = await mcpEntries(world)
    expect(entry?.destination).toBe('mcp://raw/search_calls')
    expect(Buffer.from(entry?.payload ?? new Uint8Array()).toString('utf8')).toBe(written)
    expect(entry?.bytes).toBe(Buffer.byteLength(written))
  })

  it('shows only what the scope allows, refuses a bad input in one sentence, and stops when turned off', async () => {
    const world = seedWorld()
    const share = await runCliProcess(
      ['share', world.shared, '--data-dir', world.dataDir],
      world.env,
    )
    expect(share.code).toBe(0)
    const client = await connect(world)
    await changeSettings(world, (core) => core.settings.set('mcp.scope', 'shareable'))

    const listed = JSON.parse((await call(client, 'list_recordings', {})).text) as {
      recordings: { recordingId: string }[]
    }
    expect(listed.recordings.map((r) => r.recordingId)).toEqual([world.shared])
    const hidden = await call(client, 'get_transcript', { recordingId: world.other })
    expect(hidden).toEqual({
      isError: true,
      text: `No recording with the id '${world.other}' is available to this client.`,
    })
    await expect(
      client.readResource({ uri: `earshot://transcripts/${world.other}` }),
    ).rejects.toMatchObject({ code: -32002 })

    const bad = await call(client, 'get_transcript', { recordingId: '../etc/passwd' })
    expect(bad.isError).toBe(true)
    expect(bad.text).toMatch(
      /^The argument 'recordingId' for get_transcript is not valid: [^.\n]+\.$/,
    )
    const tooMany = await call(client, 'search_calls', { query: 'pricing', limit: 5000 })
    expect(tooMany.text).toMatch(/^The argument 'limit' for search_calls is not valid: [^\n]+\.$/)
    await expect(client.callTool({ name: 'rm_rf', arguments: {} })).rejects.toBeInstanceOf(McpError)

    await changeSettings(world, (core) => core.settings.set('mcp.enabled', false))
    const off = await call(client, 'list_recordings', {})
    expect(off.isError).toBe(true)
    expect(off.text).toMatch(/^Sharing with LLM clients is turned off in Earshot/)

    await client.close()
    const entries = await mcpEntries(world)
    // The refusals are disclosures too (they are what the client was told): all on the log.
    // list; hidden transcript, hidden resource, two bad inputs, the unknown tool, turned off.
    expect(entries.map((e) => e.kind)).toEqual([
      'attempt',
      'blocked',
      'blocked',
      'blocked',
      'blocked',
      'blocked',
      'blocked',
    ])
    expect(entries[5]?.destination).toBe(`mcp://${CLIENT}/rm_rf`)
    expect(entries[1]?.reason).toBe(hidden.text)
    const verify = await runCliProcess(['audit', 'verify', '--data-dir', world.dataDir], world.env)
    expect(verify.code).toBe(0)
  })

  it('does not start while turned off, and says how to turn it on', async () => {
    const world = seedWorld()
    await changeSettings(world, (core) => core.settings.set('mcp.enabled', false))
    const result = await runCliProcess(['mcp', '--data-dir', world.dataDir], world.env)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(
      /^earshot: Sharing with LLM clients is turned off; `earshot config set mcp.enabled true`/,
    )
  })
})
