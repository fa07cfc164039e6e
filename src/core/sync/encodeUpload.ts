import { canonicalJsonText } from '../egress/canonicalJsonText'
import type { TranscriptUpload } from '../../shared/upload'

/**
 * The exact bytes of an upload: UTF-8 canonical JSON (RFC 8785), the form the dry run prints, the
 * queue stores and the egress gate insists on (it refuses any other spelling of the same value).
 */
export function encodeUpload(upload: TranscriptUpload): Uint8Array {
  return new TextEncoder().encode(canonicalJsonText(upload))
}
