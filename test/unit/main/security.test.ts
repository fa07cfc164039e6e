import { describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  isAllowedExternalUrl,
  isAllowedRequestUrl,
  isAppPageUrl,
  isAppTopFrame,
  privilegedSchemes,
} from '../../../src/main/security'

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/)
      return [name, values]
    }),
  )
}

describe('the Content-Security-Policy (checklist 7)', () => {
  const csp = directives(CONTENT_SECURITY_POLICY)

  it('defaults to the app itself and lets scripts come from nowhere else, never eval', () => {
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval')
  })

  it('connects only to the app itself', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"])
  })

  it('plays media only from earshot-media:', () => {
    expect(csp.get('media-src')).toEqual(['earshot-media:'])
  })

  it('allows no plugins, frames, workers, forms, base changes or framing', () => {
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('frame-src')).toEqual(["'none'"])
    expect(csp.get('worker-src')).toEqual(["'none'"])
    expect(csp.get('form-action')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('names no network scheme or wildcard anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*|blob:|filesystem:/)
  })
})

describe('the privileged schemes (checklist 18)', () => {
  it('registers the app scheme and the media scheme, neither bypassing the CSP', () => {
    expect(privilegedSchemes.map((s) => s.scheme)).toEqual(['app', 'earshot-media'])
    for (const { privileges } of privilegedSchemes) {
      expect(privileges.standard).toBe(true)
      expect(privileges.secure).toBe(true)
      expect('bypassCSP' in privileges ? privileges.bypassCSP : false).toBe(false)
    }
  })

  it('lets the media scheme stream so the player can seek', () => {
    const media = privilegedSchemes.find((s) => s.scheme === 'earshot-media')
    expect(media?.privileges).toMatchObject({ stream: true })
  })
})

describe('isAllowedRequestUrl (what session.webRequest lets through)', () => {
  it.each([
    'app://earshot/index.html',
    'app://earshot/assets/index-abc.js',
    'earshot-media://recording/3f1c7a52-9d1e-4b8e-8f43-2a6b1c0d9e77',
    'devtools://devtools/bundled/inspector.html',
  ])('lets %s through', (url) => {
    expect(isAllowedRequestUrl(url)).toBe(true)
  })

  it.each([
    'https://api.amplitude.com/2/httpapi',
    'http://127.0.0.1:8080/v1/transcripts',
    'ws://127.0.0.1:9000/',
    'file:///etc/passwd',
    'ftp://example.com/',
    'app://earshot.evil.example/index.html',
    'app://other/index.html',
    'earshot-media://elsewhere/x',
    'data:text/html,<script>1</script>',
    'not a url',
  ])('cancels %s', (url) => {
    expect(isAllowedRequestUrl(url)).toBe(false)
  })
})

describe('isAppTopFrame (the IPC sender check)', () => {
  it('accepts the app page in the top frame', () => {
    expect(isAppTopFrame({ url: 'app://earshot/index.html#/library', parent: null })).toBe(true)
  })

  it.each([
    ['a subframe of the app', { url: 'app://earshot/index.html', parent: {} }],
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a look-alike host', { url: 'app://earshot.evil/index.html', parent: null }],
    ['a file page', { url: 'file:///tmp/x.html', parent: null }],
    ['no frame (destroyed)', null],
  ])('refuses %s', (_name, frame) => {
    expect(isAppTopFrame(frame)).toBe(false)
  })

  it('names pages of the app scheme on its own host only', () => {
    expect(isAppPageUrl('app://earshot/')).toBe(true)
    expect(isAppPageUrl('app://earshotx/')).toBe(false)
  })
})

describe('isAllowedExternalUrl (checklist 15: openExternal)', () => {
  it.each(['https://github.com/earshot/earshot#readme', 'https://huggingface.co/ggerganov'])(
    'allows %s',
    (url) => {
      expect(isAllowedExternalUrl(url)).toBe(true)
    },
  )

  it.each([
    'http://github.com/',
    'https://github.com.evil.example/',
    'https://user:pass@github.com/',
    'https://github.com:8443/',
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'https://evil.example/',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false)
  })
})
