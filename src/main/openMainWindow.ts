import { APP_ORIGIN } from './security'

/** What `openMainWindow` does with the window (a part of Electron's `BrowserWindow`). */
export interface MainWindow {
  once: (event: 'ready-to-show', listener: () => void) => unknown
  show: () => void
  loadURL: (url: string) => Promise<void>
}

/** The options the window is built with; the type of `BrowserWindow`'s constructor argument. */
export interface MainWindowOptions {
  width: number
  height: number
  show: boolean
  title: string
  webPreferences: Record<string, unknown> & { preload: string }
}

export interface OpenMainWindowDeps {
  /** Electron's `BrowserWindow` class (a recording stand-in in tests). */
  BrowserWindow: new (options: MainWindowOptions) => MainWindow
  /** The sandboxed preload bundle (CommonJS). */
  preloadPath: string
  /** DevTools only in development builds. */
  devTools: boolean
  log: (error: unknown) => void
}

/**
 * The app window. Its webPreferences are written out here, as a literal, so the code that sets
 * them is what the security tests assert and what Electronegativity reads (checklist 2–4, 9–11).
 */
export function openMainWindow({
  BrowserWindow,
  preloadPath,
  devTools,
  log,
}: OpenMainWindowDeps): MainWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Earshot',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would otherwise open links in new windows behind the open handler's back.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  })
  window.once('ready-to-show', () => {
    window.show()
  })
  window.loadURL(`${APP_ORIGIN}/index.html`).catch(log)
  return window
}
