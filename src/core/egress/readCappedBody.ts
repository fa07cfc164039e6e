import { EgressError } from './EgressError'

/** A response body read whole, up to `max` bytes; beyond that the stream is cancelled. */
export async function readCappedBody(response: Response, max: number): Promise<Uint8Array> {
  const source = response.body
  if (source === null) return new Uint8Array(0)
  // undici types the body as ReadableStream<any>; the Fetch standard makes it bytes.
  const reader = (source as ReadableStream<Uint8Array>).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) break
    total += chunk.value.byteLength
    if (total > max) {
      await reader.cancel().catch(() => undefined)
      throw new EgressError('response-too-large', `The answer is over ${max} bytes.`)
    }
    chunks.push(chunk.value)
  }
  const body = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}
