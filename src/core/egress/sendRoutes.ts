import type { z } from 'zod'
import { AnalyticsBatch } from '../../shared/analytics'
import { TranscriptUpload } from '../../shared/upload'
import type { SendPurpose } from './SendRequest'

export type SendHeaderName =
  'authorization' | 'idempotency-key' | 'content-type' | 'earshot-install-id'

/** One request shape a purpose may send: anything not described by a route is refused. */
export interface SendRoute {
  readonly method: 'POST' | 'GET' | 'DELETE'
  /** The path after the origin's base path (`/` unless the backend URL has a prefix). */
  readonly path: RegExp
  /** The schema a JSON body must satisfy, or `none` when the request has no body. */
  readonly body: z.ZodType | 'none'
  /** Headers the request must carry; every other header is refused. */
  readonly headers: readonly SendHeaderName[]
  /** Headers the request may carry (older callers leave them out). */
  readonly optionalHeaders?: readonly SendHeaderName[]
  /**
   * The gate adds `Earshot-Audit-Head: seq.hash` of the attempt entry it wrote for the request
   * (docs/handoff/h6.md): the backend keeps every head it sees, so a later rewrite of the local log
   * contradicts a record held elsewhere. Callers can never set that header themselves.
   */
  readonly witnessed?: boolean
  /**
   * For a body that names its installation: `Earshot-Install-Id` must then be that id, so the
   * header carries nothing the inspected body does not already say.
   */
  readonly installIdOf?: (body: unknown) => string
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/**
 * DESIGN.md §4 (the upload contract) and §5 (each purpose has an allowlist of origin, method,
 * content type and a body schema). Paths are fixed strings but for the recording id of a deletion,
 * so a path carries nothing but the id; no route takes a query string.
 */
export const sendRoutes: Readonly<Record<SendPurpose, readonly SendRoute[]>> = {
  upload: [
    {
      method: 'POST',
      path: /^v1\/transcripts$/,
      body: TranscriptUpload,
      headers: ['authorization', 'idempotency-key', 'content-type'],
      optionalHeaders: ['earshot-install-id'],
      witnessed: true,
      installIdOf: (body) => (body as TranscriptUpload).client.installId,
    },
    // `earshot audit verify --witness`: the heads the backend holds for this installation. A read
    // of the backend the uploads go to, so it is filed under `upload`. Not witnessed itself, so an export made before the check still reaches every witnessed head.
    {
      method: 'GET',
      path: new RegExp(`^v1/audit-heads/${uuid}(?:/after/[1-9][0-9]{0,14})?$`),
      body: 'none',
      headers: ['authorization'],
    },
  ],
  deletion: [
    {
      method: 'DELETE',
      path: new RegExp(`^v1/transcripts/${uuid}$`),
      body: 'none',
      headers: ['authorization'],
      optionalHeaders: ['earshot-install-id'],
      witnessed: true,
    },
  ],
  analytics: [
    // Amplitude HTTP V2 API; the key is in the body, so no Authorization header.
    { method: 'POST', path: /^2\/httpapi$/, body: AnalyticsBatch, headers: ['content-type'] },
  ],
  // The contract's health check (`earshot backend check`, Settings): no body, nothing to carry.
  'connection-test': [
    { method: 'GET', path: /^v1\/health$/, body: 'none', headers: ['authorization'] },
  ],
  // Checked against the configured destinations instead (checkDeliveryRequest.ts): no fixed route.
  delivery: [],
}

/** Amplitude's HTTP V2 endpoints, US and EU (developers.amplitude.com, HTTP V2 API). */
export const analyticsOrigins = ['https://api2.amplitude.com', 'https://api.eu.amplitude.com']
