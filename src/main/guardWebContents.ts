import { isAllowedExternalUrl } from './security'

interface PreventableEvent {
  preventDefault: () => void
}

/** The parts of Electron's `WebContents` guarded here (structural, so tests pass a stand-in). */
export interface GuardableWebContents {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    listener: (event: PreventableEvent & { url: string }) => void,
  ): unknown
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown
  setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' }) => void
}

export interface ExternalLinkDeps {
  /** Asks the person whether to open `url` in their browser (a dialog in the app). */
  confirmOpenExternal: (url: string) => Promise<boolean>
  /** `shell.openExternal`. */
  openExternal: (url: string) => Promise<void>
  log: (error: unknown) => void
}

/**
 * Checklist 13 and 14 on every web contents the app creates: no navigation away from the loaded
 * page, no redirects, no webviews, no new windows. A link to an allowlisted https page is offered
 * to the OS browser instead, and opens only after the person confirms.
 */
export function guardWebContents(contents: GuardableWebContents, deps: ExternalLinkDeps): void {
  const offerExternally = (url: string): void => {
    if (!isAllowedExternalUrl(url)) return
    deps
      .confirmOpenExternal(url)
      .then((confirmed) => (confirmed ? deps.openExternal(url) : undefined))
      .catch(deps.log)
  }
  // In-page (hash) navigation, which the router uses, raises none of these events.
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    offerExternally(event.url)
  })
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    offerExternally(url)
    return { action: 'deny' }
  })
}
