import { describe, expect, it } from 'vitest'
import { analyticsEventProperties } from '../../../shared/analytics'
import { describeAnalyticsEvents } from './describeAnalyticsEvents'

describe('the first-run description of analytics', () => {
  it('names every event the contract allows, with plain words', () => {
    const described = describeAnalyticsEvents()
    expect(described.map((e) => e.name)).toEqual(Object.keys(analyticsEventProperties))
    for (const event of described) expect(event.description).toMatch(/^[A-Z].+\.$/)
  })

  it('lists every property with every value it can take, and nothing free-form', () => {
    const imported = describeAnalyticsEvents().find((e) => e.name === 'import_finished')
    expect(imported?.fields.map((f) => f.name)).toEqual(['durationBucket', 'format'])
    expect(imported?.fields[0]?.values).toContain('>60m')
    for (const event of describeAnalyticsEvents()) {
      for (const field of event.fields) {
        expect(field.values.length, `${event.name}.${field.name}`).toBeGreaterThan(0)
        // Each listed value passes the contract's own schema; a made-up one does not.
        const schema = analyticsEventProperties[event.name as keyof typeof analyticsEventProperties]
        for (const value of field.values) {
          expect(schema.safeParse({ ...sample(event), [field.name]: value }).success).toBe(true)
        }
        expect(
          schema.safeParse({ ...sample(event), [field.name]: 'a file name.mp4' }).success,
        ).toBe(false)
      }
    }
  })
})

function sample(event: ReturnType<typeof describeAnalyticsEvents>[number]): Record<string, string> {
  return Object.fromEntries(event.fields.map((f) => [f.name, f.values[0] ?? '']))
}
