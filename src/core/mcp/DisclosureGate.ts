import { serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js'
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js'
import {
  ErrorCode,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js'
import type { AuditLog } from '../audit/AuditLog'

/** Requests whose answers carry library data: these answers are disclosures (docs/audit-format.md §3.1.1). */
const disclosingMethods: ReadonlySet<string> = new Set([
  'tools/call',
  'resources/read',
  'resources/list',
])

export interface DisclosureGateDeps {
  /** The real transport (stdio); the gate sits between it and the SDK's server. */
  transport: Transport
  audit: Pick<AuditLog, 'append'>
  /** Told when an answer could not be audited and was replaced by an error. */
  onAuditFailure?: (error: unknown) => void
}

interface PendingRequest {
  method: string
  /** What was asked: the tool name, the resource path, or `resources`. */
  asked: string
}

/**
 * The one way library data reaches an LLM client, analogous to the EgressGate: every answer to a
 * disclosing request is written to the audit log (purpose `mcp`, the exact JSON-RPC line as the
 * payload, the client's name and the tool) before it is handed to the transport, and the bytes
 * handed over are the bytes audited (parsed back from them, so a later change to the object cannot
 * change what is written). If the audit entry cannot be written, the client gets an error instead
 * of the data. A request under the id of one still in flight is refused by the gate itself, since
 * answers are matched to requests by id. Everything else (initialize, tools/list, pings) carries
 * only the server's own description and passes as it is.
 */
export class DisclosureGate implements Transport {
  onclose?: () => void
  onerror?: (error: Error) => void
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void

  private clientName = 'unknown-client'
  /**
   * Every client request not answered yet, by id; null for one whose answer carries no library
   * data. Keyed by all requests, not only disclosing ones: an answer is matched to its request by
   * id alone, so a second request under an id in flight (a ping, or a second tool call) would
   * otherwise take the first one's audit slot and let the other answer out unaudited.
   */
  private readonly pending = new Map<RequestId, PendingRequest | null>()
  private readonly subjects = new Map<RequestId, string>()

  constructor(private readonly deps: DisclosureGateDeps) {}

  async start(): Promise<void> {
    const inner = this.deps.transport
    inner.onmessage = (message, extra) => {
      if (isJSONRPCRequest(message) && this.pending.has(message.id)) {
        // Never reaches the server, so it can have no answer that needs an entry.
        void inner
          .send({
            jsonrpc: '2.0',
            id: message.id,
            error: {
              code: ErrorCode.InvalidRequest,
              message: 'A request with this id is still being answered; send it under a new id.',
            },
          })
          .catch((error: unknown) => {
            this.onerror?.(error instanceof Error ? error : new Error(String(error)))
          })
        return
      }
      this.observe(message)
      this.onmessage?.(message, extra)
    }
    inner.onclose = () => {
      this.onclose?.()
    }
    inner.onerror = (error) => {
      this.onerror?.(error)
    }
    await inner.start()
  }

  /**
   * The answer to `requestId` is about this one recording: its audit payload is then sealed under
   * the recording's payload key, and erased with the recording (docs/audit-format.md §4).
   */
  aboutRecording(requestId: RequestId, recordingId: string): void {
    if (this.pending.get(requestId) != null) this.subjects.set(requestId, recordingId)
  }

  /** The name the client gave in `initialize` (clientInfo.name), as the audit log records it. */
  get client(): string {
    return this.clientName
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const isAnswer = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)
    const id = isAnswer ? message.id : undefined
    const request = id === undefined ? undefined : this.pending.get(id)
    if (id !== undefined) this.pending.delete(id)
    if (id === undefined || request === undefined || request === null) {
      await this.deps.transport.send(message, options)
      return
    }
    const recordingId = this.subjects.get(id) ?? null
    this.subjects.delete(id)
    const line = serializeMessage(message)
    let handed: JSONRPCMessage
    try {
      this.deps.audit.append({
        kind: refusalOf(message) === null ? 'attempt' : 'blocked',
        purpose: 'mcp',
        destination: `mcp://${encodeURIComponent(this.clientName)}/${request.asked}`,
        method: request.method,
        payload: Buffer.from(line, 'utf8'),
        status: null,
        reason: refusalOf(message),
        // Only an answer with data is sealed: a refusal names no recording it could be erased with.
        recordingId: isJSONRPCResultResponse(message) ? recordingId : null,
      })
      handed = JSON.parse(line) as JSONRPCMessage
    } catch (error) {
      this.deps.onAuditFailure?.(error)
      handed = {
        jsonrpc: '2.0',
        id,
        error: {
          code: ErrorCode.InternalError,
          message: 'Earshot could not write its audit log, so it showed nothing.',
        },
      }
    }
    await this.deps.transport.send(handed, options)
  }

  async close(): Promise<void> {
    await this.deps.transport.close()
  }

  setProtocolVersion(version: string): void {
    this.deps.transport.setProtocolVersion?.(version)
  }

  private observe(message: JSONRPCMessage): void {
    if (!isJSONRPCRequest(message)) return
    const params = (message.params ?? {}) as Record<string, unknown>
    if (message.method === 'initialize') {
      const info = params.clientInfo as Record<string, unknown> | undefined
      const name = typeof info?.name === 'string' ? clip(info.name.trim(), 100) : ''
      this.clientName = name === '' ? 'unknown-client' : name
    }
    if (!disclosingMethods.has(message.method)) {
      this.pending.set(message.id, null)
      return
    }
    this.pending.set(message.id, { method: message.method, asked: askedOf(message.method, params) })
  }
}

/** The tool, the resource URI without its scheme, or `resources`, safe to put in a URL path. */
function askedOf(method: string, params: Record<string, unknown>): string {
  if (method === 'tools/call') {
    return encodeURIComponent(clip(String(params.name), 100))
  }
  if (method === 'resources/read') {
    const uri = clip(String(params.uri), 300)
    return encodeURI(uri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))
  }
  return 'resources'
}

/** The sentence of a refusal (a tool error or a JSON-RPC error), null for an answer with data. */
function refusalOf(message: JSONRPCMessage): string | null {
  if (isJSONRPCErrorResponse(message)) return clip(message.error.message, 500)
  if (!isJSONRPCResultResponse(message) || message.result.isError !== true) return null
  const content = message.result.content
  const first = Array.isArray(content) ? (content[0] as { text?: unknown } | undefined) : undefined
  return typeof first?.text === 'string' ? clip(first.text, 500) : 'tool error'
}

/**
 * At most `max` code units, lone surrogates replaced (also one the cut made): the audit log
 * refuses them and encodeURIComponent throws on them.
 */
function clip(text: string, max: number): string {
  return text
    .slice(0, max)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}
