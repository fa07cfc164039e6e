import type { BackendStatus } from '../../shared/backendViews'
import type { Core } from '../app'
import type { BackendSession } from './BackendSession'
import type { BackendTokenStore } from './BackendTokenStore'
import type { SensitiveChange } from './ChangeConfirmer'
import type { ApiHandlers } from './createApiHandlers'

type BackendHandlers = Pick<ApiHandlers, 'backend.status' | 'backend.setToken' | 'backend.check'>

/** Backend URL, token and connection test for Settings and the first run. */
export function backendHandlers(
  core: Core,
  tokens: BackendTokenStore,
  session: BackendSession,
  /** Throws unless the user confirmed the change outside the page (see ChangeConfirmer). */
  confirmed: (change: SensitiveChange, what: string) => Promise<void>,
): BackendHandlers {
  const status = (): BackendStatus => ({
    url: core.settings.get('backend.url'),
    tokenSet: (tokens.get() ?? '') !== '',
    tokenStorage: tokens.storage,
  })
  return {
    'backend.status': () => Promise.resolve(status()),

    // A new token is a new identity for uploads, so it needs the user's yes; forgetting one does not.
    'backend.setToken': async ({ token }) => {
      if (token !== null) await confirmed({ kind: 'backend-token' }, 'The backend token')
      await tokens.set(token)
      return status()
    },

    // The same path as `earshot backend check`: the health request through the egress gate.
    'backend.check': async () => {
      const started = performance.now()
      const health = await session.sync().checkBackend()
      return { ...health, latencyMs: Math.round(performance.now() - started) }
    },
  }
}
