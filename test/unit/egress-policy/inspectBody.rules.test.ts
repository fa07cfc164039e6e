import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { inspectBody } from '../../../src/core/egress/policy/inspectBody'
import { bodyOf, uploadWith } from './bodyOf'

/** Random bytes carry no signature: only the opaque-blob rules can stop them. */
const noise = (n: number): Buffer => randomBytes(n)

const refusal = (body: Uint8Array, limits?: Parameters<typeof inspectBody>[1]) => {
  const verdict = inspectBody(body, limits)
  if (verdict.ok) throw new Error('expected a refusal')
  return verdict
}

describe('inspectBody rules', () => {
  it('returns the parsed JSON when the body passes', () => {
    expect(inspectBody(bodyOf({ a: ['b', 1, null, true] }))).toEqual({
      ok: true,
      json: { a: ['b', 1, null, true] },
    })
  })

  it('refuses a body over the total size limit before reading it', () => {
    expect(refusal(bodyOf({ text: 'x'.repeat(2000) }), { maxBodyBytes: 1000 })).toMatchObject({
      code: 'too-large',
    })
  })

  it('refuses bytes that are not UTF-8', () => {
    expect(refusal(Uint8Array.of(0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d))).toMatchObject({
      code: 'invalid-utf8',
    })
  })

  it('refuses text that is not JSON, without quoting it', () => {
    const verdict = refusal(Buffer.from('text=secret stuff'))
    expect(verdict).toEqual({ ok: false, code: 'not-json', reason: 'The body is not valid JSON.' })
  })

  it('refuses a byte-order mark before the JSON', () => {
    expect(refusal(Buffer.from('\uFEFF{}'))).toMatchObject({ code: 'not-json' })
  })

  it('refuses nesting deeper than the limit', () => {
    const deep = Buffer.from('['.repeat(100) + ']'.repeat(100))
    expect(refusal(deep)).toMatchObject({ code: 'too-deep' })
  })

  it('refuses a string over the per-field limit, naming its path', () => {
    const body = bodyOf(uploadWith(['a', 'word '.repeat(20_000)]))
    expect(refusal(body)).toMatchObject({ code: 'field-too-large', path: '$.segments[1].text' })
  })

  it('refuses an over-long object key', () => {
    expect(refusal(bodyOf({ ['k '.repeat(600)]: 1 }))).toMatchObject({ code: 'field-too-large' })
  })

  it.each([
    ['a NUL character', 'abc\u0000def', 'U+0000'],
    ['an escape character', 'abc\u001bdef', 'U+001B'],
    ['DEL', 'abc\u007fdef', 'U+007F'],
    ['a C1 control', 'abc\u0085def', 'U+0085'],
    ['a replacement character from broken decoding', 'abc\uFFFDdef', 'replacement'],
    ['a lone surrogate', 'abc\uD800def', 'surrogate'],
    [
      'a run of private-use characters',
      '\uE000\uE001\uE002\uE003\uE004\uE005\uE006\uE007\uE008',
      'private-use',
    ],
  ])('refuses %s', (_, text, named) => {
    const verdict = refusal(bodyOf(uploadWith([text])))
    expect(verdict).toMatchObject({ code: 'control-characters', path: '$.segments[0].text' })
    expect(verdict.reason).toContain(named)
  })

  it('refuses control characters in a key', () => {
    expect(refusal(bodyOf({ 'a\u0000b': 1 }))).toMatchObject({ code: 'control-characters' })
  })

  it.each([
    ['base64 of random bytes', () => noise(400).toString('base64')],
    ['base64url of random bytes', () => noise(400).toString('base64url')],
    ['hex of random bytes, 130 digits', () => noise(65).toString('hex')],
    ['a spaced hex dump of random bytes', () => noise(100).toString('hex').replace(/(..)/g, '$1 ')],
    [
      'percent-encoded random bytes',
      () => Array.from(noise(100), (b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    ],
    ['a list of 300 byte values', () => Array.from(noise(300)).join(',')],
    [
      'an unbroken 1,100-character token (base85-style)',
      () => '<~' + '9jqo^BlbD-BleB1DJ+*+F(f,q/0J'.repeat(40) + '~>',
    ],
  ])('refuses %s as an opaque blob', (_, make) => {
    expect(refusal(bodyOf(uploadWith([`see ${make()} here`])))).toMatchObject({
      code: 'opaque-blob',
      path: '$.segments[0].text',
    })
  })

  it('refuses random base64 split into many small strings', () => {
    const pieces =
      noise(600)
        .toString('base64')
        .match(/.{1,12}/g) ?? []
    expect(refusal(bodyOf({ parts: pieces }))).toMatchObject({ code: 'opaque-blob' })
  })

  it('refuses random hex split into two-digit strings', () => {
    const pieces = noise(300).toString('hex').match(/../g) ?? []
    expect(refusal(bodyOf({ parts: pieces }))).toMatchObject({ code: 'opaque-blob' })
  })

  it('refuses a long array of byte-sized integers', () => {
    const body = bodyOf({ samples: Array.from(noise(1000)) })
    expect(refusal(body)).toMatchObject({ code: 'opaque-blob', path: '$.samples' })
  })

  it('refuses a long array of numbers of any size (audio samples)', () => {
    const samples = Array.from({ length: 5000 }, (_, i) => Math.round(Math.sin(i / 5) * 30_000))
    expect(refusal(bodyOf({ pcm: samples }))).toMatchObject({ code: 'opaque-blob', path: '$.pcm' })
  })

  it.each([
    ['zip', Buffer.from('504b0304140000000800', 'hex')],
    ['zstd', Buffer.from('28b52ffd2000', 'hex')],
    ['xz', Buffer.from('fd377a585a000004e6d6b446', 'hex')],
    ['bzip2', Buffer.from('425a683931415926535900', 'hex')],
    ['7z', Buffer.from('377abcaf271c0004', 'hex')],
  ])('refuses a %s header in base64 as compressed content', (name, header) => {
    const verdict = refusal(
      bodyOf(uploadWith([Buffer.concat([header, noise(40)]).toString('base64')])),
    )
    expect(verdict).toMatchObject({ code: 'compressed-content' })
    expect(verdict.reason).toContain(name)
  })

  it('cuts a long key in a path so the path does not carry the data', () => {
    const key = 'Z'.repeat(300) + noise(300).toString('base64')
    const verdict = refusal(bodyOf({ metrics: { [key]: 1 } }))
    expect(verdict.path?.length).toBeLessThan(60)
  })

  it('takes partial limits and keeps the defaults for the rest', () => {
    expect(inspectBody(bodyOf({ id: 'a'.repeat(100) }), { maxBase64Run: 50 })).toMatchObject({
      ok: false,
      code: 'opaque-blob',
    })
    expect(inspectBody(bodyOf({ id: 'a'.repeat(100) }))).toMatchObject({ ok: true })
  })
})
