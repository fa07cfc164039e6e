// First: closes every way out but the egress gate before any other module of ours is evaluated.
import './tripwireFirst'
import { join, resolve } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  net,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron'
import { Core } from '../core/app'
import { guardElectronNet, guardSessionNet } from './guardElectronNet'
import { guardWebContents } from './guardWebContents'
import { hardenSession } from './hardenSession'
import { registerIpcHandlers } from './ipc'
import { forkUtilityWasmDecoder, wasmDecoderUtilityScript } from './forkUtilityWasmDecoder'
import { forkUtilityWhisperWorker, whisperWorkerUtilityScript } from './forkUtilityWhisperWorker'
import { openMainWindow } from './openMainWindow'
import { respondWithMedia } from './respondWithMedia'
import { respondWithRendererFile } from './respondWithRendererFile'
import { APP_SCHEME, MEDIA_SCHEME, privilegedSchemes } from './security'
import { SafeStorageKeyStore } from './SafeStorageKeyStore'
import { TokenVault, type TokenCipher } from './TokenVault'

const log = (error: unknown): void => {
  console.error(error)
}

// Second, right after the tripwire: Electron's own network entry points (Chromium's stack, which
// the tripwire does not see) refuse, and only the whisper worker and the wasm decoder may be forked,
// each only as the engine starts it (issue 9).
const reportUnguarded = (unlocked: string[]): void => {
  if (unlocked.length > 0) console.warn(`Could not lock Electron's ${unlocked.join(', ')}.`)
}
reportUnguarded(
  guardElectronNet({
    net,
    utilityProcess,
    utilityScripts: [whisperWorkerUtilityScript, wasmDecoderUtilityScript],
  }),
)

// Checklist 18: custom schemes, registered before `ready` (Electron allows this call only once).
protocol.registerSchemesAsPrivileged([...privilegedSchemes])
app.enableSandbox()

// One app per profile: two would share the databases and the whisper worker's queue. `quit()`
// only schedules the exit, so a second instance must also skip everything `whenReady` starts; the
// first one brings its window forward instead.
const holdsInstanceLock = app.requestSingleInstanceLock()
if (!holdsInstanceLock) app.quit()
app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows()
  if (window === undefined) return
  if (window.isMinimized()) window.restore()
  window.focus()
})

const rendererRoot = resolve(join(__dirname, '..', 'renderer'))
const preloadPath = join(__dirname, '..', 'preload', 'index.cjs')

// Every session, not only the default one: a partition's session starts with no request filter
// and with its own `fetch`, `resolveHost`, `preconnect` and `downloadURL` (issue 9).
app.on('session-created', (created) => {
  reportUnguarded(guardSessionNet(created))
  hardenSession(created)
})

app.on('web-contents-created', (_event, contents) => {
  guardWebContents(contents, {
    confirmOpenExternal: async (url) => {
      const owner = BrowserWindow.fromWebContents(contents)
      const options = {
        type: 'question' as const,
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: 'Open this page in your web browser?',
        detail: url,
      }
      const { response } = await (owner
        ? dialog.showMessageBox(owner, options)
        : dialog.showMessageBox(options))
      return response === 0
    },
    openExternal: (url) => shell.openExternal(url),
    log,
  })
})

let core: Core | undefined
let disposeIpc: (() => Promise<void>) | undefined

void app.whenReady().then(() => {
  if (!holdsInstanceLock) return
  reportUnguarded(guardSessionNet(session.defaultSession))
  hardenSession(session.defaultSession)
  protocol.handle(APP_SCHEME, (request) => respondWithRendererFile(request, rendererRoot))

  const cipher: TokenCipher = {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    encryptString: (plain) => safeStorage.encryptString(plain),
    decryptString: (sealed) => safeStorage.decryptString(sealed),
    selectedStorageBackend: () =>
      process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  }
  const tokens = new TokenVault({
    file: join(app.getPath('userData'), 'backend-token.bin'),
    cipher,
    warn: (message) => {
      console.warn(message)
    },
  })
  if (tokens.storage === 'basic-text') {
    console.warn(
      'No system keyring was found, so the backend token is stored with a fixed key that any program running as you can read.',
    )
  }
  const keychain = new SafeStorageKeyStore({ dir: join(app.getPath('userData'), 'keys'), cipher })
  if (tokens.storage === 'basic-text') {
    // Sealing with basic_text is a fixed key in Chromium's source: no better than a key file, so
    // the database key goes in one and Settings says what that protects (issue 13).
    console.warn(
      'No system keyring was found, so the database key is kept in a key file in the data folder: the data is protected only against a copied database, not against someone who can read the whole data folder.',
    )
  }
  const started = new Core({
    dataDir: app.getPath('userData'),
    backendToken: tokens.get(),
    // The audit seal and per-recording payload keys live in the OS keychain, not the data folder.
    keys: keychain,
    ...(tokens.storage !== 'basic-text' && { databaseKeychain: keychain }),
    spawnWhisperWorker: forkUtilityWhisperWorker,
    spawnWasmDecoder: forkUtilityWasmDecoder,
  })
  core = started
  protocol.handle(MEDIA_SCHEME, (request) =>
    respondWithMedia(request, { sourcePathOf: (id) => started.recordings.get(id)?.sourcePath }),
  )
  disposeIpc = registerIpcHandlers({ core: started, tokens, log })
  started.reportAppOpened()
  openMainWindow({ BrowserWindow, preloadPath, devTools: !app.isPackaged, log })
})

// Stop the whisper worker and close the databases before exiting, so nothing is left half-written.
let quitting = false
app.on('will-quit', (event) => {
  if (quitting || core === undefined) return
  quitting = true
  event.preventDefault()
  const closing = core
  void (disposeIpc?.() ?? Promise.resolve())
    .then(() => closing.dispose())
    .catch(log)
    .finally(() => {
      app.quit()
    })
})

app.on('window-all-closed', () => {
  app.quit()
})
