import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { TranscriptUpload } from '../../../src/shared/upload'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedFixtureCall } from './support/seedFixtureCall'

const tempDir = useTempDir()
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose()
})

// Personal data planted in the discovery call, each inside a sentence that holds a tracker hit
// (pricing, security, integration, pricing/timeline), so it sits in a signal quote and, for the
// sentences the summary picks, in the summary too.
const planted = {
  card: '4111 1111 1111 1111',
  email: 'dana.whitfield@example.com',
  phone: '+44 20 7946 0958',
  term: 'Whitfield',
}
const plantedTexts: Record<number, string> = {
  8: " That's helpful. Our pricing is per seat, and you can bill card 4111 1111 1111 1111 for forty reps.",
  9: ' Good. The other thing is security. Our legal team will send a security questionnaire from dana.whitfield@example.com, and we need SOC 2 and SSO before anything goes live.',
  12: ' Yes, we post call summaries to Slack channels, call +44 20 7946 0958 about the webhook API.',
  19: ' Perfect. Could you send over a quote and a rollout plan Dana Whitfield can show our CFO?',
}

function setup() {
  const dataDir = tempDir()
  const core = new Core({ dataDir, env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' } })
  cores.push(core)
  const { id } = seedFixtureCall(core.recordings, 'discovery-call', plantedTexts)
  core.settings.set('redaction.terms', [planted.term])
  core.rederive(id)
  // Speaker 1 is the AE, Speaker 2 the prospect (fixture order).
  core.derived.renameSpeaker(id, 'Speaker 1', 'Alex (AE)')
  core.derived.renameSpeaker(id, 'Speaker 2', 'Customer')
  return { core, dataDir, id }
}

function payloadOf(core: Core, id: string): { text: string; upload: TranscriptUpload } {
  const text = new TextDecoder().decode(core.sync.prepare(id).body)
  return { text, upload: TranscriptUpload.parse(JSON.parse(text)) }
}

describe('derived data in the upload (real store, fixture transcript)', () => {
  it('carries the stored summary, signals and metrics under the user speaker names', () => {
    const { core, id } = setup()
    core.settings.set('redaction.enabled', false)
    const stored = core.derived.derived(id)
    const { text, upload } = payloadOf(core, id)
    expect(upload.summary).toBe(stored.summary?.text)
    expect(upload.summary?.length).toBeGreaterThan(100)
    expect(upload.signals.map((s) => [s.tracker, s.phrase, s.quote, s.segmentIdx])).toEqual(
      stored.signals.map((s) => [s.tracker, s.phrase, s.quote, s.segmentIdx]),
    )
    expect(Object.keys(upload.metrics?.talkRatio ?? {})).toEqual(['Alex (AE)', 'Customer'])
    expect(upload.metrics?.talkRatio).toEqual({
      'Alex (AE)': stored.metrics?.talkRatio['Speaker 1'],
      Customer: stored.metrics?.talkRatio['Speaker 2'],
    })
    expect(new Set(upload.segments.map((s) => s.speaker))).toEqual(
      new Set(['Alex (AE)', 'Customer']),
    )
    expect(new Set(upload.signals.map((s) => s.speaker))).toEqual(
      new Set(['Alex (AE)', 'Customer']),
    )
    // The stable labels stay local; the store keeps them.
    expect(text).not.toMatch(/Speaker [12]/)
    expect(stored.signals.every((s) => s.speaker?.startsWith('Speaker '))).toBe(true)
  })

  it('proves the planted data reaches quotes and the summary when redaction is off', () => {
    const { core, id } = setup()
    core.settings.set('redaction.enabled', false)
    const { upload } = payloadOf(core, id)
    const quotes = upload.signals.map((s) => s.quote).join('\n')
    for (const value of Object.values(planted)) expect(quotes).toContain(value)
    expect(Object.values(planted).some((v) => upload.summary?.includes(v))).toBe(true)
    expect(core.sync.prepare(id).redactions).toEqual([])
  })

  it('redacts planted data from every field, quotes and summary included', () => {
    const { core, id } = setup()
    const prepared = core.sync.prepare(id)
    const { text, upload } = payloadOf(core, id)
    for (const value of Object.values(planted)) expect(text).not.toContain(value)
    expect(text).not.toContain('whitfield')
    const quotes = upload.signals.map((s) => s.quote).join('\n')
    for (const placeholder of ['[card]', '[email]', '[phone]', '[redacted]']) {
      expect(quotes).toContain(placeholder)
    }
    expect(upload.summary).toMatch(/\[(card|email|phone|redacted)\]/)
    expect(
      prepared.redactions.map((r) => [r.segmentIdx, r.kind, r.original, r.replacement, r.reverted]),
    ).toEqual([
      // Dana is the person in the planted address; Alex a name the user gave a speaker.
      [0, 'name', 'Dana', '[name]', false],
      [8, 'card', planted.card, '[card]', false],
      [9, 'email', planted.email, '[email]', false],
      [12, 'phone', planted.phone, '[phone]', false],
      [19, 'name', 'Dana', '[name]', false],
      [19, 'term', planted.term, '[redacted]', false],
      [21, 'name', 'Alex', '[name]', false],
      [22, 'name', 'Dana', '[name]', false],
    ])
    // "Alex (AE)" names a person, so the AE goes as its label; "Customer" is a role.
    expect(new Set(upload.segments.map((s) => s.speaker))).toEqual(
      new Set(['Speaker 1', 'Customer']),
    )
    expect(Object.keys(upload.metrics?.talkRatio ?? {})).toEqual(['Customer', 'Speaker 1'])
    // The redactions list is for the preview; the bytes are exactly what is sent.
    expect(text).not.toContain('"redactions"')
    expect(upload.segments[8]?.text).toBe(
      " That's helpful. Our pricing is per seat, and you can bill card [card] for forty reps.",
    )
    // The local transcript keeps the original.
    expect(core.recordings.segments(id)[8]?.text).toContain(planted.card)
  })

  it('sends a reverted item as it is, everywhere its sentence goes, and nothing else', () => {
    const { core, id } = setup()
    const before = core.sync.prepare(id)
    const card = before.redactions.find((r) => r.kind === 'card')
    if (!card) throw new Error('the planted card was not found')
    core.derived.revertRedaction(id, card.id)
    const after = core.sync.prepare(id)
    const { text, upload } = payloadOf(core, id)
    expect(upload.segments[8]?.text).toContain(planted.card)
    expect(upload.signals.filter((s) => s.segmentIdx === 8).map((s) => s.quote)).toEqual([
      expect.stringContaining(planted.card),
      expect.stringContaining(planted.card),
    ])
    for (const value of [planted.email, planted.phone, planted.term]) {
      expect(text).not.toContain(value)
    }
    expect(after.redactions.find((r) => r.id === card.id)?.reverted).toBe(true)
    expect(after.payloadSha256).not.toBe(before.payloadSha256)
    // Redacting it again gives back the very same bytes (and so the same idempotency key).
    core.derived.restoreRedaction(id, card.id)
    expect(Buffer.from(core.sync.prepare(id).body).equals(Buffer.from(before.body))).toBe(true)
  })

  it('is deterministic, and the CLI dry run prints those exact bytes', async () => {
    const { core, id, dataDir } = setup()
    const first = core.sync.prepare(id)
    core.rederive(id)
    const second = core.sync.prepare(id)
    expect(Buffer.from(second.body).equals(Buffer.from(first.body))).toBe(true)
    await core.dispose()
    cores.splice(cores.indexOf(core), 1)
    const dry = await runCliCaptured(['upload', id, '--dry-run', '--data-dir', dataDir])
    expect(dry.stderr).toBe('')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toBe(`${new TextDecoder().decode(first.body)}\n`)
  })

  it('merges the metrics of two labels the user gave the same name', () => {
    const { core, id } = setup()
    core.derived.renameSpeaker(id, 'Speaker 1', 'Customer')
    const { upload } = payloadOf(core, id)
    const stored = core.derived.metrics(id)
    expect(upload.metrics?.talkRatio).toEqual({ Customer: 1 })
    expect(upload.metrics?.questions).toEqual({
      Customer: (stored?.questions['Speaker 1'] ?? 0) + (stored?.questions['Speaker 2'] ?? 0),
    })
  })
})
