import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { allowLoopbackListener } from '../core/egress/allowLoopbackListener'
import { checkUploadCapacity } from '../core/egress/capacity/checkUploadCapacity'
import { inspectBody } from '../core/egress/policy/inspectBody'
import { AUDIT_HEADS_PAGE, TranscriptUpload, UPLOAD_SCHEMA_VERSION } from '../shared/upload'
import { answerTeamView } from './answerTeamView'
import type { BackendEvent, BackendEventHook } from './BackendEvent'
import { derivedEventId, randomEventId } from './delivery/deliveryEventIds'
import { HttpError } from './HttpError'
import { readWitnessHeaders, WitnessHeaderError, type WitnessHeaders } from './readWitnessHeaders'
import { openTeamStore } from './store/openTeamStore'
import { LEGACY_MEMBER_ID } from './store/sqlite/sqliteMigrations'
import type { IngestResult, Member, TeamStore } from './store/TeamStore'

export interface ReferenceBackendOptions {
  /**
   * The single token of a pre-team set-up (EARSHOT_BACKEND_TOKEN): whoever sends it acts as the
   * member named `default`, so laptops configured before members existed keep uploading. Optional
   * once members are added with `earshot backend members add`.
   */
  token?: string
  /** A SQLite file, or a `postgres://USER:PASS@HOST:PORT/DB` URL. */
  db?: string
  /** The older name of `db`. */
  dbPath?: string
  /** Transcripts received longer ago than this are deleted, at start and then every sweep. */
  retentionDays?: number
  /** How often the retention sweep runs (default hourly). */
  retentionSweepMs?: number
  /** Delivery's hook (BackendEvent): upload.received, upload.deleted. */
  onEvent?: BackendEventHook
  clock?: () => Date
}

/** The name the legacy single token's member has. */
export const LEGACY_MEMBER_NAME = 'default'
const DAY_MS = 24 * 60 * 60 * 1000

const MAX_BODY_BYTES = 8 * 1024 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * What a team can run to receive uploads (DESIGN.md §4, issue 12): the upload contract on SQLite or
 * PostgreSQL, members with their own bearer tokens (stored as SHA-256 hashes only), idempotency
 * keys per member, the shared schema, media rejection again on the server (defence in depth), and
 * the team's view (search, signals) for admin tokens.
 */
export class ReferenceBackend {
  private opened: TeamStore | null = null
  private server: Server | null = null
  private sweepTimer: NodeJS.Timeout | null = null
  private readonly clock: () => Date
  private readonly legacyTokenSha256: string | null
  private readonly db: string
  private readonly onEvent: BackendEventHook | undefined

  constructor(private readonly options: ReferenceBackendOptions) {
    if (options.token !== undefined && options.token.length < 16)
      throw new Error('The backend token must be at least 16 characters.')
    const db = options.db ?? options.dbPath
    if (db === undefined)
      throw new Error('The backend needs a database: a file or a postgres:// URL.')
    if (
      options.retentionDays !== undefined &&
      !(Number.isInteger(options.retentionDays) && options.retentionDays > 0)
    ) {
      throw new Error('Retention is a whole number of days, at least 1.')
    }
    this.db = db
    this.legacyTokenSha256 =
      options.token === undefined ? null : createHash('sha256').update(options.token).digest('hex')
    this.clock = options.clock ?? (() => new Date())
    this.onEvent = options.onEvent
  }

  /** The store, once `open` (or `listen`) has opened it. */
  get store(): TeamStore {
    if (this.opened === null) throw new Error('The backend is not open yet: call listen() first.')
    return this.opened
  }

  /** Opens the store (migrations applied), sets up the legacy token's member, sweeps once. */
  async open(): Promise<TeamStore> {
    if (this.opened !== null) return this.opened
    const store = await openTeamStore(this.db)
    this.opened = store
    try {
      if (this.legacyTokenSha256 !== null)
        await this.adoptLegacyToken(store, this.legacyTokenSha256)
      await this.sweepRetention()
    } catch (error) {
      this.opened = null
      await store.close()
      throw error
    }
    return store
  }

  /**
   * EARSHOT_BACKEND_TOKEN is the member `default`'s token: created on first start, its hash
   * replaced when the environment's token changes (a rotation). A revoked `default` stays revoked.
   */
  private async adoptLegacyToken(store: TeamStore, tokenSha256: string): Promise<void> {
    const existing = await store.memberByName(LEGACY_MEMBER_NAME)
    if (existing === undefined) {
      await store.addMember({
        id: LEGACY_MEMBER_ID,
        name: LEGACY_MEMBER_NAME,
        role: 'member',
        createdAt: this.clock().toISOString(),
        revokedAt: null,
        tokenSha256,
      })
    } else if (existing.revokedAt !== null) {
      throw new Error(
        `The member "${LEGACY_MEMBER_NAME}" that EARSHOT_BACKEND_TOKEN stands for was revoked; unset EARSHOT_BACKEND_TOKEN and give each laptop a member token.`,
      )
    } else {
      await store.setMemberToken(existing.id, tokenSha256)
    }
  }

