import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { EgressGate } from '../../egress/EgressGate'
import { EgressError } from '../../egress/EgressError'
import { modelCatalog, type ModelCatalog, type ModelChecksum } from './modelCatalog'
import { ModelDownloadError } from './ModelDownloadError'

export interface DownloadProgress {
  /** Bytes of the model on disk so far, including a resumed prefix. */
  bytes: number
  total: number
}

export interface DownloadModelOptions {
  name: string
  destDir: string
  gate: Pick<EgressGate, 'download'>
  onProgress?: (progress: DownloadProgress) => void
  signal?: AbortSignal
  /** Where names are looked up; the real catalogue unless a test points it at a local server. */
  catalog?: ModelCatalog
}

export interface DownloadedModel {
  path: string
  bytes: number
  /** False when a verified copy was already there and nothing was fetched. */
  downloaded: boolean
}

/** The file a catalogued model is saved as, whisper.cpp's own name for it. */
export function modelFileName(name: string): string {
  return `ggml-${name}.bin`
}

/**
 * Fetches a catalogued model through the egress gate into `<dest>.partial`, resuming from what
 * an earlier attempt left there, and renames it to `<dest>` only once its checksum matches. A
 * failed connection keeps the partial for the next attempt; a wrong file is deleted.
 */
export async function downloadModel(options: DownloadModelOptions): Promise<DownloadedModel> {
  const catalog = options.catalog ?? modelCatalog
  const entry = Object.hasOwn(catalog, options.name) ? catalog[options.name] : undefined
  if (entry === undefined) {
    throw new ModelDownloadError(
      'unknown-model',
      `Unknown model "${options.name}". Known models: ${Object.keys(catalog).join(', ')}.`,
    )
  }
  const [algorithm, expected] = digestOf(entry.checksum)
  const path = join(options.destDir, modelFileName(options.name))
  const partial = `${path}.partial`
  await mkdir(options.destDir, { recursive: true })

  if ((await sizeOf(path)) === entry.bytes) {
    const hash = createHash(algorithm)
    await hashPrefix(hash, path, entry.bytes, options.signal)
    if (hash.digest('hex') === expected) return { path, bytes: entry.bytes, downloaded: false }
  }

  let offset = (await sizeOf(partial)) ?? 0
  if (offset > entry.bytes) offset = 0
  let digest: string | undefined
  if (offset === entry.bytes) {
    // Complete but never renamed (stopped between the last byte and the rename): no request.
    const hash = createHash(algorithm)
    await hashPrefix(hash, partial, offset, options.signal)
    digest = hash.digest('hex')
    if (digest !== expected) [digest, offset] = [undefined, 0]
  }
  for (let attempt = 0; digest === undefined; attempt++) {
    const canRestart = attempt === 0 && offset > 0
    try {
      digest = await fetchInto(partial, offset, options, entry.url, entry.bytes, algorithm)
    } catch (error) {
      // RFC 9110 §15.5.17: 416 means the partial does not fit the file the server has now.
      const unsatisfiable = error instanceof EgressError && error.status === 416
      if (!canRestart || !unsatisfiable) throw error
    }
    if (digest === undefined) {
      if (!canRestart) {
        throw new ModelDownloadError(
          'unexpected-response',
          `The server did not resume ${options.name} where the partial download ended.`,
        )
      }
      offset = 0
    }
  }

  if (digest !== expected) {
    await rm(partial, { force: true })
    throw new ModelDownloadError(
      'checksum-mismatch',
      `The downloaded ${options.name} model is corrupt (${algorithm} ${digest}, expected ${expected}); deleted it, try again.`,
    )
  }
  // Atomic on one file system: a model path either holds a verified file or nothing.
  await rename(partial, path)
  return { path, bytes: entry.bytes, downloaded: true }
}

/**
 * One request: appends to the partial from `offset` (or rewrites it, if the server sends the
 * whole file) and returns the digest of the complete file, or undefined when the server answered
 * a range other than the one asked for.
 */
async function fetchInto(
  partial: string,
  offset: number,
  options: DownloadModelOptions,
  url: string,
  total: number,
  algorithm: 'sha256' | 'sha1',
): Promise<string | undefined> {
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {}
  return options.gate.download(
    { purpose: 'model-download', url, headers, signal: options.signal },
    async (response) => {
      let start: number
      if (response.status === 206) {
        start = rangeStart(response.headers.get('content-range')) ?? -1
        if (start !== offset) return undefined
      } else if (response.status === 200) {
        // RFC 9110 §14.2: a server may ignore Range and send it all; start over, then.
        start = 0
      } else {
        throw new ModelDownloadError(
          'unexpected-response',
          `The model server answered ${response.status} instead of the file.`,
        )
      }

      const hash = createHash(algorithm)
      if (start > 0) await hashPrefix(hash, partial, start, options.signal)
      const file = await open(partial, start > 0 ? 'r+' : 'w')
      let position = start
      try {
        await file.truncate(start)
        options.onProgress?.({ bytes: position, total })
        for await (const chunk of response.body) {
          if (position + chunk.byteLength > total) {
            await file.close()
            await rm(partial, { force: true })
            throw new ModelDownloadError(
              'size-mismatch',
              `The server sent more than the ${total} bytes the model should have; deleted it.`,
            )
          }
          await file.write(chunk, 0, chunk.byteLength, position)
          hash.update(chunk)
          position += chunk.byteLength
          options.onProgress?.({ bytes: position, total })
        }
        // Flush before the rename makes the file visible under its final name.
        await file.sync()
      } finally {
        await file.close().catch(() => undefined)
      }
      if (position < total) {
        throw new ModelDownloadError(
          'incomplete-download',
          `The download stopped at ${position} of ${total} bytes; run it again to resume.`,
        )
      }
      return hash.digest('hex')
    },
  )
}

function digestOf(checksum: ModelChecksum): ['sha256' | 'sha1', string] {
  return 'sha256' in checksum ? ['sha256', checksum.sha256] : ['sha1', checksum.sha1]
}

/** `bytes 100-199/200` → 100 (RFC 9110 §14.4). */
function rangeStart(contentRange: string | null): number | undefined {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(contentRange?.trim() ?? '')
  return match?.[1] === undefined ? undefined : Number(match[1])
}

async function hashPrefix(
  hash: Hash,
  path: string,
  bytes: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  for await (const chunk of createReadStream(path, { end: bytes - 1, signal })) {
    hash.update(chunk as Buffer)
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
