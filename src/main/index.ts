import { join, normalize, resolve, sep } from 'node:path'
import { readFile } from 'node:fs/promises'
import { app, BrowserWindow, protocol, session } from 'electron'
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  hardenedWebPreferences,
  isAppUrl,
} from './security'
import { registerIpcHandlers } from './ipc'
import { Core } from '../core/app'
import { installTripwire } from '../core/egress/tripwire'

// Before anything else can open a socket: every way out but the egress gate is closed (DESIGN.md §5).
installTripwire({ allowLoopback: true })

// Checklist 18: serve the renderer from a custom scheme, not file://.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

const rendererRoot = resolve(join(__dirname, '..', 'renderer'))
const mimeTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url)
    const file = normalize(
      join(rendererRoot, pathname === '/' ? 'index.html' : decodeURIComponent(pathname)),
    )
    if (!file.startsWith(rendererRoot + sep)) return new Response('not found', { status: 404 })
    try {
      const body = await readFile(file)
      const ext = file.slice(file.lastIndexOf('.'))
      return new Response(body, {
        headers: {
          'content-type': mimeTypes[ext] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
        },
      })
    } catch {
      return new Response('not found', { status: 404 })
    }
  })
}

function hardenSession(): void {
  // Checklist 5: deny every permission request (camera, notifications, …).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => {
    callback(false)
  })
  session.defaultSession.setPermissionCheckHandler(() => false)
  // DESIGN.md §5: the renderer reaches nothing but the app's own scheme.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAppUrl(details.url) })
  })
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Earshot',
    webPreferences: hardenedWebPreferences(join(__dirname, '..', 'preload', 'index.cjs')),
  })
  window.once('ready-to-show', () => {
    window.show()
  })
  void window.loadURL(`${APP_ORIGIN}/index.html`)
}

app.on('web-contents-created', (_event, contents) => {
  // Checklist 13/14: no navigation, no new windows, no webviews.
  contents.on('will-navigate', (event) => {
    event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.enableSandbox()
let core: Core | undefined
let unregisterIpc: (() => void) | undefined

void app.whenReady().then(() => {
  hardenSession()
  serveRenderer()
  core = new Core({ dataDir: app.getPath('userData') })
  unregisterIpc = registerIpcHandlers(core)
  createWindow()
})

// Stop the whisper worker and close the databases before exiting, so nothing is left half-written.
let quitting = false
app.on('will-quit', (event) => {
  if (quitting || core === undefined) return
  quitting = true
  event.preventDefault()
  unregisterIpc?.()
  void core.dispose().finally(() => {
    app.quit()
  })
})

app.on('window-all-closed', () => {
  app.quit()
})