  /** Listens on 127.0.0.1 unless told otherwise; resolves to the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await this.open()
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
    if (this.options.retentionDays !== undefined) {
      this.sweepTimer = setInterval(
        () => {
          void this.sweepRetention().catch(() => undefined)
        },
        this.options.retentionSweepMs ?? 60 * 60 * 1000,
      )
      this.sweepTimer.unref()
    }
    const address = server.address() as AddressInfo
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
    return `http://${shownHost}:${address.port}`
  }

  async close(): Promise<void> {
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer)
    this.sweepTimer = null
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
    const store = this.opened
    this.opened = null
    if (store !== null) await store.close()
  }

  /**
   * Server-side retention (`--retention-days N`): every transcript received more than N days ago
   * is deleted as a DELETE request would delete it, search index and signals included. Returns
   * how many went.
   */
  async sweepRetention(): Promise<number> {
    const days = this.options.retentionDays
    if (days === undefined) return 0
    const store = this.store
    const before = new Date(this.clock().getTime() - days * DAY_MS).toISOString()
    let swept = 0
    for (;;) {
      const ids = await store.receivedBefore(before, 500)
      if (ids.length === 0) return swept
      for (const id of ids) {
        const owner = await store.ownerOf(id)
        if (!(await store.delete(id))) continue
        swept++
        await store.log({
          method: 'RETENTION',
          path: `/v1/transcripts/${id}`,
          status: 200,
          bytes: 0,
          payloadSha256: null,
          idempotencyKey: null,
          memberId: owner ?? null,
          reason: `received more than ${days} days ago`,
        })
        await this.emit({
          type: 'upload.deleted',
          id: randomEventId(),
          at: this.clock().toISOString(),
          recordingId: id,
          member: await this.memberName(owner),
          reason: 'retention',
        })
      }
    }
  }

  private async memberName(memberId: string | undefined): Promise<string> {
    if (memberId === undefined) return ''
    const members = await this.store.listMembers()
    return members.find((member) => member.id === memberId)?.name ?? ''
  }

  private async emit(event: BackendEvent): Promise<void> {
    if (this.onEvent !== undefined) await this.onEvent(event)
  }

