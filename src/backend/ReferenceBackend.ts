import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { allowLoopbackListener } from '../core/egress/allowLoopbackListener'
import { checkUploadCapacity } from '../core/egress/capacity/checkUploadCapacity'
import { inspectBody } from '../core/egress/policy/inspectBody'
import { AUDIT_HEADS_PAGE, TranscriptUpload, UPLOAD_SCHEMA_VERSION } from '../shared/upload'
import { BackendCapacityLedger } from './BackendCapacityLedger'
import { BackendStore } from './BackendStore'
import { readWitnessHeaders, WitnessHeaderError, type WitnessHeaders } from './readWitnessHeaders'

export interface ReferenceBackendOptions {
  /** Bearer token clients must send; compared in constant time. */
  token: string
  dbPath: string
  clock?: () => Date
}

const MAX_BODY_BYTES = 8 * 1024 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * What a team can run to receive uploads (DESIGN.md §4): the upload contract on SQLite, bearer-token
 * auth, idempotency keys, the shared schema, and media rejection again on the server (defence in depth).
 */
export class ReferenceBackend {
  readonly store: BackendStore
  private server: Server | null = null
  private readonly clock: () => Date
  private readonly token: Buffer
  private readonly tokenSha256: string
  private readonly capacity: BackendCapacityLedger

  constructor(options: ReferenceBackendOptions) {
    if (options.token.length < 16)
      throw new Error('The backend token must be at least 16 characters.')
    this.token = createHash('sha256').update(options.token).digest()
    this.tokenSha256 = this.token.toString('hex')
    this.store = new BackendStore(options.dbPath)
    this.capacity = new BackendCapacityLedger(options.dbPath)
    this.clock = options.clock ?? (() => new Date())
  }

  /** Listens on 127.0.0.1 unless told otherwise; resolves to the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      void this.respond(req, res)
    })
    this.server = server
    // Still loopback only: the tripwire refuses any other host (issue 9).
    allowLoopbackListener(server)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        resolve()
      })
    })
    const address = server.address() as AddressInfo
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return `http://${shownHost}:${address.port}`
  }

  async close(): Promise<void> {
    const server = this.server
    this.server = null
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve()
        }),
      )
    }
    this.store.close()
    this.capacity.close()
  }

  private async respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    let path = (req.url ?? '/').slice(0, 200)
    let body: Buffer = Buffer.alloc(0)
    let payloadSha256: string | null = null
    const idempotencyKey = headerValue(req, 'idempotency-key')
    try {
      path = requestPath(req.url)
      // The token first (issue 10, finding 5): an unauthenticated request is answered before a
      // byte of its body is read, hashed or logged, and leaves no log row.
      if (!this.authorized(req)) {
        res.setHeader('connection', 'close')
        send(res, 401, {
          error: { code: 'unauthorized', message: 'A valid bearer token is required.' },
        })
        return
      }
      body = await readBody(req)
      payloadSha256 = body.length > 0 ? createHash('sha256').update(body).digest('hex') : null
      const { status, json } = this.route(method, path, req, body, payloadSha256 ?? '')
      this.store.log({
        method,
        path,
        status,
        bytes: body.length,
        payloadSha256,
        idempotencyKey,
        reason: null,
      })
      send(res, status, json)
    } catch (error) {
      const httpError =
        error instanceof HttpError ? error : new HttpError(500, 'internal', 'The backend failed.')
      this.store.log({
        method,
        path,
        status: httpError.status,
        bytes: body.length,
        payloadSha256,
        idempotencyKey,
        reason: httpError.message,
      })
      send(res, httpError.status, { error: { code: httpError.code, message: httpError.message } })
    }
  }

  private route(
    method: string,
    path: string,
    req: IncomingMessage,
    body: Buffer,
    payloadSha256: string,
  ): { status: number; json: unknown } {
    if (method === 'GET' && path === '/v1/health') {
      this.authorize(req)
      return { status: 200, json: { ok: true, schemaVersion: UPLOAD_SCHEMA_VERSION } }
    }
    if (method === 'POST' && path === '/v1/transcripts') {
      this.authorize(req)
      return this.receive(req, body, payloadSha256)
    }
    const match = /^\/v1\/transcripts\/([^/]+)$/.exec(path)
    if (method === 'DELETE' && match?.[1] !== undefined) {
      this.authorize(req)
      const id = pathId(match[1], 'transcript')
      const witnessedHead = this.witness(readWitness(req), null)
      // Deleting what is already gone succeeds: a retried deletion request must not fail.
      this.store.delete(id)
      return {
        status: 200,
        json: { id, deletedAt: this.clock().toISOString(), ...witnessedHead },
      }
    }
    const heads = /^\/v1\/audit-heads\/([^/]+)(?:\/after\/([^/]+))?$/.exec(path)
    if (method === 'GET' && heads?.[1] !== undefined) {
      this.authorize(req)
      return {
        status: 200,
        json: this.auditHeads(pathId(heads[1], 'installation').toLowerCase(), heads[2]),
      }
    }
    throw new HttpError(404, 'not-found', `No route for ${method} ${path.slice(0, 100)}.`)
  }

  /**
   * Keeps the head a request carried under this token and installation, and returns it for the
   * receipt. The installation is the header's, or for an upload its body's (they must agree).
   */
  private witness(
    headers: WitnessHeaders,
    bodyInstallId: string | null,
  ): { witnessedHead?: { seq: number; hash: string } } {
    if (
      headers.installId !== null &&
      bodyInstallId !== null &&
      headers.installId !== bodyInstallId.toLowerCase()
    ) {
      throw new HttpError(
        400,
        'install-id-mismatch',
        'Earshot-Install-Id names another installation than the body.',
      )
    }
    const installId = headers.installId ?? bodyInstallId?.toLowerCase() ?? null
    // A head with no installation to file it under is not evidence of anything: the request is
    // served as from an older client, and the receipt names no head.
    if (headers.head === null || installId === null) return {}
    this.store.witness(this.tokenSha256, installId, headers.head, this.clock().toISOString())
    return { witnessedHead: headers.head }
  }

