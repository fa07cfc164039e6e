import { describe, expect, it } from 'vitest'
import type { DerivedSegment } from '../../../../src/core/derive/DerivedSegment'
import { defaultTrackers } from '../../../../src/core/derive/signals/defaultTrackers'
import { findSignals, type FoundSignal } from '../../../../src/core/derive/signals/findSignals'
import { resolveTrackers } from '../../../../src/core/derive/signals/resolveTrackers'
import { TrackerDefinition } from '../../../../src/shared/signals'
import { UploadSignal } from '../../../../src/shared/upload'
import { loadTranscript } from '../../../fixtures/transcripts/loadTranscript'

const hits = (signals: FoundSignal[]): [number, string, string][] =>
  signals.map((s) => [s.segmentIdx, s.tracker, s.phrase])

const trackers = (competitors: string[] = [], custom: TrackerDefinition[] = []) =>
  resolveTrackers(defaultTrackers(), custom, competitors)

const segment = (
  idx: number,
  text: string,
  speaker: string | null = 'Customer',
): DerivedSegment => ({
  idx,
  startMs: idx * 5000,
  endMs: idx * 5000 + 4800,
  text,
  speaker,
})

const tracker = (phrases: string[], extra: Partial<TrackerDefinition> = {}): TrackerDefinition =>
  TrackerDefinition.parse({
    id: 'custom',
    label: 'Custom',
    kind: 'feature-request',
    phrases,
    negatable: true,
    ...extra,
  })

describe('demand signals on a discovery call', () => {
  const { segments } = loadTranscript('discovery-call')
  const signals = findSignals(segments, trackers(['Gong', 'Chorus']))

  it('finds pricing, budget, competitor, security, integration and feature talk where it was said', () => {
    expect(hits(signals)).toEqual([
      [3, 'competitor', 'Gong'],
      [3, 'competitor', 'Chorus'],
      [4, 'pricing', 'pricing'],
      [5, 'budget', 'budget'],
      [6, 'pricing', '$60,000'],
      [6, 'budget', 'fiscal year'],
      [6, 'budget', 'procurement'],
      [7, 'timeline', 'by end of March'],
      [8, 'pricing', 'pricing'],
      [8, 'pricing', 'per seat'],
      [9, 'security-compliance', 'security'],
      [9, 'security-compliance', 'security questionnaire'],
      [9, 'security-compliance', 'SOC 2'],
      [9, 'security-compliance', 'SSO'],
      [10, 'security-compliance', 'SOC 2'],
      [10, 'security-compliance', 'SAML'],
      [10, 'security-compliance', 'single sign-on'],
      [11, 'feature-request', 'Slack integration'],
      [11, 'integration', 'Slack'],
      [11, 'integration', 'integration'],
      [12, 'integration', 'Slack'],
      [12, 'integration', 'webhook'],
      [12, 'integration', 'API'],
      [13, 'competitor', 'Gong'],
      [13, 'feature-request', 'coaching scorecard'],
      [14, 'timeline', 'timeline'],
      [15, 'objection', 'concern'],
      [17, 'feature-request', 'export transcripts'],
      [18, 'integration', 'API'],
      [19, 'pricing', 'quote'],
      [19, 'timeline', 'rollout'],
      [20, 'pricing', 'quote'],
      [20, 'timeline', 'rollout'],
    ])
  })

  it('quotes the whole sentence, joined across segments, with speaker and time of the hit', () => {
    const deadline = signals.find((s) => s.tracker === 'timeline')
    expect(deadline).toEqual({
      tracker: 'timeline',
      phrase: 'by end of March',
      quote:
        'We have roughly $60,000 set aside for this fiscal year, and procurement wants a decision by end of March at the latest.',
      speaker: 'Dana',
      startMs: 49_800,
      segmentIdx: 7,
    })
    const budget = signals.find((s) => s.phrase === 'fiscal year')
    expect(budget?.quote).toBe(deadline?.quote)
    expect(budget?.segmentIdx).toBe(6)
  })

  it('gives the same hits every time and every hit fits the upload schema', () => {
    expect(findSignals(segments, trackers(['Gong', 'Chorus']))).toEqual(signals)
    for (const signal of signals) expect(UploadSignal.safeParse(signal).success).toBe(true)
  })
})

