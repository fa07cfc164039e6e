import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EgressGate } from '../../src/core/egress/EgressGate'
import {
  expectBlocked,
  json,
  startLoopbackServer,
  startRedTeam,
  TOKEN,
  uploadBody,
  uploadHeaders,
  redTeamLedger,
  type LoopbackServer,
  type RedTeam,
} from './support/redteamHarness'
import { loadRedTeamMedia, type RedTeamMedia } from './support/redteamMedia'

// Red team, part 2: media carried by the request around the body: headers, URL, host, method,
// redirects (DESIGN.md §4–§5). Each attack must be refused, audited as `blocked`, and reach no
// server; the redirect must be audited as an outcome with its 3xx and not followed.

let team: RedTeam
let media: RedTeamMedia
let port: string
beforeAll(async () => {
  team = await startRedTeam()
  media = loadRedTeamMedia()
  port = new URL(team.backendUrl).port
})
afterAll(async () => {
  await team.close()
})

const b64 = (n = 600) => media.wav.subarray(0, n).toString('base64')
const b64url = (n = 600) => media.mp3.subarray(0, n).toString('base64url')
const body = () => json(uploadBody())

const upload = (url: string, headers = uploadHeaders(), method = 'POST') =>
  team.gate.send({ purpose: 'upload', url, method, headers, body: body() })

describe('red team: media around the body', () => {
  it('control: the backend health check and a deletion go through', async () => {
    const health = await team.gate.send({
      purpose: 'connection-test',
      url: `${team.backendUrl}/v1/health`,
      method: 'GET',
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(health.status).toBe(200)
    // Only a recording that was uploaded may be named in a deletion (issue 10).
    const uploaded = randomUUID()
    redTeamLedger.charge(uploaded, { payloadSha256: '0'.repeat(64), bits: 0, newParts: [] })
    const deletion = await team.gate.send({
      purpose: 'deletion',
      url: `${team.backendUrl}/v1/transcripts/${uploaded}`,
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect([200, 404]).toContain(deletion.status)
  })

  it('media in a custom header (x-audio)', async () => {
    const headers = uploadHeaders({ 'x-audio': b64() })
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts`, headers),
      'header-not-allowed',
    )
  })

  it('media appended to the bearer token (long Authorization)', async () => {
    const headers = uploadHeaders({ authorization: `Bearer ${TOKEN}${b64url()}` })
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts`, headers),
      'header-value-not-allowed',
    )
  })

  it('media as the whole bearer "token"', async () => {
    const headers = uploadHeaders({ authorization: `Bearer ${b64url(300)}` })
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts`, headers),
      'header-value-not-allowed',
    )
  })

  it('the Authorization header twice, the second one carrying data', async () => {
    const headers = { ...uploadHeaders(), Authorization: `Bearer ${b64url(100)}` }
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts`, headers),
      'header-not-allowed',
    )
  })

  it('media in the Idempotency-Key', async () => {
    const headers = uploadHeaders({ 'idempotency-key': b64url(200) })
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts`, headers),
      'header-value-not-allowed',
    )
  })

  it('media in a content-type parameter', async () => {
    const headers = uploadHeaders({ 'content-type': `application/json; boundary=${b64url(100)}` })
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts`, headers),
      'header-value-not-allowed',
    )
  })

  it('wrong content type (audio/wav) for a JSON body', async () => {
    const headers = uploadHeaders({ 'content-type': 'audio/wav' })
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts`, headers),
      'header-value-not-allowed',
    )
  })

  it('media in the URL query string', async () => {
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts?a=${b64url()}`),
      'query-not-allowed',
    )
  })

  it('media in the URL fragment', async () => {
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts#${b64url()}`),
      'query-not-allowed',
    )
  })

  it('media in the URL path', async () => {
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts/${b64url()}`),
      'path-not-allowed',
    )
  })

  it('media split across many URL path segments', async () => {
    const segments =
      b64url(300)
        .match(/.{1,16}/g)
        ?.join('/') ?? ''
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/${segments}/v1/transcripts`),
      'path-not-allowed',
    )
  })

  it('media as the "recording id" of a deletion', async () => {
    const attack = () =>
      team.gate.send({
        purpose: 'deletion',
        url: `${team.backendUrl}/v1/transcripts/${b64url(100)}`,
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    await expectBlocked(team, attack, 'path-not-allowed')
  })

  it('a deletion carrying media as its body', async () => {
    const attack = () =>
      team.gate.send({
        purpose: 'deletion',
        url: `${team.backendUrl}/v1/transcripts/${randomUUID()}`,
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: media.wav.subarray(0, 1000),
      })
    await expectBlocked(team, attack, 'body-not-allowed')
  })

  it('a health check (GET) carrying media as its body', async () => {
    const attack = () =>
      team.gate.send({
        purpose: 'connection-test',
        url: `${team.backendUrl}/v1/health`,
        method: 'GET',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: media.mp3.subarray(0, 1000),
      })
    await expectBlocked(team, attack, 'body-not-allowed')
  })

  it('a method the purpose does not allow (PUT)', async () => {
    await expectBlocked(
      team,
      () => upload(`${team.backendUrl}/v1/transcripts`, uploadHeaders(), 'PUT'),
      'method-not-allowed',
    )
  })

  it('a purpose send does not know (model-download, or made up)', async () => {
    const attack = (purpose: string) => () =>
      team.gate.send({
        purpose: purpose as 'upload',
        url: `${team.backendUrl}/v1/transcripts`,
        method: 'POST',
        headers: uploadHeaders(),
        body: body(),
      })
    await expectBlocked(team, attack('model-download'), 'unknown-purpose')
    // The audit log knows four purposes only, so a made-up one cannot even be recorded as
    // blocked: the gate then refuses with audit-failed, and still nothing is sent.
    const seen = (await team.backend.store.requestLog()).length
    await expect(attack('backup')()).rejects.toMatchObject({ code: 'audit-failed' })
    expect(await team.backend.store.requestLog()).toHaveLength(seen)
  })

  it('a host on no allowlist', async () => {
    await expectBlocked(
      team,
      () => upload('https://media-drop.example/v1/transcripts'),
      'destination-not-allowed',
    )
  })

  it('the allowed path on a different loopback port', async () => {
    await expectBlocked(
      team,
      () => upload(`http://127.0.0.1:9/v1/transcripts`),
      'destination-not-allowed',
    )
  })

  it('plain http to a backend off loopback, even when configured', async () => {
    const gate = team.gateWith({ backend: { url: 'http://203.0.113.5:8080', token: TOKEN } })
    const attack = () =>
      gate.send({
        purpose: 'upload',
        url: 'http://203.0.113.5:8080/v1/transcripts',
        method: 'POST',
        headers: uploadHeaders(),
        body: body(),
      })
    await expectBlocked(team, attack, 'insecure-url')
  })

  it('credentials (userinfo) in the URL carrying media', async () => {
    const url = `http://${b64url(60)}:x@127.0.0.1:${port}/v1/transcripts`
    await expectBlocked(team, () => upload(url), 'credentials-in-url')
  })

  it('the backend spelled as a decimal IP (http://2130706433)', async () => {
    await expectBlocked(
      team,
      () => upload(`http://2130706433:${port}/v1/transcripts`),
      'non-canonical-url',
    )
  })

  it('the backend spelled in hex and octal (0x7f.1, 0177.0.0.1)', async () => {
    await expectBlocked(
      team,
      () => upload(`http://0x7f.1:${port}/v1/transcripts`),
      'non-canonical-url',
    )
    await expectBlocked(
      team,
      () => upload(`http://0177.0.0.1:${port}/v1/transcripts`),
      'non-canonical-url',
    )
  })

  it('the backend spelled as IPv4-mapped IPv6 ([::ffff:127.0.0.1])', async () => {
    await expectBlocked(
      team,
      () => upload(`http://[::ffff:127.0.0.1]:${port}/v1/transcripts`),
      'non-canonical-url',
    )
  })

  it('a trailing-dot localhost (localhost.) and a name that resolves to loopback (127.0.0.1.nip.io)', async () => {
    await expectBlocked(
      team,
      () => upload(`http://localhost.:${port}/v1/transcripts`),
      'insecure-url',
    )
    await expectBlocked(
      team,
      () => upload(`http://127.0.0.1.nip.io:${port}/v1/transcripts`),
      'insecure-url',
    )
  })

  it('analytics to a host that is not Amplitude', async () => {
    const attack = () =>
      team.gate.send({
        purpose: 'analytics',
        url: 'https://api2.amplitude.com.evil.example/2/httpapi',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: json({}),
      })
    await expectBlocked(team, attack, 'destination-not-allowed')
  })

  it('upload bytes sent to the analytics endpoint under the analytics purpose', async () => {
    const attack = () =>
      team.gate.send({
        purpose: 'analytics',
        url: 'https://api2.amplitude.com/2/httpapi',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(),
      })
    await expectBlocked(team, attack, 'schema-mismatch')
  })
})

