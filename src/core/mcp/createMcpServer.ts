// The low-level Server is the SDK's choice for "advanced use cases"; ours: arguments validated here
// (one sentence, not the high-level McpServer's schema dump) and every answer through the gate.
import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import { APP_VERSION } from '../sync/appVersion'
import { describeInputError } from './describeInputError'
import type { DisclosedLibrary } from './DisclosedLibrary'
import type { DisclosureGate } from './DisclosureGate'
import { formatPosition } from './formatPosition'
import { McpRefusal } from './McpRefusal'
import { MAX_RESULT_CHARS, mcpTools } from './mcpTools'

export interface McpServerDeps {
  library: DisclosedLibrary
  gate: Pick<DisclosureGate, 'aboutRecording'>
  /** Where an unexpected failure's details go (stderr): the client gets one sentence only. */
  logFailure: (error: unknown) => void
}

const TRANSCRIPT_URI = /^earshot:\/\/transcripts\/([A-Za-z0-9_-]{1,100})$/
const RESOURCES_PER_PAGE = 200
/** MCP specification, "Resources", error handling: resource not found. */
const RESOURCE_NOT_FOUND = -32002

const INSTRUCTIONS = [
  "Earshot's call library, read-only. Transcripts are redacted as Earshot redacts uploads (emails,",
  "phone numbers, card and account numbers, the user's always-redact words, the names the user gave",
  'speakers and the people in email addresses); a speaker whose name is redacted appears as its',
  'label ("Speaker 2"), and every answer is recorded on the user\'s audit log before you see it.',
  'Use search_calls or list_recordings to find calls, then get_transcript or call_metrics.',
].join(' ')

/** A JSON-RPC error with exactly this code and sentence (the SDK answers with `code` and `message`). */
function protocolError(code: number, message: string): Error {
  return Object.assign(new Error(message), { code })
}

const unexpected = 'Earshot could not answer this request; the reason is in its log.'

/**
 * The MCP server of `earshot mcp` on the SDK's low-level `Server`: the tools of mcpTools, and each
 * transcript as a resource (`earshot://transcripts/<id>`). Arguments are parsed by the tools' zod
 * schemas here, so a bad one gets one sentence (a tool error, as the 2025-11-25 specification asks
 * for input validation) rather than a schema dump. Connect it to a DisclosureGate, never to a bare
 * transport: the gate is what audits the answers.
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- see the import
export function createMcpServer(deps: McpServerDeps): Server {
  const { library, gate } = deps
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see the import
  const server = new Server(
    { name: 'earshot', title: 'Earshot', version: APP_VERSION },
    { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS },
  )
  const tools = new Map(mcpTools.map((tool) => [tool.name, tool]))

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: mcpTools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: z.toJSONSchema(tool.input, { io: 'input' }) as { type: 'object' },
      annotations: { readOnlyHint: true, openWorldHint: false },
    })),
  }))

  server.setRequestHandler(CallToolRequestSchema, (request, extra): CallToolResult => {
    const tool = tools.get(request.params.name)
    if (tool === undefined) {
      throw protocolError(
        ErrorCode.InvalidParams,
        `Earshot has no tool named '${request.params.name.slice(0, 100)}'; tools/list names its tools.`,
      )
    }
    try {
      library.assertEnabled()
      const parsed = tool.input.safeParse(request.params.arguments ?? {})
      if (!parsed.success) {
        throw new McpRefusal('invalid-input', describeInputError(tool.name, parsed.error))
      }
      const answer = tool.run(parsed.data, library)
      if (answer.recordingId !== undefined) gate.aboutRecording(extra.requestId, answer.recordingId)
      return { content: [{ type: 'text', text: JSON.stringify(answer.value) }] }
    } catch (error) {
      if (!(error instanceof McpRefusal)) deps.logFailure(error)
      const text = error instanceof McpRefusal ? error.message : unexpected
      return { isError: true, content: [{ type: 'text', text }] }
    }
  })

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      {
        uriTemplate: 'earshot://transcripts/{recordingId}',
        name: 'transcript',
        title: 'Call transcript',
        description: 'One call as redacted text: a line per segment with its time and speaker.',
        mimeType: 'text/plain',
      },
    ],
  }))

  server.setRequestHandler(ListResourcesRequestSchema, (request) => {
    guarded(() => {
      library.assertEnabled()
    })
    const offset = Number(request.params?.cursor ?? '0')
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw protocolError(ErrorCode.InvalidParams, 'The cursor is not one this server gave out.')
    }
    const all = library.recordingsInScope()
    const page = all.slice(offset, offset + RESOURCES_PER_PAGE)
    return {
      resources: page.map((recording) => {
        const shown = library.describe(recording)
        return {
          uri: `earshot://transcripts/${recording.id}`,
          name: `transcript-${recording.id}`,
          title: shown.title ?? `Call imported ${recording.importedAt.slice(0, 10)}`,
          mimeType: 'text/plain',
        }
      }),
      ...(offset + page.length < all.length && { nextCursor: String(offset + page.length) }),
    }
  })

  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) => {
    const uri = request.params.uri
    const id = TRANSCRIPT_URI.exec(uri)?.[1]
    if (id === undefined) {
      throw protocolError(
        ErrorCode.InvalidParams,
        'That is not an Earshot transcript URI; they look like earshot://transcripts/<recording id>.',
      )
    }
    const text = guarded(() => {
      library.assertEnabled()
      const recording = library.recording(id)
      return transcriptText(library, recording.id)
    })
    gate.aboutRecording(extra.requestId, id)
    return { contents: [{ uri, mimeType: 'text/plain', text }] }
  })

  /** Refusals as JSON-RPC errors (resources have no tool-error form); surprises as one sentence. */
  function guarded<T>(run: () => T): T {
    try {
      return run()
    } catch (error) {
      if (error instanceof McpRefusal) {
        const code = error.code === 'not-found' ? RESOURCE_NOT_FOUND : ErrorCode.InvalidRequest
        throw protocolError(code, error.message)
      }
      deps.logFailure(error)
      throw protocolError(ErrorCode.InternalError, unexpected)
    }
  }

  return server
}

/** `[m:ss] Speaker: text` per line, the summary first; cut at the answer budget, saying so. */
function transcriptText(library: DisclosedLibrary, recordingId: string): string {
  const recording = library.recording(recordingId)
  const content = library.content(recording, library.trackers())
  const lines = content.summary === null ? [] : [`Summary: ${content.summary}`, '']
  let used = lines.join('\n').length
  for (const segment of content.segments) {
    const speaker = segment.speaker === null ? '' : `${segment.speaker}: `
    const line = `[${formatPosition(segment.startMs)}] ${speaker}${segment.text}`
    if (used + line.length + 1 > MAX_RESULT_CHARS) {
      lines.push(
        `[truncated: the transcript goes on; get_transcript with fromLine ${segment.idx} returns the rest.]`,
      )
      break
    }
    lines.push(line)
    used += line.length + 1
  }
  return lines.join('\n') + '\n'
}