  private async respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    let path = (req.url ?? '/').slice(0, 200)
    let body: Buffer = Buffer.alloc(0)
    let payloadSha256: string | null = null
    let member: Member | undefined
    const idempotencyKey = headerValue(req, 'idempotency-key')
    try {
      path = requestPath(req.url)
      // The token first (issue 10, finding 5): an unauthenticated request is answered before a
      // byte of its body is read, hashed or logged, and leaves no log row. Looked up on every
      // request, so a revoked token stops at once.
      const auth = await this.authenticate(req)
      if (auth === undefined) {
        res.setHeader('connection', 'close')
        send(res, 401, {
          error: { code: 'unauthorized', message: 'A valid bearer token is required.' },
        })
        return
      }
      member = auth.member
      body = await readBody(req)
      payloadSha256 = body.length > 0 ? createHash('sha256').update(body).digest('hex') : null
      const { status, json } = await this.route(method, path, req, body, payloadSha256 ?? '', auth)
      await this.store.log({
        method,
        path,
        status,
        bytes: body.length,
        payloadSha256,
        idempotencyKey,
        memberId: member.id,
        reason: null,
      })
      send(res, status, json)
    } catch (error) {
      const httpError =
        error instanceof HttpError ? error : new HttpError(500, 'internal', 'The backend failed.')
      try {
        await this.store.log({
          method,
          path,
          status: httpError.status,
          bytes: body.length,
          payloadSha256,
          idempotencyKey,
          memberId: member?.id ?? null,
          reason: httpError.message,
        })
      } catch {
        // The store itself failed (a database restart): the client still gets its 5xx to retry.
      }
      send(res, httpError.status, { error: { code: httpError.code, message: httpError.message } })
    }
  }

  private async route(
    method: string,
    path: string,
    req: IncomingMessage,
    body: Buffer,
    payloadSha256: string,
    auth: Auth,
  ): Promise<{ status: number; json: unknown }> {
    if (method === 'GET' && path === '/v1/health') {
      return { status: 200, json: { ok: true, schemaVersion: UPLOAD_SCHEMA_VERSION } }
    }
    if (method === 'POST' && path === '/v1/transcripts') {
      return this.receive(req, body, payloadSha256, auth)
    }
    const match = /^\/v1\/transcripts\/([^/]+)$/.exec(path)
    if (method === 'DELETE' && match?.[1] !== undefined) {
      return this.remove(pathId(match[1], 'transcript'), req, auth)
    }
    const heads = /^\/v1\/audit-heads\/([^/]+)(?:\/after\/([^/]+))?$/.exec(path)
    if (method === 'GET' && heads?.[1] !== undefined) {
      return {
        status: 200,
        json: await this.auditHeads(pathId(heads[1], 'installation').toLowerCase(), heads[2], auth),
      }
    }
    if (method === 'GET' && path === '/v1/search') {
      requireAdmin(auth.member)
      return { status: 200, json: await answerTeamView.search(this.store, req.url) }
    }
    if (method === 'GET' && path === '/v1/signals') {
      requireAdmin(auth.member)
      return { status: 200, json: await answerTeamView.signals(this.store, req.url) }
    }
    throw new HttpError(404, 'not-found', `No route for ${method} ${path.slice(0, 100)}.`)
  }

  private async remove(
    id: string,
    req: IncomingMessage,
    auth: Auth,
  ): Promise<{ status: number; json: unknown }> {
    const witnessHeaders = readWitness(req)
    const installId = this.checkWitness(witnessHeaders, null)
    const owner = await this.store.ownerOf(id)
    // A member deletes their own transcripts; an admin any of the team's.
    if (owner !== undefined && owner !== auth.member.id && auth.member.role !== 'admin') {
      throw new HttpError(403, 'not-yours', 'This transcript was uploaded by another member.')
    }
    const witnessedHead = await this.witness(witnessHeaders, installId, auth)
    // Deleting what is already gone succeeds: a retried deletion request must not fail.
    const deletedAt = this.clock().toISOString()
    if (await this.store.delete(id)) {
      await this.emit({
        type: 'upload.deleted',
        id: randomEventId(),
        at: deletedAt,
        recordingId: id,
        member: await this.memberName(owner),
        reason: 'request',
      })
    }
    return { status: 200, json: { id, deletedAt, ...witnessedHead } }
  }

  /**
   * The installation a request's head is filed under: the header's, or for an upload its body's
   * (they must agree). Null when there is no head or nothing to file it under.
   */
  private checkWitness(headers: WitnessHeaders, bodyInstallId: string | null): string | null {
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
    // A head with no installation to file it under is not evidence of anything: the request is
    // served as from an older client, and the receipt names no head.
    if (headers.head === null) return null
    return headers.installId ?? bodyInstallId?.toLowerCase() ?? null
  }

  /** Keeps the head a request carried under this token and installation, for the receipt. */
  private async witness(
    headers: WitnessHeaders,
    installId: string | null,
    auth: Auth,
  ): Promise<{ witnessedHead?: { seq: number; hash: string } }> {
    if (headers.head === null || installId === null) return {}
    await this.store.witness(auth.tokenSha256, installId, headers.head, this.clock().toISOString())
    return { witnessedHead: headers.head }
  }

  private async auditHeads(
    installId: string,
    after: string | undefined,
    auth: Auth,
  ): Promise<unknown> {
    const afterSeq = after === undefined ? 0 : Number(after)
    if (!/^[1-9][0-9]{0,14}$/.test(after ?? '1') || !Number.isSafeInteger(afterSeq)) {
      throw new HttpError(400, 'invalid-seq', 'The seq to page after must be a positive integer.')
    }
    // Half a page of seqs: a seq the client rewrote has two hashes, and the page must still fit.
    const maxSeqs = AUDIT_HEADS_PAGE / 2
    const heads = await this.store.heads(auth.tokenSha256, installId, afterSeq, maxSeqs)
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

  private async receive(
    req: IncomingMessage,
    body: Buffer,
    payloadSha256: string,
    auth: Auth,
  ): Promise<{ status: number; json: unknown }> {
    const key = headerValue(req, 'idempotency-key')
    if (key === null || !UUID.test(key)) {
      throw new HttpError(
        400,
        'idempotency-key-required',
        'Send an Idempotency-Key header holding a UUID.',
      )
    }
    const normalKey = key.toLowerCase()
    const witnessHeaders = readWitness(req)
    const replay = await this.replay(normalKey, body, payloadSha256, witnessHeaders, auth)
    if (replay !== null) return replay
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
    const installId = this.checkWitness(witnessHeaders, upload.client.installId)
    const receivedAt = this.clock().toISOString()
    // The head is kept in the transaction that stores the transcript (one commit for both).
    const witnessed =
      witnessHeaders.head === null || installId === null
        ? undefined
        : { tokenSha256: auth.tokenSha256, installId, head: witnessHeaders.head, at: receivedAt }
    const result: IngestResult = await this.store.ingest({
      ...(witnessed !== undefined && { witness: witnessed }),
      memberId: auth.member.id,
      key: normalKey,
      upload,
      payload: body.toString('utf8'),
      payloadSha256,
      receivedAt,
      // The same capacity budget as the client's gate (issue 10), per recording over its uploads;
      // the first upload's header fixes the facts later uploads are held to.
      admit: (known, history) => {
        const facts = known ?? {
          durationMs: upload.durationMs,
          createdAt: upload.createdAt,
          language: upload.language,
          title: upload.title ?? '',
          installId: upload.client.installId,
        }
        // The title and the contact are the user's to change between uploads; the rest is fixed.
        const capacity = checkUploadCapacity(
          upload,
          payloadSha256,
          {
            ...facts,
            title: upload.title ?? facts.title,
            ...(upload.contactEmail !== undefined && { contactEmail: upload.contactEmail }),
          },
          history,
        )
        return capacity.ok
          ? { ok: true, facts, charge: capacity.charge }
          : { ok: false, rule: capacity.rule, reason: capacity.reason }
      },
    })
    if (result.kind === 'refused')
      throw new HttpError(422, result.rule, `Refused: ${result.reason}`)
    if (result.kind === 'not-yours') {
      throw new HttpError(
        409,
        'recording-of-another-member',
        'Another member already uploaded a recording with this id; nothing was stored.',
      )
    }
    if (result.kind === 'key-taken') {
      const again = await this.replay(normalKey, body, payloadSha256, witnessHeaders, auth)
      if (again !== null) return again
      throw new HttpError(500, 'internal', 'The backend failed.')
    }
    await this.emitReceived(auth.member, normalKey, upload, payloadSha256, receivedAt)
    return {
      status: 201,
      json: {
        id: upload.recordingId,
        receivedAt,
        payloadSha256,
        ...(witnessed !== undefined && { witnessedHead: witnessed.head }),
      },
    }
  }

  /** The answer to a key this member used before: the same receipt, 409 or 410; null if new. */
  private async replay(
    key: string,
    body: Buffer,
    payloadSha256: string,
    witnessHeaders: WitnessHeaders,
    auth: Auth,
  ): Promise<{ status: number; json: unknown } | null> {
    const earlier = await this.store.receiptForKey(auth.member.id, key)
    if (earlier === undefined) return null
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
    if (!(await this.store.holds(earlier.id, payloadSha256))) {
      throw new HttpError(
        410,
        'gone',
        'What was uploaded under this Idempotency-Key has since been deleted or replaced; nothing was stored.',
      )
    }
    const upload = storedUpload(body)
    const installId = this.checkWitness(witnessHeaders, upload?.client.installId ?? null)
    const witnessedHead = await this.witness(witnessHeaders, installId, auth)
    // Handed over again with the same ids: the first answer may never have reached the client,
    // and then neither may the hook's work have been done.
    if (upload !== null) {
      await this.emitReceived(auth.member, key, upload, payloadSha256, earlier.receivedAt)
    }
    return {
      status: 201,
      json: { id: earlier.id, receivedAt: earlier.receivedAt, payloadSha256, ...witnessedHead },
    }
  }

  /**
   * `upload.received`, its id derived from (member, key): a retry hands over the same id. The
   * events derived from the upload (`signal.found`) are delivery's to make (DeliveryService).
   */
  private async emitReceived(
    member: Member,
    key: string,
    upload: TranscriptUpload,
    payloadSha256: string,
    at: string,
  ): Promise<void> {
    if (this.onEvent === undefined) return
    await this.emit({
      type: 'upload.received',
      id: derivedEventId('upload.received', member.id, key),
      at,
      recordingId: upload.recordingId,
      member: member.name,
      payloadSha256,
      upload,
    })
  }

  /** The member a request's bearer token belongs to; undefined answers 401. */
  private async authenticate(req: IncomingMessage): Promise<Auth | undefined> {
    const presented = /^Bearer (.+)$/.exec(headerValue(req, 'authorization') ?? '')?.[1]
    if (presented === undefined) return undefined
    // Looked up by hash: the database holds no token, and equality on a hash of a 256-bit secret
    // leaks nothing a timing attacker could use about the secret itself.
    const tokenSha256 = createHash('sha256').update(presented).digest('hex')
    const member = await this.store.memberByToken(tokenSha256)
    return member === undefined ? undefined : { member, tokenSha256 }
  }
}

interface Auth {
  member: Member
  tokenSha256: string
}

function requireAdmin(member: Member): void {
  if (member.role !== 'admin') {
    throw new HttpError(403, 'admin-only', "Only an admin token may read the team's data.")
  }
}

/** The upload a stored (and so once validated) body holds. */
function storedUpload(body: Buffer): TranscriptUpload | null {
  try {
    const parsed = TranscriptUpload.safeParse(JSON.parse(body.toString('utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
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
