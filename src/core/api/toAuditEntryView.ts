import type { AuditEntryView, AuditPayload } from '../../shared/auditViews'
import type { AuditEntry } from '../audit/types'

export function toAuditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    seq: entry.seq,
    ts: entry.ts,
    kind: entry.kind,
    purpose: entry.purpose,
    destination: entry.destination,
    method: entry.method,
    bytes: entry.bytes,
    payloadSha256: entry.payload_sha256,
    status: entry.status,
    reason: entry.reason,
    hash: entry.hash,
    recordingId: entry.recording_id ?? null,
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** The recorded bytes unaltered: UTF-8 text when they decode cleanly, else base64. */
export function toAuditPayload(payload: Uint8Array | null): AuditPayload | null {
  if (payload === null) return null
  try {
    return { encoding: 'utf8', text: strictUtf8.decode(payload) }
  } catch {
    return { encoding: 'base64', text: Buffer.from(payload).toString('base64') }
  }
}
