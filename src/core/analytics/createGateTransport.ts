import { canonicalJsonText } from '../egress/canonicalJsonText'
import type { AnalyticsGate } from './AnalyticsGate'
import { sdkResponseForError, sdkResponseForStatus } from './sdkResponseFor'
import type { SdkTransport } from './sdkTypes'
import { toWireBatch } from './toWireBatch'

const encoder = new TextEncoder()

/**
 * The SDK's `transportProvider`: every batch goes out through the egress gate (DESIGN.md §5) as
 * plain JSON, never through the SDK's own http/https client. The SDK asks for gzip on Amplitude's
 * own URLs; that is ignored, since the gate inspects the body and refuses compressed content.
 */
export function createGateTransport(deps: {
  gate: AnalyticsGate
  /** Checked per batch: after opt-out or dispose, queued batches are dropped, not sent. */
  isOpen: () => boolean
}): SdkTransport {
  return {
    async send(serverUrl, payload) {
      if (!deps.isOpen()) return null
      const batch = toWireBatch(payload)
      if (batch === undefined) return null
      try {
        const response = await deps.gate.send({
          purpose: 'analytics',
          url: serverUrl,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // The gate sends only canonical JSON (issue 10).
          body: encoder.encode(canonicalJsonText(batch)),
        })
        return sdkResponseForStatus(response.status)
      } catch (error) {
        return sdkResponseForError(error)
      }
    },
  }
}
