import { createHmac, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from './canonicalJson'
import type { AuditHead } from './types'

/** The key store name of the installation's seal key. */
export const SEAL_KEY_NAME = 'audit-seal'

// Domain-separated like the entry hash (RFC 6962 §2.1), so a seal can never be replayed as an
// HMAC of anything else keyed the same way.
const DOMAIN = 'earshot-audit-seal-v1\0'

/**
 * seal = lowercase hex HMAC-SHA256 (RFC 2104) under the seal key of the UTF-8 bytes of
 *          "earshot-audit-seal-v1" NUL ‖ canonicalJson({"hash": hash, "seq": seq})
 * It binds a head (and each row past the head) to a key kept in the OS keychain, so rewriting the
 * log and its head file needs the keychain as well as the files.
 */
export function sealHead(key: Uint8Array, head: Pick<AuditHead, 'seq' | 'hash'>): string {
  return createHmac('sha256', key)
    .update(DOMAIN + canonicalJson({ hash: head.hash, seq: head.seq }))
    .digest('hex')
}

export function sealMatches(key: Uint8Array, head: AuditHead): boolean {
  if (head.seal === undefined || !/^[0-9a-f]{64}$/.test(head.seal)) return false
  return timingSafeEqual(Buffer.from(sealHead(key, head), 'hex'), Buffer.from(head.seal, 'hex'))
}
