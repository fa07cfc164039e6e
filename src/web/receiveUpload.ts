import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { BodyError } from './readJsonBody'
import { safeFileName } from './safeFileName'

/**
 * Streams an uploaded file to `<importsDir>/<uuid>/<name>` without holding it in memory, stopping
 * at `maxBytes`. Loopback only: the bytes go from the browser to this machine's disk and no
 * further. Each upload has its own folder so equal names never collide and removal is exact.
 */
export async function receiveUpload(
  req: IncomingMessage,
  importsDir: string,
  maxBytes: number,
): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  const rawName = req.headers['x-earshot-filename']
  const name = safeFileName(typeof rawName === 'string' ? decodeName(rawName) : '')
  const dir = join(importsDir, randomUUID())
  await mkdir(dir, { recursive: true })
  const path = join(dir, name)
  let received = 0
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length
      done(received > maxBytes ? tooLarge(maxBytes) : null, chunk)
    },
  })
  try {
    await pipeline(req, cap, createWriteStream(path, { flags: 'wx' }))
    if (received === 0) throw new BodyError(400, 'empty-file', `${name} is empty (0 bytes).`)
    return path
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}

function tooLarge(maxBytes: number): BodyError {
  const gib = (maxBytes / 2 ** 30).toFixed(1)
  return new BodyError(413, 'too-large', `The file is larger than the ${gib} GiB web mode accepts.`)
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return ''
  }
}
