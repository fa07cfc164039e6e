import { createHash } from 'node:crypto'

/**
 * The Idempotency-Key of an upload, derived from its payload (issue 10): a random UUID would carry
 * 122 free bits per request past the body's budget; this one carries none. A UUID version 8
 * (RFC 9562 §5.8, "custom") from SHA-256 of the payload's digest: the same bytes always travel
 * under the same key, so the backend's replay protection works as before.
 */
export function deriveIdempotencyKey(payloadSha256: string): string {
  const hash = createHash('sha256').update(`earshot-idempotency-key/v1\n${payloadSha256}`).digest()
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
