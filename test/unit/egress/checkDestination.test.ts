import { describe, expect, it } from 'vitest'
import { checkDestination } from '../../../src/core/egress/checkDestination'

const allowed = new Set(['https://huggingface.co', 'http://127.0.0.1:8123'])

describe('checkDestination', () => {
  it('accepts https to an allowlisted origin, default port or not', () => {
    expect(checkDestination('https://huggingface.co/a/b.bin', allowed).pathname).toBe('/a/b.bin')
    expect(checkDestination('https://HuggingFace.co:443/x', allowed).origin).toBe(
      'https://huggingface.co',
    )
  })

  it('accepts plain http only on an allowlisted loopback address', () => {
    expect(checkDestination('http://127.0.0.1:8123/m.bin', allowed).host).toBe('127.0.0.1:8123')
    expect(() => checkDestination('http://127.0.0.1:9999/m.bin', allowed)).toThrow(
      expect.objectContaining({ code: 'destination-not-allowed' }),
    )
  })

  it('refuses plain http anywhere else, even to an allowlisted host', () => {
    for (const url of ['http://huggingface.co/x', 'http://localhost:8123/x', 'http://10.0.0.1/']) {
      expect(() => checkDestination(url, allowed)).toThrow(
        expect.objectContaining({ code: 'insecure-url' }),
      )
    }
  })

  it('refuses https to an origin that is not on the allowlist', () => {
    for (const url of ['https://evil.example/x', 'https://huggingface.co.evil.example/x']) {
      expect(() => checkDestination(url, allowed)).toThrow(
        expect.objectContaining({ code: 'destination-not-allowed' }),
      )
    }
  })

  it('refuses other schemes, malformed URLs and credentials in the URL', () => {
    expect(() => checkDestination('ftp://huggingface.co/x', allowed)).toThrow(
      expect.objectContaining({ code: 'insecure-url' }),
    )
    expect(() => checkDestination('not a url', allowed)).toThrow(
      expect.objectContaining({ code: 'invalid-url' }),
    )
    expect(() => checkDestination('https://user:pw@huggingface.co/x', allowed)).toThrow(
      expect.objectContaining({ code: 'invalid-url' }),
    )
  })
})
