import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { respondWithMedia } from '../../../src/main/respondWithMedia'
import { useTempDir } from '../../support/tempDir'

const ID = '3f1c7a52-9d1e-4b8e-8f43-2a6b1c0d9e77'
const tempDir = useTempDir('earshot-media-')

describe('earshot-media: protocol (respondWithMedia)', () => {
  let bytes: Buffer
  let sources: Map<string, string>
  let secret: string

  beforeEach(() => {
    const dir = tempDir()
    bytes = randomBytes(1000)
    const file = join(dir, 'call.mp4')
    writeFileSync(file, bytes)
    secret = join(dir, 'secret.txt')
    writeFileSync(secret, 'not a recording')
    sources = new Map([[ID, file]])
  })

  const ask = (url: string, init: RequestInit = {}): Promise<Response> =>
    respondWithMedia(new Request(url, init), { sourcePathOf: (id) => sources.get(id) })

  const body = async (response: Response): Promise<Buffer> =>
    Buffer.from(await response.arrayBuffer())

  it('serves the whole recording with its type and an invitation to ask for ranges', async () => {
    const response = await ask(`earshot-media://recording/${ID}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('video/mp4')
    expect(response.headers.get('accept-ranges')).toBe('bytes')
    expect(response.headers.get('content-length')).toBe('1000')
    expect((await body(response)).equals(bytes)).toBe(true)
  })

  it('answers a byte range with 206, Content-Range and exactly those bytes', async () => {
    const response = await ask(`earshot-media://recording/${ID}`, {
      headers: { range: 'bytes=100-199' },
    })
    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000')
    expect(response.headers.get('content-length')).toBe('100')
    expect((await body(response)).equals(bytes.subarray(100, 200))).toBe(true)
  })

  it('answers an open-ended range to the end of the file', async () => {
    const response = await ask(`earshot-media://recording/${ID}`, {
      headers: { range: 'bytes=990-' },
    })
    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe('bytes 990-999/1000')
    expect((await body(response)).equals(bytes.subarray(990))).toBe(true)
  })

  it('answers a suffix range with the last bytes', async () => {
    const response = await ask(`earshot-media://recording/${ID}`, {
      headers: { range: 'bytes=-10' },
    })
    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe('bytes 990-999/1000')
    expect((await body(response)).equals(bytes.subarray(990))).toBe(true)
  })

  it.each(['bytes=1000-', 'bytes=5000-6000', 'bytes=-0', 'bytes=50-10'])(
    'refuses the unsatisfiable range %s with 416 and the size',
    async (range) => {
      const response = await ask(`earshot-media://recording/${ID}`, { headers: { range } })
      expect(response.status).toBe(416)
      expect(response.headers.get('content-range')).toBe('bytes */1000')
      expect((await body(response)).length).toBe(0)
    },
  )

  it('answers a malformed Range header with the whole file (RFC 9110 §14.2)', async () => {
    const response = await ask(`earshot-media://recording/${ID}`, {
      headers: { range: 'bytes=abc' },
    })
    expect(response.status).toBe(200)
    expect((await body(response)).length).toBe(1000)
  })

  it('answers HEAD with the headers of the range and no body', async () => {
    const response = await ask(`earshot-media://recording/${ID}`, {
      method: 'HEAD',
      headers: { range: 'bytes=0-9' },
    })
    expect(response.status).toBe(206)
    expect(response.headers.get('content-length')).toBe('10')
    expect(response.body).toBeNull()
  })

  it('answers 404 for an id no recording has', async () => {
    const response = await ask('earshot-media://recording/9b2e0c1a-0000-4000-8000-000000000000')
    expect(response.status).toBe(404)
  })

  it('answers 404 when the imported file has gone', async () => {
    sources.set(ID, join(tempDir(), 'moved-away.mp4'))
    expect((await ask(`earshot-media://recording/${ID}`)).status).toBe(404)
  })

  it.each([
    (secretPath: string) => `earshot-media://recording/${encodeURIComponent(secretPath)}`,
    () => 'earshot-media://recording/..%2f..%2fetc%2fpasswd',
    () => `earshot-media://recording/${ID}/../../etc/passwd`,
    () => `earshot-media://recording/${ID}%2f..%2fsecret.txt`,
    () => `earshot-media://file/${ID}`,
    () => `app://earshot/${ID}`,
  ])('serves nothing for a path or a foreign shape of URL (%#)', async (makeUrl) => {
    // The lookup would hand out any file it were asked for; the URL must never reach it with one.
    const asked: string[] = []
    const response = await respondWithMedia(new Request(makeUrl(secret)), {
      sourcePathOf: (id) => {
        asked.push(id)
        return secret
      },
    })
    expect(response.status).toBe(404)
    expect(asked).toEqual([])
  })

  it('refuses a request that says it comes from another origin', async () => {
    const response = await ask(`earshot-media://recording/${ID}`, {
      headers: { origin: 'https://evil.example' },
    })
    expect(response.status).toBe(403)
    const viaReferer = await ask(`earshot-media://recording/${ID}`, {
      headers: { referer: 'https://evil.example/page' },
    })
    expect(viaReferer.status).toBe(403)
  })

  it('serves the app window, whose page is the Referer', async () => {
    const response = await ask(`earshot-media://recording/${ID}`, {
      headers: { referer: 'app://earshot/index.html', origin: 'app://earshot' },
    })
    expect(response.status).toBe(200)
  })

  it('accepts GET and HEAD only', async () => {
    const response = await ask(`earshot-media://recording/${ID}`, { method: 'POST', body: 'x' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
  })

  it('serves an empty recording as an empty 200', async () => {
    const empty = join(tempDir(), 'empty.wav')
    writeFileSync(empty, '')
    sources.set(ID, empty)
    const response = await ask(`earshot-media://recording/${ID}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('audio/wav')
    expect(response.headers.get('content-length')).toBe('0')
  })
})
