import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  analyticsBatch,
  expectBlocked,
  json,
  startRedTeam,
  uploadBody,
  uploadHeaders,
  type RedTeam,
} from './support/redteamHarness'
import { loadRedTeamMedia, type RedTeamMedia } from './support/redteamMedia'

// Red team, part 1: media (or its bytes) hidden in the body of a request that is otherwise allowed
// (DESIGN.md §5: body inspection, then the purpose's schema). Each attack must be refused, audited
// as `blocked` in the real audit log, and reach no server.

let team: RedTeam
let media: RedTeamMedia
beforeAll(async () => {
  team = await startRedTeam()
  media = loadRedTeamMedia()
})
afterAll(async () => {
  await team.close()
})

const upload = (body: Uint8Array, headers = uploadHeaders()) =>
  team.gate.send({
    purpose: 'upload',
    url: `${team.backendUrl}/v1/transcripts`,
    method: 'POST',
    headers,
    body,
  })

const analytics = (body: Uint8Array) =>
  team.gate.send({
    purpose: 'analytics',
    url: `${team.amplitude.origin}/2/httpapi`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })

/** `bytes` cut to a piece that fits one segment (4,000 characters) once encoded. */
const head = (bytes: Buffer, n = 1_500) => bytes.subarray(0, n)
const middle = (bytes: Buffer, n = 1_500) =>
  bytes.subarray(bytes.length >> 1, (bytes.length >> 1) + n)

