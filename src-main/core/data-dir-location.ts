import { homedir } from 'node:os'
import { join, resolve as resolvePath } from 'node:path'

export const APP_DIR_NAME = 'TokenDesk'

/**
 * The folder that holds the metadata database: `TOKENDESK_HOME` when set, else the same
 * user-data folder Electron's `app.getPath('userData')` gives, so the CLI and the app share one vault.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TOKENDESK_HOME) return resolvePath(env.TOKENDESK_HOME)
  const home = env.HOME ?? homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_DIR_NAME)
}
