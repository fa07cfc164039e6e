import { describe, expect, it } from 'vitest'
import { LineText } from '../../../shared/lineText'
import { normalizeLineDraft } from './normalizeLineDraft'

describe('normalizeLineDraft', () => {
  it('makes pasted line breaks and tabs single spaces and trims the ends', () => {
    expect(normalizeLineDraft('  We need\r\nsingle\tsign-on.\n')).toBe('We need single sign-on.')
  })

  it('turns a blank draft into the empty string the editor refuses', () => {
    expect(normalizeLineDraft(' \n\t ')).toBe('')
  })

  it('gives text the API contract accepts unchanged', () => {
    const text = normalizeLineDraft('Budget\u2028approved\u00a0 for\vQ3 ')
    expect(LineText.parse(text)).toBe(text)
  })
})