  private auditHeads(installId: string, after: string | undefined): unknown {
    const afterSeq = after === undefined ? 0 : Number(after)
    if (!/^[1-9][0-9]{0,14}$/.test(after ?? '1') || !Number.isSafeInteger(afterSeq)) {
      throw new HttpError(400, 'invalid-seq', 'The seq to page after must be a positive integer.')
    }
    // Half a page of seqs: a seq the client rewrote has two hashes, and the page must still fit.
    const maxSeqs = AUDIT_HEADS_PAGE / 2
    const heads = this.store.heads(this.tokenSha256, installId, afterSeq, maxSeqs)
    const seqs = new Set(heads.map((head) => head.seq))
    const last = heads.at(-1)
    const page = heads.slice(0, AUDIT_HEADS_PAGE)
    if (page.length < heads.length) {
      throw new HttpError(
        500,
        'too-many-heads',
        'This installation showed too many different heads at the same seqs to list them.',
      )
    }
    return {
      installId,
      heads: page,
      nextAfterSeq: seqs.size === maxSeqs && last !== undefined ? last.seq : null,
    }
  }

  private receive(
    req: IncomingMessage,
    body: Buffer,
    payloadSha256: string,
  ): { status: number; json: unknown } {
    const key = headerValue(req, 'idempotency-key')
    if (key === null || !UUID.test(key)) {
      throw new HttpError(
        400,
        'idempotency-key-required',
        'Send an Idempotency-Key header holding a UUID.',
      )
    }
    const witnessHeaders = readWitness(req)
    const earlier = this.store.receiptForKey(key)
    if (earlier) {
      if (earlier.keyPayloadSha256 !== payloadSha256) {
        throw new HttpError(
          409,
          'idempotency-key-reused',
          'This Idempotency-Key was used for a different payload.',
        )
      }
      // A receipt says "stored". After a DELETE (or a newer upload of the recording) these bytes
      // are not, and storing them again would undo a deletion the user asked for, so the answer is
      // 410 Gone (RFC 9110 §15.5.11): the key's transcript existed and was removed on purpose.
      if (!this.store.holds(earlier.id, payloadSha256)) {
        throw new HttpError(
          410,
          'gone',
          'What was uploaded under this Idempotency-Key has since been deleted or replaced; nothing was stored.',
        )
      }
      const installId = installIdIn(body)
      return {
        status: 201,
        json: {
          id: earlier.id,
          receivedAt: earlier.receivedAt,
          payloadSha256,
          ...this.witness(witnessHeaders, installId),
        },
      }
    }
    const contentType = headerValue(req, 'content-type') ?? ''
    if (!/^application\/json(\s*;\s*charset=utf-8)?$/i.test(contentType)) {
      throw new HttpError(415, 'unsupported-media-type', 'Uploads must be application/json.')
    }
    const verdict = inspectBody(body)
    if (!verdict.ok) throw new HttpError(422, verdict.code, `Refused: ${verdict.reason}`)
    const parsed = TranscriptUpload.safeParse(verdict.json)
    if (!parsed.success) {
      throw new HttpError(
        422,
        'invalid-payload',
        `The payload does not match the upload schema: ${parsed.error.issues[0]?.message ?? ''}`,
      )
    }
    const upload = parsed.data
    // The same capacity budget as the client's gate (issue 10), per recording over its uploads.
    const facts = this.capacity.facts(upload.recordingId) ?? {
      durationMs: upload.durationMs,
      createdAt: upload.createdAt,
      language: upload.language,
      title: upload.title ?? '',
      installId: upload.client.installId,
    }
    const capacity = checkUploadCapacity(
      upload,
      payloadSha256,
      { ...facts, title: upload.title ?? facts.title },
      this.capacity.history(upload.recordingId),
    )
    if (!capacity.ok) throw new HttpError(422, capacity.rule, `Refused: ${capacity.reason}`)
    const witnessedHead = this.witness(witnessHeaders, parsed.data.client.installId)
    this.capacity.charge(upload.recordingId, facts, capacity.charge)
    const receivedAt = this.clock().toISOString()
    this.store.store(key, parsed.data.recordingId, body.toString('utf8'), payloadSha256, receivedAt)
    return {
      status: 201,
      json: { id: parsed.data.recordingId, receivedAt, payloadSha256, ...witnessedHead },
    }
  }