describe('red team: redirects', () => {
  let target: LoopbackServer
  let redirector: LoopbackServer
  beforeAll(async () => {
    target = await startLoopbackServer(() => ({ status: 201, body: '{}' }))
    redirector = await startLoopbackServer(() => ({
      status: 307,
      headers: { location: `${target.origin}/v1/transcripts` },
    }))
  })
  afterAll(async () => {
    await target.close()
    await redirector.close()
  })

  it('a backend answering 307 to another host: not followed, audited with the 3xx', async () => {
    const gate = team.gateWith({
      backend: { url: redirector.origin, token: TOKEN },
      extraOrigins: { upload: [target.origin] },
    })
    const before = team.audit.list({ limit: 10_000 }).length
    const sent = body()
    await expect(
      gate.send({
        purpose: 'upload',
        url: `${redirector.origin}/v1/transcripts`,
        method: 'POST',
        headers: uploadHeaders({}, sent),
        body: sent,
      }),
    ).rejects.toMatchObject({ code: 'redirect-refused', status: 307 })
    expect(redirector.hits).toHaveLength(1)
    expect(target.hits).toHaveLength(0)
    const entries = team.audit.list({ afterSeq: before })
    expect(entries.map((e) => [e.kind, e.status, e.reason])).toEqual([
      ['attempt', null, null],
      ['outcome', 307, 'redirect-refused'],
    ])
  })
})

describe('red team: the gate itself', () => {
  it('an unaudited gate sends nothing', async () => {
    const server = await startLoopbackServer(() => ({ status: 201 }))
    try {
      const gate = new EgressGate({
        clock: () => new Date(),
        backend: { url: server.origin, token: TOKEN },
      })
      await expect(
        gate.send({
          purpose: 'upload',
          url: `${server.origin}/v1/transcripts`,
          method: 'POST',
          headers: uploadHeaders(),
          body: body(),
        }),
      ).rejects.toMatchObject({ code: 'audit-failed' })
      expect(server.hits).toHaveLength(0)
    } finally {
      await server.close()
    }
  })
})
