import { gzipSync, deflateSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { inspectBody } from '../../../src/core/egress/policy/inspectBody'
import { bodyOf, uploadWith } from './bodyOf'
import { MEDIA_FORMATS, type MediaFormat, mediaSample } from './mediaSamples'

const formats = Object.keys(MEDIA_FORMATS) as MediaFormat[]

/** Long enough for three MPEG/ADTS frames, short enough to stay under the key and field limits. */
const HEAD_BYTES = 700

function chunks<T extends { length: number; slice(a: number, b: number): T }>(
  value: T,
  n: number,
): T[] {
  const size = Math.ceil(value.length / n)
  return Array.from({ length: Math.ceil(value.length / size) }, (_, i) =>
    value.slice(i * size, (i + 1) * size),
  )
}

const percent = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('')

/** Each attack turns media bytes into a body, and names the refusal code it must get. */
const attacks: Record<string, { code: string; body: (media: Buffer) => Uint8Array }> = {
  'raw bytes as the body': { code: 'media-signature', body: (m) => m },
  'base64 in a segment': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith(['Hi there.', m.toString('base64')])),
  },
  'base64url without padding in a segment': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith([m.toString('base64url')])),
  },
  'base64 of the header only (under the blob limit)': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith([`see ${m.subarray(0, HEAD_BYTES).toString('base64')} ok`])),
  },
  'base64 wrapped at 76 columns (MIME)': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith([chunks(m.toString('base64'), m.length / 57).join('\r\n')])),
  },
  'base64 with a space every 8 characters': {
    code: 'media-signature',
    body: (m) =>
      bodyOf(
        uploadWith([
          m
            .subarray(0, HEAD_BYTES)
            .toString('base64')
            .replace(/(.{8})/g, '$1 '),
        ]),
      ),
  },
  'lowercase hex': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith([m.subarray(0, HEAD_BYTES).toString('hex')])),
  },
  'uppercase hex': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith([m.toString('hex').toUpperCase()])),
  },
  'hex bytes separated by spaces (a hex dump)': {
    code: 'media-signature',
    body: (m) =>
      bodyOf(uploadWith([m.subarray(0, HEAD_BYTES).toString('hex').replace(/(..)/g, '$1 ')])),
  },
  'C-style 0x bytes without zero padding': {
    code: 'media-signature',
    body: (m) =>
      bodyOf(
        uploadWith([
          Array.from(m.subarray(0, HEAD_BYTES), (b) => `0x${b.toString(16)}`).join(', '),
        ]),
      ),
  },
  'percent-encoding': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith([percent(m.subarray(0, HEAD_BYTES))])),
  },
  'double percent-encoding': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith([percent(m.subarray(0, HEAD_BYTES)).replaceAll('%', '%25')])),
  },
  'base64 split across 50 segments': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith(chunks(m.subarray(0, 2000).toString('base64'), 50))),
  },
  'each of 50 chunks base64-encoded on its own (padded)': {
    code: 'media-signature',
    body: (m) =>
      bodyOf(uploadWith(chunks(m.subarray(0, 2000), 50).map((c) => c.toString('base64')))),
  },
  'hex split across 50 segments': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith(chunks(m.subarray(0, 1000).toString('hex'), 50))),
  },
  'gzip then base64': {
    code: 'compressed-content',
    body: (m) => bodyOf(uploadWith([gzipSync(m).toString('base64')])),
  },
  'zlib then base64': {
    code: 'compressed-content',
    body: (m) => bodyOf(uploadWith([deflateSync(m).toString('base64')])),
  },
  'base64 inside an object key': {
    code: 'media-signature',
    body: (m) =>
      bodyOf(
        uploadWith(['ok'], { metrics: { [m.subarray(0, HEAD_BYTES).toString('base64')]: 1 } }),
      ),
  },
  'a JSON array of byte numbers': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith(['ok'], { summary: Array.from(m) })),
  },
  'byte numbers spread over objects': {
    code: 'media-signature',
    body: (m) => bodyOf({ events: Array.from(m.subarray(0, HEAD_BYTES), (b) => ({ v: b })) }),
  },
  'a string of decimal byte values': {
    code: 'media-signature',
    body: (m) => bodyOf(uploadWith([Array.from(m.subarray(0, 600)).join(', ')])),
  },
  '\\u0000-style JSON escapes of each byte': {
    code: 'control-characters',
    body: (m) => bodyOf(uploadWith([m.subarray(0, 200).toString('latin1')])),
  },
  'base64 of the hex': {
    code: 'media-signature',
    body: (m) =>
      bodyOf(
        uploadWith([Buffer.from(m.subarray(0, HEAD_BYTES).toString('hex')).toString('base64')]),
      ),
  },
}

describe('inspectBody refuses media however it is encoded', () => {
  const samples = new Map<MediaFormat, Buffer>()
  beforeAll(() => {
    for (const format of formats) samples.set(format, mediaSample(format))
  })

  for (const [attack, { code, body }] of Object.entries(attacks)) {
    it.each(formats)(`${attack}: %s`, (format) => {
      const media = samples.get(format)
      if (media === undefined) throw new Error(`no sample for ${format}`)
      const verdict = inspectBody(body(media))
      expect(verdict.ok, attack).toBe(false)
      if (!verdict.ok) expect(verdict.code, verdict.reason).toBe(code)
    })
  }

  it('names the signature, the encoding and the field', () => {
    const mp4 = mediaSample('mp4 (AAC)')
    const verdict = inspectBody(
      bodyOf(uploadWith(['Hello.', mp4.subarray(0, 64).toString('base64')])),
    )
    expect(verdict).toEqual({
      ok: false,
      code: 'media-signature',
      path: '$.segments[1].text',
      reason: 'The string at $.segments[1].text contains media (ISO-BMFF ftyp box in base64).',
    })
  })

  it('a slice from the middle of an mp4 is still recognised by its mdat box', () => {
    const mp4 = mediaSample('mp4 (AAC)')
    const verdict = inspectBody(bodyOf({ text: mp4.subarray(28, 600).toString('base64') }))
    expect(verdict).toMatchObject({ ok: false, code: 'media-signature' })
    if (!verdict.ok) expect(verdict.reason).toMatch(/mdat/)
  })

  it('a split blob gets no path but says it was found across the strings', () => {
    const wav = mediaSample('wav')
    const pieces = chunks(wav.subarray(0, 120).toString('base64'), 40)
    const verdict = inspectBody(bodyOf(uploadWith(pieces)))
    expect(verdict).toMatchObject({ ok: false, code: 'media-signature' })
    if (!verdict.ok) {
      expect(verdict.path).toBeUndefined()
      expect(verdict.reason).toMatch(/concatenation of the body's strings/)
    }
  })
})
