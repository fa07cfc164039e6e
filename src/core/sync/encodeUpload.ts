import type { TranscriptUpload } from '../../shared/upload'

/** The exact bytes of an upload: UTF-8 JSON, the form the dry run prints and the queue stores. */
export function encodeUpload(upload: TranscriptUpload): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(upload))
}
