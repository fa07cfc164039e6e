import type { z } from 'zod'
import { CoreError } from '../CoreError'
import {
  AuditHeadsResponse,
  DeletionReceipt,
  HealthResponse,
  UploadReceipt,
  type WitnessedHead,
} from '../../shared/upload'
import { describeBackendFailure } from './describeBackendFailure'
import type { EgressSendRequest, EgressSendResponse, EgressSender } from './EgressSender'

/** One upload as `postTranscripts` takes it. */
export interface TranscriptPost {
  payload: Uint8Array
  idempotencyKey: string
  recordingId?: string
}

export interface BackendClientDeps {
  gate: EgressSender
  /** `backend.url`; null when the user has not set one. */
  baseUrl: string | null
  /** From the OS keychain (app) or `EARSHOT_BACKEND_TOKEN` (CLI); never a setting. */
  token: string | undefined
  /**
   * This installation's id, sent as `Earshot-Install-Id` so the backend files the audit heads it
   * witnesses under it (the same id uploads carry in `client.installId`). Read when first needed.
   */
  installId?: () => string
  /** Told every head a backend confirmed in a receipt (SyncService keeps them). */
  onWitnessed?: (head: WitnessedHead & { witnessedAt: string }) => void
}

/**
 * The upload contract (DESIGN.md §4) from the client's side, every request through the gate.
 * Answers are validated with the shared zod schemas before anything trusts them.
 */
export class BackendClient {
  constructor(private readonly deps: BackendClientDeps) {}

  /** `POST /v1/transcripts` with the exact queued bytes under their idempotency key. */
  async postTranscript(
    payload: Uint8Array,
    idempotencyKey: string,
    signal?: AbortSignal,
    recordingId?: string,
  ): Promise<UploadReceipt> {
    const response = await this.deps.gate.send(
      this.transcriptRequest({ payload, idempotencyKey, recordingId }, signal),
    )
    return this.uploadReceipt(response)
  }

  /**
   * Several `postTranscript`s, sent one after another with their attempts audited in one write
   * (EgressSender.sendEach); each settles on its own: a receipt, or the error postTranscript would
   * have thrown.
   */
  async postTranscripts(
    uploads: readonly TranscriptPost[],
    signal?: AbortSignal,
  ): Promise<PromiseSettledResult<UploadReceipt>[]> {
    const gate = this.deps.gate
    if (gate.sendEach === undefined) {
      const settled: PromiseSettledResult<UploadReceipt>[] = []
      for (const upload of uploads) {
        try {
          const receipt = await this.postTranscript(
            upload.payload,
            upload.idempotencyKey,
            signal,
            upload.recordingId,
          )
          settled.push({ status: 'fulfilled', value: receipt })
        } catch (reason) {
          settled.push({ status: 'rejected', reason })
        }
      }
      return settled
    }
    const requests = uploads.map((upload) => this.transcriptRequest(upload, signal))
    return (await gate.sendEach(requests)).map((result) => {
      try {
        if (!result.ok) throw result.error
        return { status: 'fulfilled', value: this.uploadReceipt(result.response) }
      } catch (reason) {
        return { status: 'rejected', reason }
      }
    })
  }

  private transcriptRequest(upload: TranscriptPost, signal?: AbortSignal): EgressSendRequest {
    return {
      purpose: 'upload',
      url: this.url('v1/transcripts'),
      method: 'POST',
      headers: {
        ...this.authorization(),
        'content-type': 'application/json',
        'idempotency-key': upload.idempotencyKey,
        ...this.installIdHeader(),
      },
      body: upload.payload,
      ...(signal && { signal }),
      ...(upload.recordingId !== undefined && { recordingId: upload.recordingId }),
    }
  }

  private uploadReceipt(response: EgressSendResponse): UploadReceipt {
    const receipt = parseAnswer(response, UploadReceipt, 'the upload')
    this.takeWitnessedHead(response, receipt.witnessedHead, receipt.receivedAt)
    return receipt
  }

  /** `DELETE /v1/transcripts/{id}`: the backend forgets the transcript (and says so). */
  async deleteTranscript(recordingId: string, signal?: AbortSignal): Promise<DeletionReceipt> {
    const response = await this.deps.gate.send({
      purpose: 'deletion',
      url: this.url(`v1/transcripts/${encodeURIComponent(recordingId)}`),
      method: 'DELETE',
      headers: { ...this.authorization(), ...this.installIdHeader() },
      ...(signal && { signal }),
      recordingId,
    })
    const receipt = parseAnswer(response, DeletionReceipt, 'the deletion request')
    this.takeWitnessedHead(response, receipt.witnessedHead, receipt.deletedAt)
    return receipt
  }

