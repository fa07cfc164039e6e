import { DEFAULT_COMPETITORS } from '../../../../src/shared/defaultCompetitors'
import { describe, expect, it } from 'vitest'
import { defaultTrackers } from '../../../../src/core/derive/signals/defaultTrackers'
import { resolveTrackers } from '../../../../src/core/derive/signals/resolveTrackers'
import { settingsSchema } from '../../../../src/shared/settings'
import {
  hasNestedRepetition,
  TrackerDefinition,
  trackerKinds,
  MAX_PATTERN_LENGTH,
} from '../../../../src/shared/signals'

const base = { id: 'mine', label: 'Mine', kind: 'objection', phrases: ['x'], negatable: false }

describe('shipped trackers', () => {
  it('has one valid tracker per kind, competitors without any vendor name', () => {
    const trackers = defaultTrackers()
    expect(trackers.map((t) => t.kind).sort()).toEqual([...trackerKinds].sort())
    expect(trackers.find((t) => t.kind === 'competitor')?.phrases).toEqual([])
  })

  it('negates wishes but not objections, budget or pricing talk', () => {
    const negatable = Object.fromEntries(defaultTrackers().map((t) => [t.id, t.negatable]))
    expect(negatable).toMatchObject({
      'feature-request': true,
      integration: true,
      'churn-risk': true,
      objection: false,
      budget: false,
      pricing: false,
    })
  })
})

describe('tracker definitions', () => {
  it('accept phrases and safe patterns', () => {
    expect(
      TrackerDefinition.safeParse({ ...base, patterns: ['\\d{1,3}(?:,\\d{3})*', 'a{2,}b'] })
        .success,
    ).toBe(true)
  })

  it.each([['(a+)+$'], ['(a|aa)*b'], ['(?:\\w+\\s?)+$'], ['((ab)*c)+'], ['(x{2,}y)*']])(
    'refuse nested unbounded repetition: %s',
    (pattern) => {
      expect(hasNestedRepetition(pattern)).toBe(true)
      expect(TrackerDefinition.safeParse({ ...base, patterns: [pattern] }).success).toBe(false)
    },
  )

  it.each([['[(]+a+'], ['\\(a+\\)+'], ['(?:ab){0,3}c+'], ['\\p{L}+(?:-\\p{L}+){0,2}']])(
    'do not mistake escapes, classes and bounded counts for nesting: %s',
    (pattern) => {
      expect(hasNestedRepetition(pattern)).toBe(false)
    },
  )

  it('refuse invalid, overlong and empty-matching patterns, odd ids and empty phrases', () => {
    const bad = [
      { ...base, patterns: ['(unclosed'] },
      { ...base, patterns: ['\\-'] },
      { ...base, patterns: ['a'.repeat(MAX_PATTERN_LENGTH + 1)] },
      { ...base, patterns: ['x*'] },
      { ...base, id: 'Has Spaces' },
      { ...base, phrases: ['  '] },
      { ...base, phrases: ['...'] },
      { ...base, kind: 'gossip' },
      { ...base, extra: true },
    ]
    for (const tracker of bad) expect(TrackerDefinition.safeParse(tracker).success).toBe(false)
  })

  it('are user settings: competitors start as the shipped sales-call list, custom trackers empty', () => {
    expect(settingsSchema['signals.competitors'].parse(undefined)).toEqual([...DEFAULT_COMPETITORS])
    expect(DEFAULT_COMPETITORS).toContain('Gong')
    expect(DEFAULT_COMPETITORS).toContain('Salesforce')
    expect(settingsSchema['signals.ownProduct'].parse(undefined)).toBeNull()
    expect(settingsSchema['signals.custom'].parse(undefined)).toEqual([])
    expect(settingsSchema['signals.competitors'].safeParse(['Gong', ' ']).success).toBe(false)
    expect(settingsSchema['signals.custom'].safeParse([base, base]).success).toBe(false)
  })
})

describe('resolving trackers', () => {
  const defaults = defaultTrackers()

  it('replaces a default by id, appends new ones and adds competitors once', () => {
    const pricing = TrackerDefinition.parse({
      ...base,
      id: 'pricing',
      kind: 'pricing',
      phrases: ['rate card'],
    })
    const mine = TrackerDefinition.parse(base)
    const resolved = resolveTrackers(defaults, [mine, pricing], ['Gong', 'gong', ' Chorus '])
    expect(resolved.map((t) => t.id)).toEqual([...defaults.map((t) => t.id), 'mine'])
    expect(resolved.find((t) => t.id === 'pricing')?.phrases).toEqual(['rate card'])
    expect(resolved.find((t) => t.id === 'competitor')?.phrases).toEqual(['Gong', 'Chorus'])
    expect(defaults.find((t) => t.id === 'competitor')?.phrases).toEqual([])
  })

  it('never counts the user’s own product as a competitor, whatever its case', () => {
    const resolved = resolveTrackers(defaults, [], ['Gong', 'HubSpot', 'Chorus'], 'hubspot')
    expect(resolved.find((t) => t.id === 'competitor')?.phrases).toEqual(['Gong', 'Chorus'])
  })

  it('creates the competitor tracker when there is none', () => {
    const resolved = resolveTrackers([], [], ['Gong'])
    expect(resolved).toEqual([
      {
        id: 'competitor',
        label: 'Competitors',
        kind: 'competitor',
        phrases: ['Gong'],
        negatable: false,
      },
    ])
  })
})
