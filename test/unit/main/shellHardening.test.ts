import { describe, expect, it } from 'vitest'
import { checkedHandler, forbiddenSender } from '../../../src/main/checkedHandler'
import { guardWebContents, type GuardableWebContents } from '../../../src/main/guardWebContents'
import { hardenSession, type HardenableSession } from '../../../src/main/hardenSession'
import {
  openMainWindow,
  type MainWindow,
  type MainWindowOptions,
} from '../../../src/main/openMainWindow'

// Electron cannot run here; these stand-ins record what the code under test asks of the few
// Electron methods it uses, and play Electron's part by calling the handlers it registered.

function recordingSession() {
  const installed: {
    request?: Parameters<HardenableSession['setPermissionRequestHandler']>[0]
    check?: () => boolean
    device?: () => boolean
    beforeRequest?: Parameters<HardenableSession['webRequest']['onBeforeRequest']>[0]
    spellChecker?: boolean
  } = {}
  const session: HardenableSession = {
    setPermissionRequestHandler: (handler) => (installed.request = handler),
    setPermissionCheckHandler: (handler) => (installed.check = handler),
    setDevicePermissionHandler: (handler) => (installed.device = handler),
    setSpellCheckerEnabled: (enabled) => (installed.spellChecker = enabled),
    webRequest: { onBeforeRequest: (listener) => (installed.beforeRequest = listener) },
  }
  return { session, installed }
}

describe('hardenSession (checklist 5, DESIGN.md §5)', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid'])(
    'denies a %s permission request',
    (permission) => {
      const { session, installed } = recordingSession()
      hardenSession(session)
      const answers: boolean[] = []
      installed.request?.({}, permission, (granted) => answers.push(granted))
      expect(answers).toEqual([false])
    },
  )

  it('denies every permission check and device request, and turns the spellchecker off', () => {
    const { session, installed } = recordingSession()
    hardenSession(session)
    expect(installed.check?.()).toBe(false)
    expect(installed.device?.()).toBe(false)
    expect(installed.spellChecker).toBe(false)
  })

  it.each([
    ['https://api.amplitude.com/2/httpapi', true],
    ['http://127.0.0.1:8080/v1/transcripts', true],
    ['file:///etc/passwd', true],
    ['app://earshot/assets/index.js', false],
    ['earshot-media://recording/abc-123', false],
  ])('webRequest: %s cancelled is %s', (url, cancelled) => {
    const { session, installed } = recordingSession()
    hardenSession(session)
    const answers: { cancel: boolean }[] = []
    installed.beforeRequest?.({ url }, (response) => answers.push(response))
    expect(answers).toEqual([{ cancel: cancelled }])
  })
})

type Listener = (event: { preventDefault: () => void; url: string }) => void

function recordingContents() {
  const listeners = new Map<string, Listener>()
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined
  const contents = {
    on: (event: string, listener: Listener) => {
      listeners.set(event, listener)
      return contents
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' }) => {
      openHandler = handler
    },
  } as GuardableWebContents
  const fire = (event: string, url = 'https://github.com/') => {
    let prevented = false
    const listener = listeners.get(event)
    expect(listener, `a listener for ${event}`).toBeDefined()
    listener?.({ url, preventDefault: () => (prevented = true) })
    return prevented
  }
  const openWindow = (url: string) => openHandler?.({ url })
  return { contents, fire, openWindow }
}