describe('demand signals on a support call at risk of churn', () => {
  const { segments } = loadTranscript('support-churn-call')

  it('flags frustration, cancellation, renewal, refunds and the price being hard to justify', () => {
    expect(hits(findSignals(segments, trackers()))).toEqual([
      [1, 'churn-risk', 'frustrated'],
      [1, 'integration', 'Slack'],
      [1, 'integration', 'integration'],
      [3, 'timeline', 'in April'],
      [3, 'churn-risk', 'cancel'],
      // "we're not going to cancel today" is negated; "we're not renewing" after "but" is not.
      [7, 'churn-risk', 'not renewing'],
      [7, 'churn-risk', 'refund'],
      [8, 'churn-risk', 'refund'],
      [9, 'churn-risk', 'disappointing'],
      [11, 'pricing', 'price'],
      [11, 'objection', 'hard to justify'],
      [13, 'feature-request', 'status page'],
      [13, 'integration', 'integration'],
      [15, 'churn-risk', 'looking at alternatives'],
    ])
  })
})

describe('negated requests and near-misses', () => {
  const { segments } = loadTranscript('negations-near-misses')

  it('drops negated wishes, keeps objections, and ignores phrases inside other words', () => {
    expect(hits(findSignals(segments, trackers()))).toEqual([
      // "We don't need SSO, but we do need audit logs": SSO negated, the clause after "but" not.
      [0, 'security-compliance', 'audit logs'],
      [0, 'security-compliance', 'compliance'],
      // "no need for a Slack integration" and "not interested in HIPAA": nothing.
      // "integrate" counts; "rapid" holds no "API"; Salesforce is not a listed competitor.
      [3, 'integration', 'integrate'],
      // "repricing" and "costumes" hold no pricing phrase.
      [4, 'budget', 'budget'],
      // "We never use webhooks." is negated, the next sentence not.
      [5, 'integration', 'APIs'],
      // "SOC 2 isn't needed then?" is negated by what follows it.
      [7, 'objection', 'deal breaker'],
      [7, 'security-compliance', 'security'],
      [7, 'security-compliance', 'SOC2'],
      [8, 'feature-request', 'Spanish transcript option'],
      [9, 'feature-request', 'mobile app'],
      [9, 'timeline', 'this quarter'],
      // "insecurity" holds no "security".
      [10, 'security-compliance', 'data residency'],
      [11, 'security-compliance', 'GDPR'],
    ])
  })

  it('counts Salesforce as a competitor only once the user lists it', () => {
    const listed = findSignals(segments, trackers(['Salesforce']))
    expect(listed.filter((s) => s.tracker === 'competitor')).toEqual([
      {
        tracker: 'competitor',
        phrase: 'Salesforce',
        quote: 'We integrate with Salesforce, and the rapid setup usually takes a day.',
        speaker: 'Jordan (AE)',
        startMs: 21_200,
        segmentIdx: 3,
      },
    ])
  })

  it('does not negate trackers where the negative phrasing is the signal', () => {
    const found = findSignals(
      [segment(0, "We don't have budget this year and we're not convinced.")],
      trackers(),
    )
    expect(hits(found)).toEqual([
      [0, 'budget', 'budget'],
      [0, 'objection', 'not convinced'],
    ])
  })
})

