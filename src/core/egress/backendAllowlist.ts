import { checkDestination } from './checkDestination'

/** Where uploads and deletions go, from configuration (`backend.url`, the token from the keychain or env). */
export interface BackendConfig {
  /** The backend's base URL; a path prefix is kept (`https://host/earshot/`). Null when unset. */
  url: string | null
  /** The bearer token; the only Authorization value the gate lets out. */
  token?: string | undefined
}

export interface BackendAllowlist {
  origins: string[]
  basePaths: ReadonlyMap<string, string>
  authorization: string | undefined
}

/**
 * RFC 6750 §2.1 b64token, 16 characters (the reference backend's minimum) to 512: long enough for
 * any real token, short enough that a "token" is no channel for data.
 */
const bearerToken = /^[A-Za-z0-9\-._~+/]{16,512}=*$/

/**
 * The backend as allowlist entries. A URL the gate would refuse anyway (plain http off literal
 * loopback, credentials) adds nothing: requests to it are then blocked with that reason, and the
 * app still starts. Likewise a malformed token allows no Authorization header at all.
 */
export function backendAllowlist(config: BackendConfig | undefined): BackendAllowlist {
  const token = config?.token
  const authorization =
    token !== undefined && bearerToken.test(token) ? `Bearer ${token}` : undefined
  const url = config?.url ?? null
  if (url === null) return { origins: [], basePaths: new Map(), authorization }
  let parsed: URL
  try {
    parsed = new URL(url)
    checkDestination(parsed, new Set([parsed.origin]))
  } catch {
    return { origins: [], basePaths: new Map(), authorization }
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    return { origins: [], basePaths: new Map(), authorization }
  }
  const base = parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`
  return { origins: [parsed.origin], basePaths: new Map([[parsed.origin, base]]), authorization }
}
