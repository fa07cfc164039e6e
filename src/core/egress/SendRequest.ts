/** Purposes whose requests carry JSON out (DESIGN.md §5); model downloads use `download`. */
export type SendPurpose = 'upload' | 'deletion' | 'analytics' | 'delivery' | 'connection-test'

export interface SendRequest {
  purpose: SendPurpose
  /** In canonical form (what `new URL(url).href` gives back); anything else is refused. */
  url: string
  method: string
  headers?: Readonly<Record<string, string>>
  /** JSON bytes, sent exactly as given (the gate copies them first). */
  body?: Uint8Array
  signal?: AbortSignal
  /**
   * The local recording the request is about (an upload or a deletion): its audit payloads are
   * then sealed under that recording's key and erased with it (docs/audit-format.md).
   */
  recordingId?: string
}

/** The answer, whatever its status except 3xx (a redirect is refused, never followed). */
export interface SendResponse {
  status: number
  headers: Headers
  body: Uint8Array
  /**
   * The attempt entry's head, when the route is witnessed and the sink is chained: what was sent as
   * `Earshot-Audit-Head`, so the caller can check the receipt names the same one.
   */
  auditHead?: { seq: number; hash: string }
}

/** One request's part of `sendEach`: the answer, or what `send` would have thrown. */
export type SendResult = { ok: true; response: SendResponse } | { ok: false; error: unknown }
