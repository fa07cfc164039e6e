import { isAllowedRequestUrl } from './security'

/**
 * The parts of Electron's `Session` this module sets, typed structurally so a test can hand in a
 * recording stand-in (Electron itself cannot run there).
 */
export interface HardenableSession {
  setPermissionRequestHandler: (
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void,
  ) => void
  setPermissionCheckHandler: (handler: () => boolean) => void
  setDevicePermissionHandler: (handler: () => boolean) => void
  setSpellCheckerEnabled: (enabled: boolean) => void
  webRequest: {
    onBeforeRequest: (
      listener: (
        details: { url: string },
        callback: (response: { cancel: boolean }) => void,
      ) => void,
    ) => void
  }
}

/**
 * Checklist 5 and DESIGN.md §5, on the session the window uses: every permission request and
 * check denied (camera, microphone, notifications, HID/USB/serial), and every request that is not
 * the app's own scheme or `earshot-media:` cancelled.
 */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => {
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  // Chromium's spellchecker fetches dictionaries from Google's CDN on Windows and Linux.
  session.setSpellCheckerEnabled(false)
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) })
  })
}
