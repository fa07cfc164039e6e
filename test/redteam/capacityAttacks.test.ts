import { createHash } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveIdempotencyKey } from '../../src/core/egress/capacity/deriveIdempotencyKey'
import { deriveInsertId } from '../../src/core/egress/capacity/measureAnalyticsBatch'
import type { AuditEntry } from '../../src/core/audit/types'
import { loadCapacityCorpus, startUploadWorld, type UploadWorld } from '../support/uploadWorld'
import {
  analyticsBatch,
  expectBlocked,
  json,
  startLoopbackServer,
  startRedTeam,
  TOKEN,
  uploadBody,
  uploadHeaders,
  type RedTeam,
} from './support/redteamHarness'
import { loadRedTeamMedia, type RedTeamMedia } from './support/redteamMedia'

// Red team, part 4 (issue 10): encodings no list of signatures knows. 3,000 bytes of a real WAV
// are planted in a finished transcript through the public `segments.edit` path, as the review
// did, and the recording uploaded the real way (queue → gate → backend). Each must be refused by
// the capacity budget, audited as one `blocked` entry, and reach no server. Attacks on the
// request's spelling go to the gate directly.

let world: UploadWorld
let team: RedTeam
let media: RedTeamMedia
let secret: Buffer
beforeAll(async () => {
  world = await startUploadWorld()
  team = await startRedTeam()
  media = loadRedTeamMedia()
  secret = media.wav.subarray(44, 44 + 3_000)
})
afterAll(async () => {
  await world.close()
  await team.close()
})

const english = () => {
  const transcript = loadCapacityCorpus().find((t) => t.name === 'en-sales-call')
  if (transcript === undefined) throw new Error('the corpus has an English call')
  return transcript
}

/**
 * Plants `text` over as many lines as it needs (4,000 characters each) through `segments.edit`,
 * uploads, and checks the refusal: failed with `blocked`, one `blocked` audit entry naming a
 * rule matching `rule`, nothing new at the backend.
 */
async function expectPlantRefused(text: string, rule: RegExp): Promise<AuditEntry> {
  const id = world.seed(english())
  for (let i = 0, idx = 0; i < text.length; i += 4_000, idx++) {
    const edited = await world.service.dispatch('segments.edit', {
      id,
      idx,
      text: text.slice(i, i + 4_000).trim() || 'x',
    })
    expect(edited.ok, edited.ok ? '' : edited.error.message).toBe(true)
  }
  const auditBefore = world.core.audit.list({ limit: 100_000 }).length
  const backendBefore = (await world.backend.store.requestLog()).length
  const [result] = await world.core.sync.upload([id])
  expect(result?.state).toBe('failed')
  expect(result?.error?.code).toBe('blocked')
  // One sentence for the user, never a dump.
  expect(result?.error?.message).toMatch(/^[^\n{}]+\.$/)
  const added = world.core.audit.list({ afterSeq: auditBefore, limit: 100_000 })
  expect(added.map((e) => e.kind)).toEqual(['blocked'])
  const entry = added[0] as AuditEntry
  expect(entry.reason ?? '').toMatch(rule)
  expect(entry.payload).toBeNull()
  expect(await world.backend.store.requestLog()).toHaveLength(backendBefore)
  return entry
}

const base32 = (bytes: Buffer): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet.charAt((value >>> (bits - 5)) & 31)
      bits -= 5
    }
  }
  return out
}

const ascii85 = (bytes: Buffer): string => {
  let out = ''
  for (let i = 0; i < bytes.length; i += 4) {
    let n = 0
    for (let j = 0; j < 4; j++) n = n * 256 + (bytes[i + j] ?? 0)
    let group = ''
    for (let j = 0; j < 5; j++) {
      group = String.fromCharCode(33 + (n % 85)) + group
      n = Math.floor(n / 85)
    }
    out += group
  }
  return out
}

const spaced = (text: string, every: number): string =>
  (text.match(new RegExp(`.{1,${every}}`, 'gsu')) ?? []).join(' ')

