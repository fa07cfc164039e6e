import { channelNames } from '../../../shared/channels'
import {
  type ApiResult,
  type EarshotApi,
  type JobEvent,
  type PickedFile,
} from '../../../shared/api'

const TOKEN_EXPIRED = {
  ok: false,
  error: {
    code: 'unauthorized',
    message: 'This page lost its session: open the link `earshot web` printed again.',
  },
} as const

async function toResult<T>(response: Response): Promise<ApiResult<T>> {
  if (response.status === 401) return TOKEN_EXPIRED
  try {
    return (await response.json()) as ApiResult<T>
  } catch {
    return {
      ok: false,
      error: { code: 'bad-response', message: `Earshot answered ${response.status} without data.` },
    }
  }
}

// The page talks to the server it came from and nothing else (CSP connect-src 'self'); the lint
// rule against fetch guards the core's egress, which this is not.
// eslint-disable-next-line no-restricted-globals
const request = (path: string, init: RequestInit): Promise<Response> => fetch(path, init)

const SESSION_KEY = 'earshot.session'

/**
 * The session token: from the printed link's fragment (`#token=…`, which no request carries), then
 * kept in sessionStorage, which belongs to this origin and port only (HTML §11.2.3), so a reload
 * keeps the session and no other localhost server can read it. Never a cookie: cookies ignore
 * ports (RFC 6265 §8.5) and would go to every other server on 127.0.0.1 (issue 9).
 */
function takeSessionToken(): string | null {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get('token')
  if (fromLink !== null && fromLink !== '') {
    sessionStorage.setItem(SESSION_KEY, fromLink)
    // Out of the address bar, so it is not in history or a screenshot either.
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return fromLink
  }
  return sessionStorage.getItem(SESSION_KEY)
}

/** Job events over a fetch stream (EventSource cannot send the Authorization header). */
async function readEvents(
  headers: HeadersInit,
  signal: AbortSignal,
  onEvent: (event: JobEvent) => void,
): Promise<void> {
  const response = await request('/api/events', { headers, signal })
  if (!response.ok || response.body === null) return
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffered = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    buffered += value
    // Server-Sent Events framing (HTML §9.2): frames end with a blank line.
    let end: number
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const frame = buffered.slice(0, end)
      buffered = buffered.slice(end + 2)
      const lines = frame.split('\n')
      const name = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length)
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6))
      if (name === 'job' && data.length > 0) onEvent(JSON.parse(data.join('\n')) as JobEvent)
    }
  }
}

const EVENTS_RETRY_MS = 2000

/**
 * `window.earshot` in web mode: the same typed API as Electron's preload, spoken over the loopback
 * bridge (`POST /api/<channel>`, a fetch stream of `GET /api/events`), each call carrying the session
 * token as `Authorization: Bearer`. Media elements cannot send headers: their URLs carry the media
 * key (reads media only) the page gets once from `GET /api/session`.
 */
export function createWebBridge(): EarshotApi {
  const token = takeSessionToken()
  const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` }
  let mediaKey = ''
  const session: Promise<void> =
    token === null
      ? Promise.resolve()
      : request('/api/session', { headers: auth })
          .then(async (response) => {
            if (response.status === 401) sessionStorage.removeItem(SESSION_KEY)
            if (!response.ok) return
            const body = (await response.json()) as ApiResult<{ mediaKey: string }>
            if (body.ok) mediaKey = body.value.mediaKey
          })
          .catch(() => undefined)

  const calls = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      async (input: unknown) => {
        try {
          // Every call waits for the session, so anything rendered from an answer has the media key.
          await session
          const response = await request(`/api/${channel}`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: input === undefined ? '' : JSON.stringify(input),
          })
          return await toResult(response)
        } catch {
          return {
            ok: false,
            error: {
              code: 'offline',
              message: 'Earshot is not running: start `earshot web` again.',
            },
          }
        }
      },
    ]),
  ) as Omit<EarshotApi, 'stageFile' | 'mediaUrl' | 'onJobEvent'>

  const listeners = new Set<(event: JobEvent) => void>()
  let events: AbortController | null = null
  const openEvents = (): void => {
    const controller = new AbortController()
    events = controller
    const deliver = (event: JobEvent): void => {
      for (const listener of listeners) listener(event)
    }
    // Reconnects like EventSource would, until nobody listens any more.
    const loop = async (): Promise<void> => {
      const { signal } = controller
      const stopped = (): boolean => signal.aborted
      for (;;) {
        await readEvents(auth, signal, deliver).catch(() => undefined)
        // The last unsubscribe aborts the signal, meanwhile or while waiting to reconnect.
        if (stopped()) return
        await new Promise((wake) => setTimeout(wake, EVENTS_RETRY_MS))
      }
    }
    void loop()
  }

  return {
    ...calls,
    stageFile: async (file: PickedFile) => {
      try {
        await session
        // The bytes stream to the loopback server, which writes them under the data folder.
        const response = await request('/api/upload', {
          method: 'POST',
          headers: {
            ...auth,
            'content-type': 'application/octet-stream',
            'x-earshot-filename': encodeURIComponent(file.name),
          },
          body: file,
        })
        return await toResult<{ sourceId: string }>(response)
      } catch {
        return {
          ok: false,
          error: { code: 'upload-failed', message: `${file.name} could not be handed to Earshot.` },
        }
      }
    },
    mediaUrl: (recordingId) =>
      `/api/media/${encodeURIComponent(recordingId)}?key=${encodeURIComponent(mediaKey)}`,
    onJobEvent: (listener) => {
      listeners.add(listener)
      if (events === null) openEvents()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          events?.abort()
          events = null
        }
      }
    },
  }
}