function externalDeps(confirm: boolean) {
  const asked: string[] = []
  const opened: string[] = []
  const errors: unknown[] = []
  return {
    asked,
    opened,
    errors,
    deps: {
      confirmOpenExternal: (url: string) => {
        asked.push(url)
        return Promise.resolve(confirm)
      },
      openExternal: (url: string) => {
        opened.push(url)
        return Promise.resolve()
      },
      log: (error: unknown) => errors.push(error),
    },
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('guardWebContents (checklist 13, 14, 15)', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])(
    'prevents %s',
    (event) => {
      const { contents, fire } = recordingContents()
      guardWebContents(contents, externalDeps(true).deps)
      expect(fire(event, 'app://earshot/other.html')).toBe(true)
    },
  )

  it('denies every new window, and asks before opening an allowlisted https link outside', async () => {
    const { contents, openWindow } = recordingContents()
    const external = externalDeps(true)
    guardWebContents(contents, external.deps)
    expect(openWindow('https://github.com/earshot')).toEqual({ action: 'deny' })
    await settle()
    expect(external.asked).toEqual(['https://github.com/earshot'])
    expect(external.opened).toEqual(['https://github.com/earshot'])
  })

  it('opens nothing when the person says no', async () => {
    const { contents, openWindow } = recordingContents()
    const external = externalDeps(false)
    guardWebContents(contents, external.deps)
    expect(openWindow('https://github.com/earshot')).toEqual({ action: 'deny' })
    await settle()
    expect(external.asked).toHaveLength(1)
    expect(external.opened).toEqual([])
  })

  it.each(['https://evil.example/', 'http://github.com/', 'file:///etc/passwd', 'app://earshot/'])(
    'neither asks about nor opens %s',
    async (url) => {
      const { contents, openWindow, fire } = recordingContents()
      const external = externalDeps(true)
      guardWebContents(contents, external.deps)
      expect(openWindow(url)).toEqual({ action: 'deny' })
      expect(fire('will-navigate', url)).toBe(true)
      await settle()
      expect(external.asked).toEqual([])
      expect(external.opened).toEqual([])
    },
  )

  it('offers a navigation to an allowlisted page to the OS browser, the window staying put', async () => {
    const { contents, fire } = recordingContents()
    const external = externalDeps(true)
    guardWebContents(contents, external.deps)
    expect(fire('will-navigate', 'https://huggingface.co/ggerganov/whisper.cpp')).toBe(true)
    await settle()
    expect(external.opened).toEqual(['https://huggingface.co/ggerganov/whisper.cpp'])
  })
})

describe('openMainWindow (checklist 2–4, 9–11)', () => {
  function open(devTools = false) {
    const built: { options?: MainWindowOptions; loaded?: string; shown: number } = { shown: 0 }
    class RecordingWindow implements MainWindow {
      private readyListener: (() => void) | undefined
      constructor(options: MainWindowOptions) {
        built.options = options
      }
      once(_event: 'ready-to-show', listener: () => void) {
        this.readyListener = listener
        return this
      }
      show() {
        built.shown++
      }
      loadURL(url: string) {
        built.loaded = url
        this.readyListener?.()
        return Promise.resolve()
      }
    }
    openMainWindow({
      BrowserWindow: RecordingWindow,
      preloadPath: '/app/out/preload/index.cjs',
      devTools,
      log: () => undefined,
    })
    return built
  }

  it('isolates, sandboxes and keeps Node out of the renderer', () => {
    const prefs = open().options?.webPreferences
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    })
  })

  it('keeps web security on, with no insecure content, experiments, webviews or drag navigation', () => {
    const prefs = open().options?.webPreferences
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs).not.toHaveProperty('additionalArguments')
  })

  it('sets no preference outside the reviewed list', () => {
    expect(Object.keys(open().options?.webPreferences ?? {}).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'devTools',
        'disableBlinkFeatures',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    )
  })

  it('loads the app scheme, never file://, and shows the window once it is ready', () => {
    const built = open()
    expect(built.loaded).toBe('app://earshot/index.html')
    expect(built.options?.show).toBe(false)
    expect(built.shown).toBe(1)
  })

  it('passes the DevTools choice through', () => {
    expect(open(false).options?.webPreferences.devTools).toBe(false)
    expect(open(true).options?.webPreferences.devTools).toBe(true)
  })
})

describe('checkedHandler (the IPC sender check)', () => {
  const echo = checkedHandler((raw) => Promise.resolve({ ok: true, value: raw }))

  it('runs a call from the app top frame', async () => {
    const event = { senderFrame: { url: 'app://earshot/index.html', parent: null } }
    expect(await echo(event, 42)).toEqual({ ok: true, value: 42 })
  })

  it.each([
    ['a subframe', { url: 'app://earshot/index.html', parent: {} }],
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['a destroyed frame', null],
  ])('refuses a call from %s without running the handler', async (_name, senderFrame) => {
    let ran = false
    const guarded = checkedHandler(() => {
      ran = true
      return Promise.resolve({ ok: true, value: null })
    })
    expect(await guarded({ senderFrame }, {})).toEqual(forbiddenSender)
    expect(ran).toBe(false)
  })
})
