/**
 * The part of the egress gate sync uses (DESIGN.md §5): one request, body as exact bytes, answered
 * with status, headers and body whatever the status. Typed here rather than imported so sync
 * depends on the shape, not the gate's other duties, and tests can hand in a stand-in.
 */
export interface EgressSendRequest {
  purpose: 'upload' | 'deletion' | 'connection-test'
  url: string
  method: 'POST' | 'DELETE' | 'GET'
  headers: Record<string, string>
  body?: Uint8Array
  signal?: AbortSignal
  /** The local recording the request is about (audited and erased with it). */
  recordingId?: string
}

export interface EgressSendResponse {
  status: number
  headers: Headers
  body: Uint8Array
  /** The attempt entry's head the gate sent as `Earshot-Audit-Head` (witnessed routes only). */
  auditHead?: { seq: number; hash: string }
}

/** One request's part of `sendEach`: the answer, or what `send` would have thrown. */
export type EgressSendResult =
  { ok: true; response: EgressSendResponse } | { ok: false; error: unknown }

export interface EgressSender {
  send(request: EgressSendRequest): Promise<EgressSendResponse>
  /**
   * Requests sent one after another, their attempts audited in one write before the first starts
   * (EgressGate.sendEach). Optional: without it, each goes through `send`.
   */
  sendEach?(requests: readonly EgressSendRequest[]): Promise<EgressSendResult[]>
}