describe('phrase matching', () => {
  it('matches whole words only, ignoring case, across scripts', () => {
    const found = findSignals(
      [
        segment(0, 'Wir brauchen ÜBER Nacht eine Lösung, nicht die Glasüberdachung.'),
        segment(1, 'Unser Café-Team will mehr. Das cafe\u0301 auch.'),
      ],
      [tracker(['über', 'café'])],
    )
    expect(hits(found)).toEqual([
      [0, 'custom', 'über'],
      [1, 'custom', 'café'],
      [1, 'custom', 'café'],
    ])
  })

  it('treats spaces and hyphens inside a phrase alike and prefers the longest phrase', () => {
    const found = findSignals(
      [segment(0, 'Our go live is close. The go-live date moved. Single  sign on please.')],
      [tracker(['go-live', 'go live date', 'single sign-on', 'single'])],
    )
    expect(hits(found)).toEqual([
      [0, 'custom', 'go-live'],
      [0, 'custom', 'go live date'],
      [0, 'custom', 'single sign-on'],
    ])
  })

  it('escapes competitor names that look like regular expressions', () => {
    const found = findSignals(
      [segment(0, 'We looked at Monday.com and C++ Tools, not Mondaycom.')],
      trackers(['Monday.com', 'C++ Tools']),
    )
    expect(hits(found)).toEqual([
      [0, 'competitor', 'Monday.com'],
      [0, 'competitor', 'C++ Tools'],
    ])
  })

  it('reports a named group of a pattern as the phrase and never reports an empty match', () => {
    const found = findSignals(
      [segment(0, 'Ticket 4521 and ticket 77 are open.')],
      [tracker([], { patterns: ['ticket (?<phrase>\\d{2,})', '(?<=and )\\d*'] })],
    )
    expect(hits(found)).toEqual([
      [0, 'custom', '4521'],
      [0, 'custom', '77'],
    ])
  })

  it('omits the speaker when segments have none, and bounds quotes to 1000 characters', () => {
    const long = `${'word '.repeat(400)}pricing ${'more '.repeat(400)}`
    const [hit] = findSignals([segment(0, long, null)], trackers())
    expect(hit).toBeDefined()
    expect(hit && 'speaker' in hit).toBe(false)
    expect(hit?.quote.length).toBeLessThanOrEqual(1000)
    expect(hit?.quote).toContain('pricing')
  })

  it('keeps a sentence to one speaker', () => {
    const found = findSignals(
      [segment(0, 'so what about the', 'AE'), segment(1, 'pricing for next year', 'Customer')],
      trackers(),
    )
    expect(found.map((s) => [s.speaker, s.quote])).toEqual([['Customer', 'pricing for next year']])
  })

  it('runs a user pattern on a long adversarial transcript without stalling', () => {
    const custom = tracker([], { patterns: ['(?:a|b)\\w*c', '\\d{1,3}(?:,\\d{3})*'] })
    const text = `${'a'.repeat(60_000)} ${'1,'.repeat(20_000)}`
    const started = performance.now()
    findSignals([segment(0, text)], [...trackers(), custom])
    // Bounded by the sentence cut at 1000 characters: quadratic at worst, never exponential.
    expect(performance.now() - started).toBeLessThan(5000)
  })
})

describe('one phrase counts once', () => {
  it('counts "Salesforce" as the competitor, not also as a feature request', () => {
    const found = findSignals(
      [segment(0, 'Do you support Salesforce? We wish it had dark mode.')],
      trackers(['Salesforce']),
    )
    expect(hits(found)).toEqual([
      [0, 'competitor', 'Salesforce'],
      [0, 'feature-request', 'dark mode'],
    ])
  })

  it('lets an integration phrase win over the feature request that captured it', () => {
    const integration = TrackerDefinition.parse({
      id: 'integration',
      label: 'Integrations',
      kind: 'integration',
      phrases: ['Zapier'],
      negatable: true,
    })
    const found = findSignals([segment(0, 'Do you support Zapier?')], trackers([], [integration]))
    expect(hits(found)).toEqual([[0, 'integration', 'Zapier']])
  })

  it('keeps the feature request when no named tracker hits the same words', () => {
    const found = findSignals([segment(0, 'Do you support Salesforce?')], trackers([]))
    expect(hits(found)).toEqual([[0, 'feature-request', 'Salesforce']])
  })
})
