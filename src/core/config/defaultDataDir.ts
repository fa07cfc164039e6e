import { homedir } from 'node:os'
import { join } from 'node:path'

/** Electron's `app.getPath('userData')` for an app named Earshot, so the CLI and the app share data. */
export const APP_NAME = 'Earshot'

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME)
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME)
}

/** `--data-dir` wins, then `EARSHOT_DATA_DIR`, then the app's own folder. */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return flag ?? env.EARSHOT_DATA_DIR ?? defaultDataDir(env)
}
