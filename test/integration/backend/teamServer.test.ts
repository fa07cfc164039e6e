import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { BackendEvent } from '../../../src/backend/BackendEvent'
import { ReferenceBackend } from '../../../src/backend/ReferenceBackend'
import { addTeamMember } from '../../../src/backend/teamMembers'
import { TeamSearchResponse, TeamSignalsResponse } from '../../../src/shared/team'
import type { TranscriptUpload } from '../../../src/shared/upload'
import {
  deleteTranscript,
  postTranscript,
  teamUpload,
  useTeamBackends,
} from '../../support/teamBackend'
import { teamEngines, type TeamEngine } from '../../support/teamDatabases'

const backends = useTeamBackends()
const LEGACY_TOKEN = 'legacy-team-token-0123456789'

interface Team {
  backend: ReferenceBackend
  url: string
  db: string
  ana: string
  bob: string
  boss: string
  events: BackendEvent[]
  now: { at: Date }
}

async function startTeam(engine: TeamEngine, options: { retentionDays?: number } = {}) {
  const now = { at: new Date() }
  const events: BackendEvent[] = []
  const { backend, url, db } = await backends.start(engine, {
    token: LEGACY_TOKEN,
    clock: () => now.at,
    onEvent: (event) => {
      events.push(event)
    },
    ...options,
  })
  const ana = (await addTeamMember(backend.store, 'ana', 'member')).token
  const bob = (await addTeamMember(backend.store, 'bob', 'member')).token
  const boss = (await addTeamMember(backend.store, 'boss', 'admin')).token
  return { backend, url, db, ana, bob, boss, events, now } satisfies Team
}

const upload = teamUpload
const post = (url: string, token: string, payload: TranscriptUpload, key: string = randomUUID()) =>
  postTranscript(url, token, payload, { 'idempotency-key': key })
const remove = deleteTranscript

const get = (url: string, token: string, path: string) =>
  fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })

async function search(team: Team, query: string) {
  const response = await get(team.url, team.boss, `/v1/search?${query}`)
  expect(response.status).toBe(200)
  return TeamSearchResponse.parse(await response.json()).hits
}

