import { describe, expect, it } from 'vitest'
import { formatBytes } from '../../../shared/formatBytes'
import { prettyPayload } from './prettyPayload'
import { describeUploadState } from './uploadStateLabel'

describe('the payload as shown for review', () => {
  it('indents the exact JSON without changing a value', () => {
    const body = JSON.stringify({
      recordingId: 'r',
      segments: [{ text: 'Say "hi" \\ \u2028 ✓ \ud83d\ude00', startMs: 0, confidence: 0.1 + 0.2 }],
      summary: null,
    })
    const pretty = prettyPayload(body)
    expect(pretty).toContain('\n  "segments": [')
    expect(JSON.stringify(JSON.parse(pretty ?? ''))).toBe(body)
  })

  it('refuses to show a reading that would not compact back to the very same bytes', () => {
    // Same data, other bytes (spacing, an escaped letter, a number spelled differently):
    // an indented view of them would hide the difference, so the bytes are shown as they are.
    expect(prettyPayload('{"a": 1}')).toBeNull()
    expect(prettyPayload('{"a":"\\u0041"}')).toBeNull()
    expect(prettyPayload('{"a":1.0}')).toBeNull()
    expect(prettyPayload('not json')).toBeNull()
  })
})

describe('sizes and states', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1_536_000, '1.5 MB'],
    [3_095_033_483, '3.1 GB'],
  ])('%i bytes is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it('says a queued upload with an error is waiting to retry', () => {
    expect(describeUploadState('queued', true)).toBe('Retrying soon')
    expect(describeUploadState('queued', false)).toBe('Queued')
    expect(describeUploadState('done', false)).toBe('Uploaded')
  })
})