describe('red team: media planted in transcript lines (capacity)', () => {
  it('base32', async () => {
    await expectPlantRefused(base32(secret), /opaque-blob|word-too-long|capacity|too-much-text/)
  })

  it('base32 in words of 40 letters (under the word-length rule)', async () => {
    await expectPlantRefused(
      spaced(base32(secret), 40),
      /too-much-text|capacity-exceeded|digit-run|opaque-blob/,
    )
  })

  it('ascii85', async () => {
    await expectPlantRefused(ascii85(secret), /word-too-long|opaque-blob|too-much-text/)
  })

  it('decimal digit runs', async () => {
    const digits = [...secret].map((b) => String(b).padStart(3, '0')).join('')
    await expectPlantRefused(digits, /digit-run|opaque-blob/)
  })

  it('decimal numbers, one per byte, between spaces', async () => {
    await expectPlantRefused([...secret].join(' '), /too-much-text|capacity-exceeded|opaque-blob/)
  })

  it('reversed base64', async () => {
    const text = Buffer.from(secret.toString('base64')).reverse().toString('latin1')
    await expectPlantRefused(text, /opaque-blob|word-too-long/)
  })

  it('XORed base64', async () => {
    const xored = Buffer.from(secret.map((b) => b ^ 0x5a))
    await expectPlantRefused(xored.toString('base64'), /opaque-blob|word-too-long/)
  })

  it('one CJK character per byte in an English call', async () => {
    const text = [...secret].map((b) => String.fromCodePoint(0x4e00 + b)).join('')
    await expectPlantRefused(text, /character-not-allowed/)
  })

  it('zero-width characters inside words', async () => {
    const zw = ['\u200b', '\u200c', '\u200d', '\u2060']
    const hidden = [...secret.subarray(0, 200)]
      .map((b) => [6, 4, 2, 0].map((s) => zw[(b >> s) & 3]).join(''))
      .join('')
    await expectPlantRefused(`Thanks for ${hidden}joining today.`, /invisible-character/)
  })

  it('two syllables per byte', async () => {
    const syllables = 'ba be bi bo bu da de di do du ka ke ki ko ku la'.split(' ')
    const words = [...secret].map((b) => `${syllables[b >> 4] ?? ''}${syllables[b & 15] ?? ''}`)
    await expectPlantRefused(words.join(' '), /too-much-text|capacity-exceeded/)
  })
})

describe('red team: the request itself (capacity and canonical form)', () => {
  const upload = (body: Uint8Array, headers = uploadHeaders({}, body)) =>
    team.gate.send({
      purpose: 'upload',
      url: `${team.backendUrl}/v1/transcripts`,
      method: 'POST',
      headers,
      body,
    })

  it('one byte per segment hidden in startMs', async () => {
    const body = json(
      uploadBody((u) => {
        u.segments = [...secret.subarray(0, 400)].map((b, i) => ({
          startMs: i * 20 + (b % 20),
          endMs: i * 20 + 20,
          text: 'yes',
        }))
        u.summary = null
      }),
    )
    await expectBlocked(team, () => upload(body), /too-many-segments|time-off-grid/)
  })

  it('one byte per segment in startMs, on the 10 ms grid and few segments', async () => {
    const body = json(
      uploadBody((u) => {
        u.segments = [...secret.subarray(0, 12)].map((b, i) => ({
          startMs: 0,
          endMs: Math.min(11_000, (b + 1) * 10 + i),
          text: 'yes',
        }))
        u.summary = null
      }),
    )
    await expectBlocked(team, () => upload(body), /time-off-grid/)
  })

  it('a first, duplicate "segments" key holding base64 WAV', async () => {
    const clean = new TextDecoder().decode(json(uploadBody()))
    const smuggled = `{"segments":[{"startMs":0,"endMs":1,"text":"${secret.subarray(0, 900).toString('base64')}"}],${clean.slice(1)}`
    const body = new TextEncoder().encode(smuggled)
    await expectBlocked(team, () => upload(body), /non-canonical-json|media-signature|opaque-blob/)
  })

  it('a duplicate "segments" key with clean text (no signature to find)', async () => {
    const clean = new TextDecoder().decode(json(uploadBody()))
    const smuggled = `{"segments":[{"startMs":0,"endMs":10,"text":"hello there"}],${clean.slice(1)}`
    await expectBlocked(
      team,
      () => upload(new TextEncoder().encode(smuggled)),
      'non-canonical-json',
    )
  })

  it('bits in the whitespace between JSON tokens', async () => {
    const clean = new TextDecoder().decode(json(uploadBody()))
    let i = 0
    const bits = [...secret.subarray(0, 16)].flatMap((b) =>
      [7, 6, 5, 4, 3, 2, 1, 0].map((s) => (b >> s) & 1),
    )
    const smuggled = clean.replace(
      /,/g,
      (comma) => `${comma}${bits[i++ % bits.length] ? ' ' : '\t'}`,
    )
    await expectBlocked(
      team,
      () => upload(new TextEncoder().encode(smuggled)),
      'non-canonical-json',
    )
  })

  it('a random Idempotency-Key (122 free bits per request)', async () => {
    const body = json(uploadBody())
    await expectBlocked(
      team,
      () => upload(body, uploadHeaders({ 'idempotency-key': crypto.randomUUID() }, body)),
      'idempotency-key-not-derived',
    )
  })

  it('a summary that is not in the segments', async () => {
    const body = json(uploadBody((u) => (u.summary = 'The quarterly numbers look fine to me.')))
    await expectBlocked(team, () => upload(body), 'summary-not-quoted')
  })

  it('a signal quote that is not in the segments', async () => {
    const body = json(
      uploadBody((u) =>
        u.signals.push({
          tracker: 'pricing',
          phrase: 'price',
          quote: 'the price is right',
          startMs: 0,
          segmentIdx: 0,
        }),
      ),
    )
    await expectBlocked(team, () => upload(body), 'signal-not-quoted')
  })

  it('an unrounded confidence (free low-order digits)', async () => {
    const body = json(
      uploadBody((u) => ((u.segments[0] as { confidence?: number }).confidence = 0.123456789)),
    )
    await expectBlocked(team, () => upload(body), 'confidence-not-rounded')
  })

  it('an upload claiming a longer recording than this device holds', async () => {
    const body = json(uploadBody())
    const claimed = JSON.parse(new TextDecoder().decode(body)) as { durationMs: number }
    claimed.durationMs = 3_600_000
    await expectBlocked(team, () => upload(json(claimed)), 'header-not-recording')
  })

  it('re-uploads of new text under one recording exhaust its budget: the bound is per recording', async () => {
    const base = uploadBody()
    let refused = false
    for (let round = 0; round < 40 && !refused; round++) {
      const body = json({
        ...base,
        segments: [
          {
            startMs: 0,
            endMs: 4_000,
            speaker: 'A',
            // Two letters per byte: no digits, no long words, only the budget can stop it.
            text: `round ${round} ${[...secret.subarray(round * 20, round * 20 + 20)]
              .map((b) => String.fromCharCode(97 + (b >> 4), 97 + (b & 15)))
              .join('')}`,
          },
          ...base.segments.slice(1),
        ],
      })
      const outcome = await upload(body).then(
        () => 'sent',
        (error: unknown) => error,
      )
      if (outcome !== 'sent') {
        refused = true
        expect(outcome).toMatchObject({ code: 'blocked', rule: 'capacity-exceeded' })
      }
    }
    expect(refused).toBe(true)
  })
})

