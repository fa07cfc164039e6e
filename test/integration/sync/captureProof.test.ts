import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { media, realSpeech } from '../../support/mediaFixtures'
import { runCliProcess } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../transcribe/support/fixtures'
import { decodedViews, findLeakedWindow } from './support/findLeakedWindow'
import { parseHttpRequests } from './support/parseHttpRequests'
import { startCaptureProxy } from './support/startCaptureProxy'
import { BACKEND_TOKEN, startBackend } from './support/startBackend'
import { dataFolderKey } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
let modelPath = ''
beforeAll(async () => {
  modelPath = await microModel()
})

/** What the pipeline hands whisper (16 kHz mono f32), and the common s16 form too. */
function decodePcm(file: string, format: 'f32le' | 's16le'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const args = ['-nostdin', '-loglevel', 'error', '-i', file, '-vn', '-ac', '1', '-ar', '16000']
    const child = spawn('ffmpeg', [...args, '-f', format, 'pipe:1'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.once('error', reject)
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks))
      else reject(new Error(`ffmpeg exited ${code}`))
    })
  })
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('capture proof: what crosses the wire is derived text, and all of it is in the audit log', () => {
  it('the window search finds media however it is wrapped (positive control)', () => {
    const mp4 = readFileSync(media.mp4)
    const slice = mp4.subarray(4000, 4064)
    const wrapped = [
      Buffer.concat([Buffer.from('{"a":"'), slice, Buffer.from('"}')]),
      Buffer.from(`{"a":"${slice.toString('base64')}"}`),
      Buffer.from(`{"a":"${slice.toString('base64url')}"}`),
      Buffer.from(`{"a":"${slice.toString('hex')}"}`),
      Buffer.from(`{"a":"${gzipSync(slice).toString('base64')}"}`),
      Buffer.concat([Buffer.from('POST / HTTP/1.1\r\n\r\n'), gzipSync(slice)]),
    ]
    for (const capture of wrapped) {
      expect(findLeakedWindow(mp4, decodedViews(capture))).toBeGreaterThanOrEqual(0)
    }
    expect(findLeakedWindow(mp4, decodedViews(Buffer.from('{"text":"hello"}')))).toBe(-1)
  })

  it('uploads a video and real speech through a recording TCP proxy: no media, every body audited', async () => {
    const server = await startBackend(tempDir())
    cleanups.push(() => server.close())
    const proxy = await startCaptureProxy(Number(new URL(server.url).port))
    cleanups.push(() => proxy.close())
    const dataDir = tempDir()
    const cli = (...args: string[]) =>
      runCliProcess([...args, '--data-dir', dataDir, '--json'], {
        EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN,
      })

    expect((await cli('config', 'set', 'backend.url', proxy.url)).code).toBe(0)
    const files = [media.mp4, realSpeech.jfkWav]
    const imported = await cli('import', ...files, '--model', modelPath)
    expect(imported.code, imported.stderr).toBe(0)
    const uploaded = await cli('upload', '--all')
    expect(uploaded.code, uploaded.stderr).toBe(0)
    const outcomes = JSON.parse(uploaded.stdout) as { id: string; state: string }[]
    expect(outcomes.map((o) => o.state)).toEqual(['done', 'done'])
    expect(await server.backend.store.count()).toBe(2)

    const streams = proxy.streams()
    const requests = streams.flatMap(parseHttpRequests)
    const withBody = requests.filter((r) => r.body.length > 0)
    expect(withBody.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/transcripts',
      'POST /v1/transcripts',
    ])
    // The capture is real: what the backend stored is there, byte for byte.
    for (const { id } of outcomes) {
      const stored = (await server.backend.store.get(id))?.payload ?? '∅'
      expect(withBody.some((r) => r.body.toString('utf8') === stored)).toBe(true)
    }

    // Every body that crossed the wire was written to the audit log first, exactly.
    const audit = AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) })
    const attempts = audit.list({ kind: 'attempt', limit: 10_000 })
    audit.close()
    const audited = new Map(attempts.map((e) => [e.payload_sha256, e.payload]))
    for (const request of withBody) {
      const digest = sha256(request.body)
      expect(audited.has(digest), `unaudited body ${digest}`).toBe(true)
      expect(Buffer.from(audited.get(digest) ?? new Uint8Array()).equals(request.body)).toBe(true)
    }

    // Nothing of the media: not a 32-byte window of the files or of their decoded audio, raw or
    // under base64, base64url, hex, JSON escapes, gzip or zlib.
    const views = streams.flatMap(decodedViews)
    const secrets: [string, Buffer][] = [
      ['mp4 file', readFileSync(media.mp4)],
      ['wav file', readFileSync(realSpeech.jfkWav)],
    ]
    for (const file of files) {
      secrets.push([`${file} f32 PCM`, await decodePcm(file, 'f32le')])
      secrets.push([`${file} s16 PCM`, await decodePcm(file, 's16le')])
    }
    for (const [name, secret] of secrets) {
      expect(secret.length).toBeGreaterThan(10_000)
      expect(findLeakedWindow(secret, views), name).toBe(-1)
    }
  })
})
