import { describe, expect, it } from 'vitest'
import type { EgressAuditEntry } from '../../../src/core/egress/AuditSink'
import { EgressGate, type EgressGateDeps } from '../../../src/core/egress/EgressGate'
import { EgressError } from '../../../src/core/egress/EgressError'

const hf = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny.bin'

interface Call {
  url: string
  init: RequestInit | undefined
}

/** A gate over a scripted fetch: no sockets in unit tests. */
function gateWith(
  respond: (call: Call, n: number) => Promise<Response> | Response,
  deps: Partial<EgressGateDeps> = {},
) {
  const calls: Call[] = []
  const audit: EgressAuditEntry[] = []
  const gate = new EgressGate({
    clock: () => new Date('2026-01-02T03:04:05Z'),
    auditSink: { append: (entry) => void audit.push(entry) },
    fetchImpl: async (input, init) => {
      const call = { url: input instanceof Request ? input.url : String(input), init }
      calls.push(call)
      return respond(call, calls.length)
    },
    ...deps,
  })
  return { gate, calls, audit }
}

const readAll = async (response: { body: AsyncIterable<Uint8Array> }) => {
  let n = 0
  for await (const chunk of response.body) n += chunk.byteLength
  return n
}

const redirect = (location: string) => new Response(null, { status: 302, headers: { location } })

