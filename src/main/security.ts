import { contentSecurityPolicy } from '../core/http/contentSecurityPolicy'

/**
 * The Electron security checklist's policy, as constants and pure predicates, so tests can assert
 * them without an Electron binary. The modules that apply them take Electron's objects as
 * parameters (hardenSession, guardWebContents, openMainWindow).
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'earshot'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const MEDIA_SCHEME = 'earshot-media'

/** The desktop app plays recordings from its own media scheme, nothing else. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(`${MEDIA_SCHEME}:`)

/**
 * Checklist 18: the app's schemes, registered before `ready`. `standard` gives URLs a host (and a
 * real origin for 'self'); `secure` makes them a secure context. The media scheme streams (Electron
 * needs `stream` for <video> to seek through a protocol.handle response) and is not exempt from
 * the CSP; it answers no fetch(): the player is its only client.
 */
export const privilegedSchemes = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  {
    scheme: MEDIA_SCHEME,
    privileges: { standard: true, secure: true, stream: true, bypassCSP: false },
  },
] as const

/**
 * DESIGN.md §5: the only requests the session lets through. Everything else (http, https, ws,
 * file, ftp…) is cancelled by `session.webRequest`, whatever the renderer was tricked into asking.
 */
export function isAllowedRequestUrl(url: string): boolean {
  const parsed = parseUrl(url)
  if (parsed === null) return false
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST
  if (parsed.protocol === `${MEDIA_SCHEME}:`) return parsed.host === 'recording'
  // The DevTools front end loads from devtools://; it opens only where the window allows DevTools.
  return parsed.protocol === 'devtools:'
}

/** True for the app's own pages, e.g. `app://earshot/index.html`; not `app://earshot.evil/`. */
export function isAppPageUrl(url: string): boolean {
  const parsed = parseUrl(url)
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST
}

/** The part of Electron's `WebFrameMain` the IPC sender check reads. */
export interface SenderFrame {
  readonly url: string
  readonly parent: unknown
}

/**
 * VS Code's rule for IPC: only the app's own top frame may call in. A subframe or a page of any
 * other origin (were one ever to load) is refused before its input is even parsed.
 */
export function isAppTopFrame(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppPageUrl(frame.url)
}

/**
 * Pages a link in the app may open in the OS browser, after the person confirms: the project's
 * own help and the model host. Exact https origins; anything else is simply not opened.
 */
export const EXTERNAL_LINK_ORIGINS: readonly string[] = [
  'https://github.com',
  'https://huggingface.co',
]

/** Checklist 15: openExternal only for https URLs of an allowlisted origin, without credentials. */
export function isAllowedExternalUrl(
  url: string,
  allowedOrigins: readonly string[] = EXTERNAL_LINK_ORIGINS,
): boolean {
  const parsed = parseUrl(url)
  return (
    parsed !== null &&
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    allowedOrigins.includes(parsed.origin)
  )
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