describe('red team: the model download channel', () => {
  const file = '/ggml-tiny.bin'
  const size = 4_096
  const download = async (url: string, headers: Record<string, string> = {}) => {
    const server = await startLoopbackServer(() => ({ status: 200, body: 'x'.repeat(size) }))
    try {
      const gate = team.gateWith({
        extraOrigins: { 'model-download': [server.origin] },
        downloadCatalog: [{ url: `${server.origin}${file}`, bytes: size }],
      })
      const target = url.replace('ORIGIN', server.origin)
      const outcome = await gate
        .download({ purpose: 'model-download', url: target, headers }, async (response) => {
          let n = 0
          for await (const chunk of response.body) n += chunk.byteLength
          return n
        })
        .then(
          (n) => ({ ok: true as const, n }),
          (error: unknown) => ({ ok: false as const, error }),
        )
      return { outcome, hits: server.hits.length }
    } finally {
      await server.close()
    }
  }

  it('control: a catalogue file downloads, its URL and every header on the attempt entry', async () => {
    const before = team.audit.list({ limit: 100_000 }).length
    const { outcome } = await download(`ORIGIN${file}`, { Range: 'bytes=100-' })
    expect(outcome).toMatchObject({ ok: true })
    const [attempt] = team.audit.list({ afterSeq: before, limit: 100 })
    expect(attempt?.kind).toBe('attempt')
    const described = JSON.parse(Buffer.from(attempt?.payload ?? []).toString('utf8')) as {
      url: string
      headers: Record<string, string>
    }
    expect(described.url).toMatch(new RegExp(`${file}$`))
    expect(described.headers).toEqual({ range: 'bytes=100-' })
  })

  it('3,000 bytes of WAV in the query string', async () => {
    const query = secret.toString('base64url')
    const entry = await expectBlocked(
      team,
      async () => {
        const { outcome, hits } = await download(`ORIGIN${file}?x=${query}`)
        expect(hits).toBe(0)
        if (!outcome.ok) throw outcome.error
      },
      'query-not-allowed',
    )
    expect(entry.destination).not.toContain(query.slice(0, 16))
  })

  it('WAV bytes in the Range value', async () => {
    await expectBlocked(
      team,
      async () => {
        const range = `bytes=0-, ${secret.subarray(0, 1_000).toString('hex')}`
        const { outcome, hits } = await download(`ORIGIN${file}`, { range })
        expect(hits).toBe(0)
        if (!outcome.ok) throw outcome.error
      },
      'range-not-allowed',
    )
  })

  it('a numeric Range start outside the file (a 64-bit number per request)', async () => {
    await expectBlocked(
      team,
      async () => {
        const { outcome, hits } = await download(`ORIGIN${file}`, { range: 'bytes=9007199254-' })
        expect(hits).toBe(0)
        if (!outcome.ok) throw outcome.error
      },
      'range-not-allowed',
    )
  })

  it('a URL that is not in the catalogue (data in the path)', async () => {
    await expectBlocked(
      team,
      async () => {
        const { outcome, hits } = await download(
          `ORIGIN/${secret.subarray(0, 60).toString('hex')}.bin`,
        )
        expect(hits).toBe(0)
        if (!outcome.ok) throw outcome.error
      },
      'not-in-catalog',
    )
  })
})