describe('EgressGate.download', () => {
  it('asks fetch never to follow redirects and sends no body', async () => {
    const { gate, calls } = gateWith(() => new Response('abc'))
    await expect(gate.download({ purpose: 'model-download', url: hf }, readAll)).resolves.toBe(3)
    expect(calls[0]?.init).toMatchObject({ method: 'GET', redirect: 'manual' })
    expect(calls[0]?.init?.body).toBeUndefined()
  })

  it('follows allowlisted redirects itself and hands over the final response', async () => {
    const cdn = 'https://cas-bridge.xethub.hf.co/xet-bridge-us/abc?X-Amz-Signature=secret'
    const { gate, calls, audit } = gateWith((_, n) =>
      n === 1 ? redirect(cdn) : new Response('abcd'),
    )
    const url = await gate.download({ purpose: 'model-download', url: hf }, async (r) => {
      await readAll(r)
      return r.url
    })
    expect(url).toBe(cdn)
    expect(calls.map((c) => c.url)).toEqual([hf, cdn])
    expect(audit.map((e) => [e.kind, e.destination, e.status])).toEqual([
      ['attempt', hf, undefined],
      ['outcome', hf, 302],
      // The signed query string stays out of the log.
      ['attempt', 'https://cas-bridge.xethub.hf.co/xet-bridge-us/abc', undefined],
      ['outcome', 'https://cas-bridge.xethub.hf.co/xet-bridge-us/abc', 200],
    ])
  })

  it('gives up after five redirects', async () => {
    const { gate, calls, audit } = gateWith((_, n) => redirect(`${hf}?hop=${n}`))
    await expect(
      gate.download({ purpose: 'model-download', url: hf }, readAll),
    ).rejects.toMatchObject({
      code: 'too-many-redirects',
    })
    expect(calls).toHaveLength(6)
    expect(audit.at(-1)).toMatchObject({ kind: 'blocked', reason: 'too-many-redirects' })
  })

  it('refuses a redirect from https down to http, even to an allowlisted loopback origin', async () => {
    const { gate, calls } = gateWith(() => redirect('http://127.0.0.1:8123/m.bin'), {
      extraOrigins: { 'model-download': ['http://127.0.0.1:8123'] },
    })
    await expect(
      gate.download({ purpose: 'model-download', url: hf }, readAll),
    ).rejects.toMatchObject({
      code: 'insecure-url',
    })
    expect(calls).toHaveLength(1)
  })

  it('refuses headers the purpose does not allow, before anything is sent', async () => {
    const { gate, calls, audit } = gateWith(() => new Response('x'))
    const request = {
      purpose: 'model-download' as const,
      url: hf,
      headers: { Authorization: 'Bearer t' },
    }
    await expect(gate.download(request, readAll)).rejects.toMatchObject({
      code: 'header-not-allowed',
    })
    expect(calls).toHaveLength(0)
    expect(audit).toMatchObject([{ kind: 'blocked', reason: 'header-not-allowed' }])
  })

  it('refuses a streaming GET for purposes that only send', async () => {
    const { gate, calls } = gateWith(() => new Response('x'), {
      extraOrigins: { upload: ['https://backend.example'] },
    })
    const request = { purpose: 'upload' as const, url: 'https://backend.example/v1/health' }
    await expect(gate.download(request, readAll)).rejects.toMatchObject({
      code: 'method-not-allowed',
    })
    expect(calls).toHaveLength(0)
  })

  it('turns a non-2xx answer into http-error with the status', async () => {
    const { gate, audit } = gateWith(
      () => new Response('gone', { status: 404, statusText: 'Not Found' }),
    )
    const failure = gate.download({ purpose: 'model-download', url: hf }, readAll)
    await expect(failure).rejects.toBeInstanceOf(EgressError)
    await expect(failure).rejects.toMatchObject({ code: 'http-error', status: 404 })
    expect(audit.at(-1)).toMatchObject({ kind: 'outcome', status: 404, reason: 'http-error' })
  })

  it('writes the attempt to the audit sink before the request starts', async () => {
    const audit: EgressAuditEntry[] = []
    const seenAtFetch: number[] = []
    const gate = new EgressGate({
      clock: () => new Date(0),
      auditSink: { append: (entry) => Promise.resolve(void audit.push(entry)) },
      fetchImpl: () => {
        seenAtFetch.push(audit.length)
        return Promise.resolve(new Response('x'))
      },
    })
    await gate.download({ purpose: 'model-download', url: hf }, readAll)
    expect(seenAtFetch).toEqual([1])
  })

  it('sends nothing when the audit sink cannot record the attempt', async () => {
    let fetched = 0
    const gate = new EgressGate({
      clock: () => new Date(0),
      auditSink: {
        append: () => {
          throw new Error('disk full')
        },
      },
      fetchImpl: () => {
        fetched++
        return Promise.resolve(new Response('x'))
      },
    })
    await expect(
      gate.download({ purpose: 'model-download', url: hf }, readAll),
    ).rejects.toMatchObject({
      code: 'audit-failed',
    })
    expect(fetched).toBe(0)
  })

  it('times out when no response arrives within the connect timeout', async () => {
    const { gate } = gateWith(
      ({ init }) =>
        new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener('abort', () => {
            reject(new Error('aborted by signal'))
          })
        }),
      { timeouts: { connectMs: 50 } },
    )
    await expect(
      gate.download({ purpose: 'model-download', url: hf }, readAll),
    ).rejects.toMatchObject({
      code: 'timeout',
    })
  })

  it('reports a caller abort as aborted, not as a timeout', async () => {
    const controller = new AbortController()
    const { gate } = gateWith(({ init }) => {
      controller.abort()
      return Promise.reject(init?.signal?.reason as Error)
    })
    await expect(
      gate.download({ purpose: 'model-download', url: hf, signal: controller.signal }, readAll),
    ).rejects.toMatchObject({ code: 'aborted' })
  })

  it('passes the consumer’s own errors through unchanged and audits the outcome', async () => {
    const { gate, audit } = gateWith(() => new Response('x'))
    const mine = new Error('disk full')
    await expect(
      gate.download({ purpose: 'model-download', url: hf }, () => Promise.reject(mine)),
    ).rejects.toBe(mine)
    expect(audit.at(-1)).toMatchObject({ kind: 'outcome', status: 200, reason: 'consumer-error' })
  })

  it('rejects config that would allow plain http off loopback, or a URL as an origin', () => {
    const make = (origin: string) => () =>
      new EgressGate({ clock: () => new Date(0), extraOrigins: { upload: [origin] } })
    expect(make('http://backend.example')).toThrow(
      expect.objectContaining({ code: 'insecure-url' }),
    )
    expect(make('https://backend.example/v1')).toThrow(
      expect.objectContaining({ code: 'invalid-url' }),
    )
    expect(make('http://127.0.0.1:4000')).not.toThrow()
  })
})
