import { describe, expect, it } from 'vitest'
import { highlightMatches } from './highlightMatches'

describe('highlightMatches', () => {
  it('marks whole words that start with a query word, case-insensitively', () => {
    expect(highlightMatches('Refunds take five days; refund now.', 'refund')).toEqual([
      { text: 'Refunds', match: true },
      { text: ' take five days; ', match: false },
      { text: 'refund', match: true },
      { text: ' now.', match: false },
    ])
  })

  it('treats operators and punctuation in the query as plain words, as search does', () => {
    expect(highlightMatches('cancel my order', 'cancel OR "order')).toEqual([
      { text: 'cancel', match: true },
      { text: ' my ', match: false },
      { text: 'order', match: true },
    ])
  })

  it('returns the text unmarked for an empty query', () => {
    expect(highlightMatches('hello', '  ')).toEqual([{ text: 'hello', match: false }])
    expect(highlightMatches('', 'x')).toEqual([])
  })
})
