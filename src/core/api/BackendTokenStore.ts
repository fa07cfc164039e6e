import type { TokenStorage } from '../../shared/backendViews'

/**
 * Where the backend token lives. The desktop app implements it on the OS keychain (Electron
 * safeStorage, in src/main); web mode keeps it in memory for the session (`memoryTokenStore`).
 * The token never goes back to the renderer, only whether one is set.
 */
export interface BackendTokenStore {
  readonly storage: TokenStorage
  get: () => string | undefined
  /** null forgets it. */
  set: (token: string | null) => void | Promise<void>
}

/** Web mode and tests: held by this process only, seeded from EARSHOT_BACKEND_TOKEN if set. */
export function memoryTokenStore(initial: string | undefined): BackendTokenStore {
  let token = initial === '' ? undefined : initial
  return {
    storage: 'memory',
    get: () => token,
    set: (next) => {
      token = next ?? undefined
    },
  }
}