  private authorized(req: IncomingMessage): boolean {
    const presented = /^Bearer (.+)$/.exec(headerValue(req, 'authorization') ?? '')?.[1]
    return (
      presented !== undefined &&
      timingSafeEqual(createHash('sha256').update(presented).digest(), this.token)
    )
  }

  private authorize(req: IncomingMessage): void {
    const header = headerValue(req, 'authorization') ?? ''
    const presented = /^Bearer (.+)$/.exec(header)?.[1]
    const ok =
      presented !== undefined &&
      timingSafeEqual(createHash('sha256').update(presented).digest(), this.token)
    if (!ok) throw new HttpError(401, 'unauthorized', 'A valid bearer token is required.')
  }
}

/** The request target's path. A target URL cannot parse is the client's mistake: 400, not 500. */
function requestPath(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://backend').pathname
  } catch {
    throw new HttpError(400, 'invalid-path', 'The request path is not a valid URL path.')
  }
}

/**
 * A UUID from a path segment. Percent-decoding can fail (`%E0` is no UTF-8): that is a malformed
 * id, answered 400 like any other, never an exception that turns into a 500.
 */
function pathId(segment: string, what: string): string {
  let id: string
  try {
    id = decodeURIComponent(segment)
  } catch {
    throw new HttpError(400, 'invalid-id', `The ${what} id must be a UUID.`)
  }
  if (!UUID.test(id)) throw new HttpError(400, 'invalid-id', `The ${what} id must be a UUID.`)
  return id
}

function readWitness(req: IncomingMessage): WitnessHeaders {
  try {
    return readWitnessHeaders(req)
  } catch (error) {
    if (error instanceof WitnessHeaderError) {
      throw new HttpError(400, 'invalid-witness-header', error.message)
    }
    throw error
  }
}

/** The installation a stored body names (a replayed upload was validated when first stored). */
function installIdIn(body: Buffer): string | null {
  const parsed = TranscriptUpload.safeParse(JSON.parse(body.toString('utf8')))
  return parsed.success ? parsed.data.client.installId : null
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  return typeof value === 'string' ? value : null
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, 'too-large', 'The body is larger than 8 MiB.')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function send(res: ServerResponse, status: number, json: unknown): void {
  const body = JSON.stringify(json)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}
