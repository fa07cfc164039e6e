import { describe, expect, it } from 'vitest'
import { parseRange } from '../../../src/core/http/parseRange'
import { safeFileName } from '../../../src/web/safeFileName'

describe('parseRange (RFC 9110 §14)', () => {
  it.each([
    [undefined, { kind: 'whole' }],
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'partial', start: 100, end: 999 }],
    ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=50-10', { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-6', { kind: 'whole' }],
    ['items=0-1', { kind: 'whole' }],
  ])('reads %s of a 1000-byte file', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected)
  })
})

describe('safeFileName', () => {
  it.each([
    ['call.mp4', 'call.mp4'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\call.m4a', 'call.m4a'],
    ['.bashrc', 'bashrc'],
    ['a\u0000b\nc.wav', 'a_b_c.wav'],
    ['', 'recording'],
    ['..', 'recording'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected)
  })

  it('keeps the extension when it shortens a long name', () => {
    const name = safeFileName(`${'x'.repeat(500)}.webm`)
    expect(name).toHaveLength(200)
    expect(name.endsWith('.webm')).toBe(true)
  })
})