describe('red team: media in the body', () => {
  it('control: a clean transcript upload goes through, audited with its exact bytes', async () => {
    const body = json(uploadBody())
    const before = team.audit.list({ limit: 10_000 }).length
    const response = await upload(body)
    expect(response.status).toBe(201)
    const receipt = JSON.parse(new TextDecoder().decode(response.body)) as { payloadSha256: string }
    const [attempt, outcome] = team.audit.list({ afterSeq: before })
    expect(attempt).toMatchObject({ kind: 'attempt', purpose: 'upload', bytes: body.byteLength })
    expect(Buffer.from(attempt?.payload ?? []).equals(Buffer.from(body))).toBe(true)
    expect(attempt?.payload_sha256).toBe(receipt.payloadSha256)
    expect(outcome).toMatchObject({ kind: 'outcome', status: 201, reason: null })
  })

  it('raw WAV file as the upload body', async () => {
    await expectBlocked(team, () => upload(media.wav), 'media-signature')
  })

  it('raw MP3 file as the upload body', async () => {
    await expectBlocked(team, () => upload(media.mp3), 'media-signature')
  })

  it('WAV header base64 in a transcript segment', async () => {
    const text = head(media.wav).toString('base64')
    const body = json(uploadBody((u) => (u.segments[0] = { startMs: 0, endMs: 1, text })))
    await expectBlocked(team, () => upload(body), 'media-signature')
  })

  it('MP3 frames from the middle of the file, base64, in a segment (no header to spot)', async () => {
    const text = middle(media.mp3).toString('base64')
    const body = json(uploadBody((u) => (u.segments[1] = { startMs: 0, endMs: 1, text })))
    await expectBlocked(team, () => upload(body), /media-signature|opaque-blob/)
  })

  it('M4A (ftyp/moov) base64url in the title (metadata)', async () => {
    const title = head(media.m4a, 140).toString('base64url')
    await expectBlocked(
      team,
      () => upload(json(uploadBody((u) => (u.title = title)))),
      'media-signature',
    )
  })

  it('Ogg/Opus hex in a signal quote', async () => {
    const quote = head(media.ogg, 400).toString('hex')
    const body = json(
      uploadBody((u) =>
        u.signals.push({ tracker: 'pricing', phrase: 'price', quote, startMs: 0, segmentIdx: 0 }),
      ),
    )
    await expectBlocked(team, () => upload(body), 'media-signature')
  })

  it('WAV percent-encoded in the summary', async () => {
    const summary = [...head(media.wav, 900)]
      .map((b) => `%${b.toString(16).padStart(2, '0')}`)
      .join('')
    await expectBlocked(
      team,
      () => upload(json(uploadBody((u) => (u.summary = summary)))),
      'media-signature',
    )
  })

  it('MP3 double-percent-encoded in a segment', async () => {
    const text = encodeURIComponent(encodeURIComponent(head(media.mp3, 600).toString('latin1')))
    const body = json(
      uploadBody((u) => (u.segments[0] = { startMs: 0, endMs: 1, text: text.slice(0, 4000) })),
    )
    await expectBlocked(team, () => upload(body), 'media-signature')
  })

  it('WAV bytes as a JSON array of numbers in an extra field', async () => {
    const body = json({ ...uploadBody(), audio: [...head(media.wav, 200)] })
    await expectBlocked(team, () => upload(body), 'media-signature')
  })

  it('WAV bytes as a comma-separated number list in a segment', async () => {
    const text = [...head(media.wav, 600)].join(',')
    const body = json(uploadBody((u) => (u.segments[0] = { startMs: 0, endMs: 1, text })))
    await expectBlocked(team, () => upload(body), 'media-signature')
  })

  it('gzip + base64 of the WAV in a segment', async () => {
    const text = gzipSync(head(media.wav, 2_000)).toString('base64').slice(0, 4000)
    const body = json(uploadBody((u) => (u.segments[0] = { startMs: 0, endMs: 1, text })))
    await expectBlocked(team, () => upload(body), /compressed-content|media-signature|opaque-blob/)
  })

  it('WAV base64 split across many segments, 40 characters each', async () => {
    const b64 = head(media.wav, 3_000).toString('base64')
    const body = json(
      uploadBody((u) => {
        u.segments = []
        for (let i = 0; i * 40 < b64.length; i++) {
          u.segments.push({ startMs: i, endMs: i + 1, text: b64.slice(i * 40, i * 40 + 40) })
        }
      }),
    )
    await expectBlocked(team, () => upload(body), /media-signature|opaque-blob/)
  })

  it('MP3 base64 split across speaker names', async () => {
    const b64 = middle(media.mp3, 600).toString('base64')
    const body = json(
      uploadBody((u) => {
        u.segments = []
        for (let i = 0; i * 60 < b64.length; i++) {
          u.segments.push({
            startMs: i,
            endMs: i + 1,
            speaker: b64.slice(i * 60, i * 60 + 60),
            text: 'yes',
          })
        }
      }),
    )
    await expectBlocked(team, () => upload(body), /media-signature|opaque-blob/)
  })

  it('Ogg bytes as Latin-1 characters in a segment (binary as text)', async () => {
    const text = head(media.ogg, 500).toString('latin1')
    const body = json(uploadBody((u) => (u.segments[0] = { startMs: 0, endMs: 1, text })))
    await expectBlocked(team, () => upload(body), /media-signature|control-characters/)
  })

  it('a clean-looking field the schema does not know (audioRef)', async () => {
    const body = json({ ...uploadBody(), audioRef: 'file:///Users/me/calls/acme.m4a' })
    await expectBlocked(team, () => upload(body), 'schema-mismatch')
  })

  it('media base64 in an analytics event property', async () => {
    const batch = analyticsBatch('error', { code: head(media.wav, 300).toString('base64') })
    await expectBlocked(team, () => analytics(json(batch)), 'media-signature')
  })

  it('free string (a file name) in an analytics event property', async () => {
    const batch = analyticsBatch('import_finished', {
      durationBucket: '1-5m',
      format: 'call-with-acme.m4a',
    })
    await expectBlocked(team, () => analytics(json(batch)), 'schema-mismatch')
  })

  it('an extra analytics property key carrying text', async () => {
    const batch = analyticsBatch('app_opened', { note: 'quarterly numbers are down' })
    await expectBlocked(team, () => analytics(json(batch)), 'schema-mismatch')
  })

  it('an invented analytics event type', async () => {
    const batch = analyticsBatch('transcript_text', {})
    await expectBlocked(team, () => analytics(json(batch)), 'schema-mismatch')
  })

  it('data in the analytics api_key and user_properties', async () => {
    const batch = analyticsBatch('app_opened', {}, { user_properties: { name: 'Jane' } })
    await expectBlocked(team, () => analytics(json(batch)), 'schema-mismatch')
    const keyed = { ...(analyticsBatch('app_opened', {}) as object), api_key: 'not-a-key-but-data' }
    await expectBlocked(team, () => analytics(json(keyed)), 'schema-mismatch')
  })

  it('the body swapped for media after the call, while the attempt is being audited', async () => {
    const body = json(uploadBody())
    const original = Buffer.from(body)
    const sending = upload(body)
    // The caller still holds the array: overwrite it with WAV bytes before the request goes out.
    body.set(media.wav.subarray(0, body.byteLength))
    const response = await sending
    expect(response.status).toBe(201)
    const stored = (await team.backend.store.requestLog()).at(-1)
    const attempt = team.audit.list({ kind: 'attempt', limit: 10_000 }).at(-1)
    expect(Buffer.from(attempt?.payload ?? []).equals(original)).toBe(true)
    expect(stored?.payloadSha256).toBe(attempt?.payload_sha256)
  })
})
