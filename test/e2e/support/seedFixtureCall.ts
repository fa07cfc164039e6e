import { randomUUID } from 'node:crypto'
import type { Core } from '../../../src/core/app'
import type { DerivedData } from '../../../src/core/store/DerivedStore'

export const FIXTURE_TITLE = 'fixture-sales-call'
export const FIXTURE_EMAIL = 'jo.doe@example.com'

/** Fixture lines, written as test data: the micro model's random words hold no signals or PII. */
export const fixtureLines = [
  {
    speaker: 'Speaker 1',
    text: 'Thanks for making time today. What does pricing look like for a team of twenty?',
  },
  {
    speaker: 'Speaker 2',
    text: 'We need single sign-on before we can sign, and we are also talking to Acme.',
  },
  {
    speaker: 'Speaker 1',
    text: `Understood. Could you send the security questionnaire to ${FIXTURE_EMAIL}?`,
  },
  { speaker: 'Speaker 2', text: 'Yes, and our budget is approved for the next quarter.' },
] as const

const signal = (tracker: string, phrase: string, segmentIdx: number) => {
  const line = fixtureLines[segmentIdx]
  return {
    tracker,
    phrase,
    quote: line?.text ?? '',
    speaker: line?.speaker ?? 'Speaker 1',
    startMs: segmentIdx * 1500,
    segmentIdx,
  }
}

/** What derivation would store for the fixture lines, written out as fixture rows. */
const fixtureDerived: DerivedData = {
  signals: [
    signal('pricing', 'pricing', 0),
    signal('feature-request', 'single sign-on', 1),
    signal('competitor', 'Acme', 1),
    signal('budget', 'budget is approved', 3),
  ],
  metrics: {
    talkRatio: { 'Speaker 1': 0.55, 'Speaker 2': 0.45 },
    longestMonologueMs: 1400,
    wordsPerMinute: 150,
    questions: { 'Speaker 1': 2, 'Speaker 2': 0 },
    silenceShare: 0.07,
    interruptions: 0,
  },
  summary: {
    text: fixtureLines[1].text,
    keyMoments: [
      { startMs: 1500, segmentIdx: 1, sentence: fixtureLines[1].text, reason: 'feature request' },
    ],
  },
}

/**
 * A finished recording of the six-second test clip with the fixture lines and derived rows, put
 * straight into the core's stores (no transcription), imported now.
 */
export function seedFixtureCall(core: Core, mediaPath: string): string {
  const id = randomUUID()
  core.recordings.insert({
    id,
    title: FIXTURE_TITLE,
    sourcePath: mediaPath,
    sourceSha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    bytes: 1,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationMs: 6_000,
    channels: 1,
    importedAt: new Date().toISOString(),
    status: 'done',
  })
  fixtureLines.forEach((line, i) => {
    core.recordings.appendSegment(id, {
      startMs: i * 1500,
      endMs: i * 1500 + 1400,
      text: line.text,
      speaker: line.speaker,
      confidence: 0.9,
    })
  })
  core.derived.saveDerived(id, fixtureDerived)
  return id
}
