import { describe, expect, it } from 'vitest'
import { AnalyticsReporter } from '../../../src/core/analytics/AnalyticsReporter'
import { errorCodeOf, uploadFailureCodeOf } from '../../../src/core/analytics/failureCodeOf'
import type { TrackedEvent } from '../../../src/core/analytics/TrackedEvent'
import type { UploadResult } from '../../../src/core/sync/SyncService'

function reporter(): { events: TrackedEvent[]; reporter: AnalyticsReporter } {
  const events: TrackedEvent[] = []
  return {
    events,
    reporter: new AnalyticsReporter({
      track: (event) => events.push(event),
      recordings: { get: () => undefined },
      queue: { activeFor: () => [] },
    }),
  }
}

const result = (state: UploadResult['state'], code?: string): UploadResult => ({
  id: 'r',
  state,
  receipt: null,
  error: code === undefined ? null : { code, message: `${code} at /home/jane/Call.m4a` },
})

describe('AnalyticsReporter upload results', () => {
  it('reports done and failed uploads by kind, and nothing for ones still queued', () => {
    const { events, reporter: r } = reporter()
    r.onUploadResults([
      result('done'),
      result('failed', 'backend-rejected'),
      result('failed', 'network-error'),
      result('queued', 'network-error'),
    ])
    expect(events).toEqual([
      { name: 'upload_succeeded' },
      { name: 'upload_failed', properties: { code: 'http-error' } },
      { name: 'upload_failed', properties: { code: 'network-error' } },
    ])
  })
})

describe('failure codes', () => {
  it('maps upload error codes onto the fixed kinds, unknown ones to other', () => {
    expect(uploadFailureCodeOf('timeout')).toBe('timeout')
    expect(uploadFailureCodeOf('blocked')).toBe('blocked')
    expect(uploadFailureCodeOf('backend-unavailable')).toBe('http-error')
    expect(uploadFailureCodeOf('invalid-receipt')).toBe('invalid')
    expect(uploadFailureCodeOf('/home/jane/secret.m4a')).toBe('other')
  })

  it('keeps a job failure code only when it is one of the stable ones', () => {
    expect(errorCodeOf('no-audio-stream')).toBe('no-audio-stream')
    expect(errorCodeOf('engine-crashed')).toBe('engine-crashed')
    expect(errorCodeOf('Call with Jane Doe')).toBe('other')
  })
})
