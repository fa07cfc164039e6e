/**
 * The slice of the egress gate analytics uses (DESIGN.md §5). Structural, so the real
 * `EgressGate` fits and tests can stand in for the third-party cloud behind it.
 */
export interface AnalyticsGate {
  send(request: AnalyticsGateRequest): Promise<AnalyticsGateResponse>
}

export interface AnalyticsGateRequest {
  purpose: 'analytics'
  url: string
  method: 'POST'
  headers: Record<string, string>
  body: Uint8Array
}

export interface AnalyticsGateResponse {
  status: number
  headers: Headers | Readonly<Record<string, string>>
  body: Uint8Array
}
