import { describe, expect, it } from 'vitest'
import { parseRoute, recordingHref } from './parseRoute'

describe('hash routes', () => {
  it.each([
    ['', { name: 'library' }],
    ['#/', { name: 'library' }],
    ['#/settings', { name: 'settings' }],
    ['#/nowhere', { name: 'library' }],
    ['#/recording/abc', { name: 'recording', id: 'abc', q: '', line: null }],
    [
      '#/recording/abc?q=refund%20policy&line=7',
      { name: 'recording', id: 'abc', q: 'refund policy', line: 7 },
    ],
    ['#/recording/abc?line=-1', { name: 'recording', id: 'abc', q: '', line: null }],
  ])('%j is %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route)
  })

  it('round-trips a recording link with a query and a line', () => {
    expect(parseRoute(recordingHref('id 1', { q: 'a&b', line: 3 }))).toEqual({
      name: 'recording',
      id: 'id 1',
      q: 'a&b',
      line: 3,
    })
  })
})
