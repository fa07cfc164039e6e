import { blocked } from './checkSendRequest'

/** A file the model-download purpose may fetch: its URL exactly, and its size. */
export interface CatalogFile {
  readonly url: string
  readonly bytes: number
}

/** `bytes=N-` (RFC 9110 §14.1.2): resume from N; the only Range form a resume needs. */
const RESUME_RANGE = /^bytes=(\d{1,15})-$/

/**
 * The model-download purpose's own bound (issue 10, finding 3): a request names one of the
 * catalogue's fixed URLs, exactly, with no query or fragment, and carries at most a Range header
 * resuming inside that file. Nothing else a caller writes reaches the wire, so a download carries
 * at most log2(catalogue size) + log2(file size) bits. Redirects are the server's words, not the
 * caller's, and are checked hop by hop by the gate.
 */
export function checkDownloadRequest(
  target: string,
  headers: Readonly<Record<string, string>>,
  catalog: readonly CatalogFile[],
): CatalogFile {
  if (target.includes('?') || target.includes('#')) {
    throw blocked('query-not-allowed', 'A model download URL carries no query string or fragment.')
  }
  const file = catalog.find((entry) => entry.url === target)
  if (file === undefined) {
    throw blocked('not-in-catalog', 'Only the model catalogue’s own URLs can be downloaded.')
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'range') continue
    const start = RESUME_RANGE.exec(value)?.[1]
    if (start === undefined || Number(start) <= 0 || Number(start) >= file.bytes) {
      throw blocked(
        'range-not-allowed',
        'A download’s Range must be `bytes=N-` with N inside the file.',
      )
    }
  }
  return file
}