describe('red team: every refusal on the record', () => {
  it('an upload refused by the payload schema (a line over the length limit) is audited, in one sentence', async () => {
    const id = world.seed(english())
    // A transcriber's line longer than the contract allows: stored as written, refused on the way out.
    world.core.recordings.appendSegment(id, {
      startMs: 200_000,
      endMs: 200_000,
      speaker: 'Speaker 1',
      text: 'so '.repeat(1_400).trim(),
      confidence: 0.9,
    })
    const auditBefore = world.core.audit.list({ limit: 100_000 }).length
    const [result] = await world.core.sync.upload([id])
    expect(result?.state).toBe('failed')
    expect(result?.error?.message).toMatch(
      /^The body does not match the upload schema at \$\.segments\[\d+\]\.text \(too_big\)\.$/,
    )
    const added = world.core.audit.list({ afterSeq: auditBefore, limit: 100 })
    expect(added.map((e) => e.kind)).toEqual(['blocked'])
    expect(added[0]?.reason).toMatch(/^schema-mismatch: /)
  })
})

describe('red team: the reference backend', () => {
  /** A raw POST to the backend, answered (or not) before `declared` bytes were sent. */
  const rawPost = (headers: Record<string, string>, chunk: Buffer) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${team.backendUrl}/v1/transcripts`, { method: 'POST', headers })
      req.on('response', (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString('utf8')))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text })
        })
      })
      req.on('error', reject)
      // Declares 8 MiB, sends a little, and waits: only a server that answers without reading
      // the body answers at all.
      req.write(chunk)
    })

  it('answers an unauthenticated client before reading its body, and logs nothing', async () => {
    const logged = (await team.backend.store.requestLog()).length
    const answer = await rawPost(
      {
        authorization: 'Bearer wrong-token-0123456789',
        'content-type': 'application/json',
        'content-length': String(8 * 1024 * 1024),
      },
      Buffer.alloc(1_024, 0x20),
    )
    expect(answer.status).toBe(401)
    expect(await team.backend.store.requestLog()).toHaveLength(logged)
  })

  it('refuses an upload over the capacity budget sent past the gate', async () => {
    const body = json(
      uploadBody((u) => {
        u.segments = [{ startMs: 0, endMs: 11_000, text: 'abcdefghij '.repeat(300).trim() }]
        u.summary = null
      }),
    )
    const key = deriveIdempotencyKey(createHash('sha256').update(body).digest('hex'))
    const response = await fetch(`${team.backendUrl}/v1/transcripts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: Buffer.from(body),
    })
    expect(response.status).toBe(422)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'too-much-text',
    )
  })
})

describe('red team: the analytics channel', () => {
  const analytics = (body: Uint8Array) =>
    team.gate.send({
      purpose: 'analytics',
      url: `${team.amplitude.origin}/2/httpapi`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
  const nowSecond = () => Math.floor(Date.now() / 1000) * 1000

  it('control: an event on the grid with its derived insert_id goes through', async () => {
    const batch = analyticsBatch('app_opened', {}) as { events: Record<string, unknown>[] }
    const event = { ...batch.events[0], time: nowSecond() } as Parameters<typeof deriveInsertId>[0]
    batch.events = [{ ...event, insert_id: deriveInsertId(event) }]
    await expect(analytics(json(batch))).resolves.toMatchObject({ status: 200 })
  })

  it('a random insert_id per event (122 free bits)', async () => {
    const batch = analyticsBatch('app_opened', {}, { time: nowSecond() })
    await expectBlocked(team, () => analytics(json(batch)), 'analytics-insert-id')
  })

  it('a byte of WAV in the milliseconds of each event time', async () => {
    const batch = analyticsBatch('app_opened', {}) as { events: Record<string, unknown>[] }
    const base = batch.events[0] as Parameters<typeof deriveInsertId>[0]
    batch.events = [...secret.subarray(0, 50)].map((b) => {
      const event = { ...base, time: nowSecond() - 10_000 + b }
      return { ...event, insert_id: deriveInsertId(event) }
    })
    await expectBlocked(team, () => analytics(json(batch)), 'analytics-time')
  })
})
