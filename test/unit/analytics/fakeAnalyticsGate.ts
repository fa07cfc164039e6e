import type {
  AnalyticsGate,
  AnalyticsGateRequest,
  AnalyticsGateResponse,
} from '../../../src/core/analytics/AnalyticsGate'

/**
 * Stands in for the gate and, behind it, Amplitude's cloud: the one edge unit tests cannot reach.
 * Records every request; answers with `respond` (default: Amplitude's 200).
 */
export function fakeAnalyticsGate(
  respond: (request: AnalyticsGateRequest, n: number) => Promise<AnalyticsGateResponse> = () =>
    Promise.resolve(ok()),
) {
  const requests: AnalyticsGateRequest[] = []
  const gate: AnalyticsGate = {
    send(request) {
      requests.push(request)
      return respond(request, requests.length)
    },
  }
  const bodies = () => requests.map((r) => JSON.parse(new TextDecoder().decode(r.body)) as unknown)
  return { gate, requests, bodies }
}

export function ok(status = 200): AnalyticsGateResponse {
  const body = { code: status, events_ingested: 1, payload_size_bytes: 1, server_upload_time: 1 }
  return { status, headers: {}, body: new TextEncoder().encode(JSON.stringify(body)) }
}

/** Resolves when `check` holds, polling; for batches the SDK sends on its own timer. */
export async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
