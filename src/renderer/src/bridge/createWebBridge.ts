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

/**
 * `window.earshot` in web mode: the same typed API as Electron's preload, spoken over the loopback
 * bridge (`POST /api/<channel>`, `GET /api/events`). Auth rides on the HttpOnly session cookie.
 */
export function createWebBridge(): EarshotApi {
  const calls = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      async (input: unknown) => {
        try {
          const response = await request(`/api/${channel}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
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
  let source: EventSource | null = null
  const openEvents = (): void => {
    source = new EventSource('/api/events')
    source.addEventListener('job', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as JobEvent
      for (const listener of listeners) listener(event)
    })
  }

  return {
    ...calls,
    stageFile: async (file: PickedFile) => {
      try {
        // The bytes stream to the loopback server, which writes them under the data folder.
        const response = await request('/api/upload', {
          method: 'POST',
          headers: {
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
    mediaUrl: (recordingId) => `/api/media/${encodeURIComponent(recordingId)}`,
    onJobEvent: (listener) => {
      listeners.add(listener)
      if (source === null) openEvents()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          source?.close()
          source = null
        }
      }
    },
  }
}
