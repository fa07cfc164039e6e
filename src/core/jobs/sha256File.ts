import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** Streams the file through SHA-256: recordings can be gigabytes, so never read them whole. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { signal, highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}
