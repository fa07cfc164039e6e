import type { IncomingMessage } from 'node:http'

export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** An API call's JSON body, capped; an empty body is `undefined` (the input of `z.void()` calls). */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? ''
  // Requiring JSON also means a cross-site form could never post here without a CORS preflight.
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new BodyError(415, 'unsupported-media-type', 'API calls take application/json.')
  }
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > maxBytes) throw new BodyError(413, 'too-large', 'The request body is too large.')
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new BodyError(400, 'invalid-json', 'The request body is not valid JSON.')
  }
}
