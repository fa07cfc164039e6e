import { describe, expect, it } from 'vitest'
import { parseRoute, recordingHref, reviewHref } from './parseRoute'

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
    ['#/review', { name: 'review', id: null }],
    ['#/review/a%20b', { name: 'review', id: 'a b' }],
    ['#/review/a/b', { name: 'library' }],
    ['#/audit', { name: 'audit' }],
    ['#/insights', { name: 'insights' }],
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

describe('review links', () => {
  it('round-trip an id that needs escaping', () => {
    expect(parseRoute(reviewHref('id/1'))).toEqual({ name: 'review', id: 'id/1' })
    expect(parseRoute(reviewHref(null))).toEqual({ name: 'review', id: null })
  })
})
