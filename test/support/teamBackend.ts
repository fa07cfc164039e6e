import { randomUUID } from 'node:crypto'
import { afterEach } from 'vitest'
import { ReferenceBackend, type ReferenceBackendOptions } from '../../src/backend/ReferenceBackend'
import type { TranscriptUpload } from '../../src/shared/upload'
import { useTeamDatabases, type TeamEngine } from './teamDatabases'

/**
 * The team server's tests' common set-up: a fresh database per start on the engine asked for, the
 * server listening on loopback, closed after each test.
 */
export function useTeamBackends() {
  const database = useTeamDatabases()
  const running: ReferenceBackend[] = []
  afterEach(async () => {
    for (const backend of running.splice(0)) await backend.close()
  })
  return {
    /** Starts a server on a fresh database (or `db`, to open one again). */
    start: async (
      engine: TeamEngine,
      options: Omit<ReferenceBackendOptions, 'db' | 'dbPath'> & { db?: string } = {},
    ) => {
      const db = options.db ?? (await database(engine))
      const backend = new ReferenceBackend({ ...options, db })
      running.push(backend)
      return { backend, db, url: await backend.listen() }
    },
    /** A server this file closes after the test, opened by the test itself. */
    adopt: (backend: ReferenceBackend) => {
      running.push(backend)
      return backend
    },
    /** Closes the servers started so far (a restart in the middle of a test). */
    closeAll: async () => {
      for (const backend of running.splice(0)) await backend.close()
    },
  }
}

/** A valid upload of these lines, one 4 s segment each by the speaker "Customer", 5 s apart. */
export function teamUpload(
  texts: readonly string[],
  overrides: Partial<TranscriptUpload> = {},
): TranscriptUpload {
  return {
    schemaVersion: 1,
    recordingId: randomUUID(),
    durationMs: 600_000,
    language: 'en',
    createdAt: '2026-11-30T10:00:00.000Z',
    segments: texts.map((text, i) => ({
      startMs: i * 5000,
      endMs: i * 5000 + 4000,
      speaker: 'Customer',
      text,
    })),
    summary: null,
    signals: [],
    metrics: null,
    client: { appVersion: '0.1.0', installId: randomUUID() },
    ...overrides,
  }
}

/** `POST /v1/transcripts` with a fresh Idempotency-Key unless `headers` gives one. */
export function postTranscript(
  url: string,
  token: string,
  body: string | TranscriptUpload,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/v1/transcripts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** `DELETE /v1/transcripts/{id}`. */
export function deleteTranscript(
  url: string,
  token: string,
  id: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/v1/transcripts/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}`, ...headers },
  })
}
