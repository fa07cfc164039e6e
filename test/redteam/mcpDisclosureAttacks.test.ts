import { renameSync, rmSync } from 'node:fs'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js'
import { LATEST_PROTOCOL_VERSION, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../src/core/app'
import { createMcpServer } from '../../src/core/mcp/createMcpServer'
import { DisclosedLibrary } from '../../src/core/mcp/DisclosedLibrary'
import { DisclosureGate } from '../../src/core/mcp/DisclosureGate'
import { ShareableStore } from '../../src/core/store/ShareableStore'
import { seedRecording } from '../unit/sync/support/seedRecording'
import { useTempDir } from '../support/tempDir'

// The MCP door: an answer carrying library data must not reach the client without its audit
// entry (DisclosureGate). The attacker is the client (it writes any JSON-RPC it likes) or whoever
// can touch the data folder while `earshot mcp` runs; the audit log is the real one.
const SECRET = 'Zanzibar discount of ninety percent'
const tempDir = useTempDir('earshot-redteam-mcp-')
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Door {
  core: Core
  recordingId: string
  /** Every message the client received, in order. */
  received: JSONRPCMessage[]
  send(message: JSONRPCMessage): Promise<void>
  /** Resolves once `count` answers (messages with an id and no method) have arrived. */
  answers(count: number): Promise<JSONRPCMessage[]>
}

/** A real core holding one call with the secret, `earshot mcp`'s server behind its gate, a raw client. */
async function openDoor(): Promise<Door> {
  const dataDir = tempDir()
  const core = new Core({ dataDir, env: { ...process.env } })
  core.settings.set('mcp.enabled', true)
  const recordingId = seedRecording(core.recordings, {
    texts: [`We can offer the ${SECRET}.`, 'Talk about pricing next week.'],
  })
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair()
  const gate = new DisclosureGate({ transport: serverSide, audit: core.audit })
  const library = new DisclosedLibrary({
    recordings: core.recordings,
    derived: core.derived,
    settings: core.settings,
    shareable: new ShareableStore(core.db),
  })
  const server = createMcpServer({ library, gate, logFailure: () => undefined })
  await server.connect(gate)
  const received: JSONRPCMessage[] = []
  let wake = (): void => undefined
  clientSide.onmessage = (message) => {
    received.push(message)
    wake()
  }
  await clientSide.start()
  cleanups.push(async () => {
    await server.close()
    await core.dispose()
  })
  const isAnswer = (m: JSONRPCMessage) => 'id' in m && !('method' in m)
  const door: Door = {
    core,
    recordingId,
    received,
    send: (message) => clientSide.send(message),
    answers: (count) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`only ${received.filter(isAnswer).length} of ${count} answers came`))
        }, 5_000)
        wake = () => {
          const answers = received.filter(isAnswer)
          if (answers.length < count) return
          clearTimeout(timer)
          resolve(answers)
        }
        wake()
      }),
  }
  await door.send({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'attacker', version: '1' },
    },
  })
  await door.answers(1)
  await door.send({ jsonrpc: '2.0', method: 'notifications/initialized' })
  return door
}

const getTranscript = (id: number | string, recordingId: string): JSONRPCMessage => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'get_transcript', arguments: { recordingId } },
})

/**
 * The invariant: every message the client received that carries the secret is, byte for byte, the
 * payload of an audit entry (one entry per message, so two answers cannot share one record).
 */
function expectEveryDisclosureAudited(door: Door): number {
  const audited = door.core.audit
    .list({ purpose: 'mcp', limit: 1000 })
    .map((entry) => Buffer.from(entry.payload ?? new Uint8Array()).toString('utf8'))
  const disclosed = door.received
    .map((message) => serializeMessage(message))
    .filter((line) => line.includes(SECRET))
  const unmatched = [...audited]
  for (const line of disclosed) {
    const at = unmatched.indexOf(line)
    expect(at, `reached the client unaudited: ${line.slice(0, 120)}`).toBeGreaterThanOrEqual(0)
    unmatched.splice(at, 1)
  }
  return disclosed.length
}

describe('red team: an MCP answer cannot reach the client without its audit entry', () => {
  it('baseline: the secret does reach an honest client, audited (the check can fail)', async () => {
    const door = await openDoor()
    await door.send(getTranscript(1, door.recordingId))
    await door.answers(2)
    expect(expectEveryDisclosureAudited(door)).toBe(1)
  })

  it('the audit log moved away under the running server: the client gets an error, not the data', async () => {
    const door = await openDoor()
    const path = door.core.audit.path
    renameSync(path, `${path}.moved`)
    await door.send(getTranscript(1, door.recordingId))
    await door.send({
      jsonrpc: '2.0',
      id: 2,
      method: 'resources/read',
      params: { uri: `earshot://transcripts/${door.recordingId}` },
    })
    const answers = await door.answers(3)
    for (const answer of answers.slice(1)) {
      expect(answer).toMatchObject({
        error: { message: 'Earshot could not write its audit log, so it showed nothing.' },
      })
    }
    expect(JSON.stringify(door.received)).not.toContain('Zanzibar')
  })

  it('the sealed head file deleted under the running server: the client gets an error, not the data', async () => {
    const door = await openDoor()
    rmSync(door.core.audit.headPath)
    await door.send(getTranscript(1, door.recordingId))
    const [, answer] = await door.answers(2)
    expect(answer).toMatchObject({
      error: { message: 'Earshot could not write its audit log, so it showed nothing.' },
    })
    expect(JSON.stringify(door.received)).not.toContain('Zanzibar')
  })

  it('two requests in flight under one id: each answer that carries data has its own entry', async () => {
    const door = await openDoor()
    await Promise.all([
      door.send(getTranscript(7, door.recordingId)),
      door.send(getTranscript(7, door.recordingId)),
    ])
    const answers = await door.answers(3)
    expect(expectEveryDisclosureAudited(door)).toBe(1)
    expect(answers).toContainEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32600,
        message: 'A request with this id is still being answered; send it under a new id.',
      },
    })
    // Once answered, the id is free again.
    await door.send(getTranscript(7, door.recordingId))
    await door.answers(4)
    expect(expectEveryDisclosureAudited(door)).toBe(2)
  })

  it('a ping under the id of a tool call in flight cannot take the call’s audit slot', async () => {
    const door = await openDoor()
    await Promise.all([
      door.send(getTranscript(9, door.recordingId)),
      door.send({ jsonrpc: '2.0', id: 9, method: 'ping' }),
      door.send({ jsonrpc: '2.0', id: '9', method: 'ping' }),
    ])
    await door.answers(4)
    expectEveryDisclosureAudited(door)
  })
})