  /**
   * `GET /v1/audit-heads/{installId}`, every page: each head the backend has seen from this
   * installation under this token (`earshot audit verify --witness`).
   */
  async auditHeads(installId: string, signal?: AbortSignal): Promise<AuditHeadsResponse['heads']> {
    const heads: AuditHeadsResponse['heads'] = []
    let path = `v1/audit-heads/${encodeURIComponent(installId)}`
    for (;;) {
      const response = await this.deps.gate.send({
        purpose: 'upload',
        url: this.url(path),
        method: 'GET',
        headers: this.authorization(),
        ...(signal && { signal }),
      })
      const page = parseAnswer(response, AuditHeadsResponse, 'the audit head request')
      if (page.installId !== installId.toLowerCase()) {
        throw new CoreError(
          'receipt-mismatch',
          `The backend listed the audit heads of installation ${page.installId}, not ${installId}.`,
        )
      }
      heads.push(...page.heads)
      const last = page.heads.at(-1)?.seq ?? 0
      // A page that does not move forward would loop for ever; the contract says it must.
      if (page.nextAfterSeq === null || page.nextAfterSeq < last || page.heads.length === 0) {
        return heads
      }
      path = `v1/audit-heads/${encodeURIComponent(installId)}/after/${page.nextAfterSeq}`
    }
  }

  /** `GET /v1/health`, authenticated: it checks the URL and the token together. */
  async health(signal?: AbortSignal): Promise<z.infer<typeof HealthResponse>> {
    const response = await this.deps.gate.send({
      purpose: 'connection-test',
      url: this.url('v1/health'),
      method: 'GET',
      headers: this.authorization(),
      ...(signal && { signal }),
    })
    return parseAnswer(response, HealthResponse, 'the health check')
  }

  /** Throws the one-sentence reason when no request could be made (no URL or no token). */
  assertConfigured(): void {
    this.url('')
    this.authorization()
  }

  /** The configured base URL (path prefixes kept) joined with a contract path. */
  url(path: string): string {
    const base = this.deps.baseUrl
    if (base === null) {
      throw new CoreError(
        'backend-not-configured',
        'No backend is set; set one with `earshot config set backend.url URL`.',
      )
    }
    return new URL(path, base.endsWith('/') ? base : `${base}/`).href
  }

  private installIdHeader(): Record<string, string> {
    const installId = this.deps.installId?.()
    return installId === undefined ? {} : { 'earshot-install-id': installId }
  }

  /**
   * A receipt's witnessedHead is only evidence if it is the head the gate sent: a backend naming
   * any other has not witnessed this log.
   */
  private takeWitnessedHead(
    response: EgressSendResponse,
    named: WitnessedHead | undefined,
    witnessedAt: string,
  ): void {
    if (named === undefined) return
    const sent = response.auditHead
    if (sent?.seq !== named.seq || sent.hash !== named.hash) {
      throw new CoreError(
        'receipt-mismatch',
        `The backend's receipt names audit head ${named.seq}, not the one this request carried.`,
      )
    }
    this.deps.onWitnessed?.({ seq: named.seq, hash: named.hash, witnessedAt })
  }

  private authorization(): Record<string, string> {
    const token = this.deps.token
    if (token === undefined || token === '') {
      throw new CoreError(
        'backend-token-missing',
        'No backend token: set EARSHOT_BACKEND_TOKEN (the CLI) or enter it in Settings (the app).',
      )
    }
    return { authorization: `Bearer ${token}` }
  }
}

function parseAnswer<T>(response: EgressSendResponse, schema: z.ZodType<T>, what: string): T {
  if (response.status < 200 || response.status > 299) {
    throw describeBackendFailure(response.status, response.body, what)
  }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.body))
  } catch (cause) {
    throw new CoreError('invalid-receipt', `The backend's answer to ${what} is not JSON.`, {
      cause,
    })
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    throw new CoreError(
      'invalid-receipt',
      `The backend's answer to ${what} does not match the contract: ${parsed.error.issues[0]?.message ?? ''}`,
    )
  }
  return parsed.data
}