describe.each(teamEngines)('the team server on %s', (engine) => {
  it('finds two members’ uploads, best match first, and narrows by member and date', async () => {
    const team = await startTeam(engine)
    const anaCall = upload(['the refund policy is unclear', 'we want a refund, a full refund'])
    const bobCall = upload(['can we talk about the refund later'], {
      createdAt: '2026-11-02T09:00:00.000Z',
    })
    expect((await post(team.url, team.ana, anaCall)).status).toBe(201)
    expect((await post(team.url, team.bob, bobCall)).status).toBe(201)

    const hits = await search(team, 'q=refund')
    expect(hits.map((hit) => hit.member).sort()).toEqual(['ana', 'ana', 'bob'])
    // Three mentions in one line outrank one.
    expect(hits[0]).toMatchObject({
      recordingId: anaCall.recordingId,
      member: 'ana',
      startMs: 5000,
      endMs: 9000,
      speaker: 'Customer',
      text: 'we want a refund, a full refund',
    })
    expect(hits[0]?.snippet).toContain('[refund]')

    expect((await search(team, 'q=refund&member=bob')).map((hit) => hit.recordingId)).toEqual([
      bobCall.recordingId,
    ])
    expect((await search(team, 'q=refund&from=2026-11-15')).every((h) => h.member === 'ana')).toBe(
      true,
    )
    expect(await search(team, 'q=refund&to=2026-11-01')).toEqual([])
    expect(await search(team, 'q=refund&from=2026-11-02&to=2026-11-02')).toHaveLength(1)
    // Stemmed and prefixed as people type: "refunds" and "refu" find "refund".
    expect(await search(team, 'q=refunds')).toHaveLength(3)
    expect(await search(team, 'q=refu')).toHaveLength(3)
    // FTS operators and quotes in the input are plain words, never syntax.
    expect(await search(team, `q=${encodeURIComponent('refund" OR "x')}`)).toEqual([])
  })

  it('answers a member token 403 on the team views, and bad parameters 400 in one sentence', async () => {
    const team = await startTeam(engine)
    for (const path of ['/v1/search?q=refund', '/v1/signals']) {
      const refused = await get(team.url, team.ana, path)
      expect(refused.status).toBe(403)
      expect(await refused.json()).toMatchObject({ error: { code: 'admin-only' } })
    }
    for (const query of [
      'q=',
      'q=a&from=yesterday',
      'q=a&limit=0',
      'q=a&member=not%20a%20name',
      'q=a&colour=red',
      'q=a&q=b',
    ]) {
      const bad = await get(team.url, team.boss, `/v1/search?${query}`)
      expect(bad.status, query).toBe(400)
      const { error } = (await bad.json()) as { error: { code: string; message: string } }
      expect(error.code).toBe('invalid-query')
      expect(error.message).toMatch(/^[^.]+\.$/)
    }
    expect((await get(team.url, team.boss, '/v1/signals?to=2026-13-01')).status).toBe(400)
  })

  it('stops a revoked token at once, and keeps idempotency keys per member', async () => {
    const team = await startTeam(engine)
    const key = randomUUID()
    // The same key from two members is two uploads, not a reuse.
    expect((await post(team.url, team.ana, upload(['first']), key)).status).toBe(201)
    expect((await post(team.url, team.bob, upload(['second']), key)).status).toBe(201)
    expect(await team.backend.store.count()).toBe(2)

    expect(await team.backend.store.revokeMember('ana', new Date().toISOString())).toBe(true)
    expect((await post(team.url, team.ana, upload(['third']))).status).toBe(401)
    expect((await get(team.url, team.ana, '/v1/health')).status).toBe(401)
    expect((await get(team.url, team.bob, '/v1/health')).status).toBe(200)
    // What ana uploaded stays hers in the team's view.
    expect((await search(team, 'q=first')).map((hit) => hit.member)).toEqual(['ana'])
  })

  it('lets a member delete only their own transcripts, an admin any, and forgets them in search', async () => {
    const team = await startTeam(engine)
    const anaCall = upload(['the pricing is too high'])
    expect((await post(team.url, team.ana, anaCall)).status).toBe(201)
    // Another member cannot take over the recording id, nor delete it.
    expect((await post(team.url, team.bob, { ...anaCall, summary: 'mine' })).status).toBe(409)
    const refused = await remove(team.url, team.bob, anaCall.recordingId)
    expect(refused.status).toBe(403)
    expect(await search(team, 'q=pricing')).toHaveLength(1)

    expect((await remove(team.url, team.ana, anaCall.recordingId)).status).toBe(200)
    expect(await search(team, 'q=pricing')).toEqual([])
    expect(await team.backend.store.derivedRows(anaCall.recordingId)).toBe(0)

    const bobCall = upload(['the pricing page is confusing'])
    expect((await post(team.url, team.bob, bobCall)).status).toBe(201)
    expect((await remove(team.url, team.boss, bobCall.recordingId)).status).toBe(200)
    expect(await search(team, 'q=pricing')).toEqual([])
  })

  it('sweeps transcripts past the retention period, while running and at start', async () => {
    const team = await startTeam(engine, { retentionDays: 30 })
    const old = upload(['an old call about onboarding'])
    const fresh = upload(['a new call about onboarding'])
    team.now.at = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000)
    expect((await post(team.url, team.ana, old)).status).toBe(201)
    team.now.at = new Date()
    expect((await post(team.url, team.ana, fresh)).status).toBe(201)
    expect(await search(team, 'q=onboarding')).toHaveLength(2)

    expect(await team.backend.sweepRetention()).toBe(1)
    expect(await team.backend.store.get(old.recordingId)).toBeUndefined()
    expect((await search(team, 'q=onboarding')).map((hit) => hit.recordingId)).toEqual([
      fresh.recordingId,
    ])
    expect(team.events.filter((event) => event.type === 'upload.deleted')).toMatchObject([
      { recordingId: old.recordingId, member: 'ana', reason: 'retention' },
    ])

    // At start: the same database opened again with a shorter retention sweeps before serving.
    team.now.at = new Date(Date.now() - 10 * 24 * 60 * 60 * 1000)
    const older = upload(['yet another onboarding call'])
    expect((await post(team.url, team.ana, older)).status).toBe(201)
    await backends.closeAll()
    const again = backends.adopt(
      new ReferenceBackend({ db: team.db, token: LEGACY_TOKEN, retentionDays: 5 }),
    )
    await again.open()
    expect(await again.store.get(older.recordingId)).toBeUndefined()
    expect(await again.store.get(fresh.recordingId)).toBeDefined()
  })

  it('aggregates the team’s signals per ISO week and tracker, with top requests and competitors by member', async () => {
    const team = await startTeam(engine)
    const signal = (tracker: string, phrase: string, quote: string) => ({
      tracker,
      phrase,
      quote,
      startMs: 0,
      segmentIdx: 0,
    })
    // 2026-11-30 is a Monday (ISO week 49); 2026-11-29 a Sunday (week 48).
    const week49 = upload(['we need SSO and we looked at Gong'], {
      signals: [
        signal('feature-request', 'we need', 'we need SSO'),
        signal('competitor', 'Gong', 'we looked at Gong'),
      ],
    })
    const week49b = upload(['we need an API; Gong is cheaper'], {
      createdAt: '2026-12-02T15:00:00.000Z',
      signals: [
        signal('feature-request', 'we need', 'we need an API'),
        signal('competitor', 'gong', 'Gong is cheaper'),
        signal('pricing', 'cheaper', 'Gong is cheaper'),
      ],
    })
    const week48 = upload(['Chorus does that'], {
      createdAt: '2026-11-29T23:59:00.000Z',
      signals: [signal('competitor', 'Chorus', 'Chorus does that')],
    })
    expect((await post(team.url, team.ana, week49)).status).toBe(201)
    expect((await post(team.url, team.bob, week49b)).status).toBe(201)
    expect((await post(team.url, team.bob, week48)).status).toBe(201)

    const response = await get(team.url, team.boss, '/v1/signals')
    expect(response.status).toBe(200)
    const signals = TeamSignalsResponse.parse(await response.json())
    expect(signals.weeks).toEqual([
      {
        week: '2026-W48',
        tracker: 'competitor',
        count: 1,
        byMember: [{ member: 'bob', count: 1 }],
      },
      {
        week: '2026-W49',
        tracker: 'competitor',
        count: 2,
        byMember: [
          { member: 'ana', count: 1 },
          { member: 'bob', count: 1 },
        ],
      },
      {
        week: '2026-W49',
        tracker: 'feature-request',
        count: 2,
        byMember: [
          { member: 'ana', count: 1 },
          { member: 'bob', count: 1 },
        ],
      },
      { week: '2026-W49', tracker: 'pricing', count: 1, byMember: [{ member: 'bob', count: 1 }] },
    ])
    expect(signals.topCompetitors.map((c) => [c.phrase, c.count])).toEqual([
      ['gong', 2],
      ['chorus', 1],
    ])
    expect(signals.topFeatureRequests[0]).toMatchObject({ phrase: 'we need', count: 2 })

    const ranged = TeamSignalsResponse.parse(
      await (await get(team.url, team.boss, '/v1/signals?from=2026-11-30&to=2026-12-06')).json(),
    )
    expect(ranged.weeks.every((week) => week.week === '2026-W49')).toBe(true)
    expect(ranged.topCompetitors.map((c) => c.phrase)).toEqual(['gong'])
  })

  it('serves the legacy single token as the member "default", beside the members’ tokens', async () => {
    const team = await startTeam(engine)
    const call = upload(['uploaded by an older laptop'])
    expect((await post(team.url, LEGACY_TOKEN, call)).status).toBe(201)
    expect((await search(team, 'q=older')).map((hit) => hit.member)).toEqual(['default'])
    expect((await get(team.url, LEGACY_TOKEN, '/v1/search?q=older')).status).toBe(403)
    const members = await team.backend.store.listMembers()
    expect(members.map((m) => `${m.name}:${m.role}`)).toEqual([
      'ana:member',
      'bob:member',
      'boss:admin',
      'default:member',
    ])
  })

  it('hands delivery each event once per fact, with the same ids again on a retried upload', async () => {
    const team = await startTeam(engine)
    const call = upload(['we need SSO'], {
      signals: [
        {
          tracker: 'feature-request',
          phrase: 'we need',
          quote: 'we need SSO',
          startMs: 0,
          segmentIdx: 0,
        },
      ],
    })
    const key = randomUUID()
    expect((await post(team.url, team.ana, call, key)).status).toBe(201)
    expect((await post(team.url, team.ana, call, key)).status).toBe(201)
    // One event per upload: its signals' events are delivery's to derive (DeliveryService).
    const [first, second] = team.events
    expect(team.events.map((event) => event.type)).toEqual(['upload.received', 'upload.received'])
    expect(second?.id).toBe(first?.id)
    expect(first?.id).toMatch(/^msg_[0-9a-f]{32}$/)
    expect(first).toMatchObject({ member: 'ana', recordingId: call.recordingId })
    expect((await remove(team.url, team.ana, call.recordingId)).status).toBe(200)
    expect((await remove(team.url, team.ana, call.recordingId)).status).toBe(200)
    expect(team.events.filter((event) => event.type === 'upload.deleted')).toHaveLength(1)
  })
})
