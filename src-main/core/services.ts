import type { Clock } from './clock'
import type { OpenedVault } from './open-vault'
import { ReminderService } from './reminders/service'
import { SdkConfigService } from './sdk-config/service'

export interface CoreServices {
  reminders: ReminderService
  sdkConfig: SdkConfigService
}

export interface CoreServicesOptions {
  /** Home for the SDK config default paths: os.homedir() in the app, a temp dir in tests. */
  home: string
  /** Where SDK path overrides (AWS_SHARED_CREDENTIALS_FILE, ...) are read; process.env by default. */
  env?: Readonly<Record<string, string | undefined>>
  clock?: Clock
}

/**
 * The services built on an opened vault, for the app and the bridge tests. Kept out of
 * openVault() so the CLI's commands do not load the reminder and config-file code they don't use.
 */
export function createServices(opened: Pick<OpenedVault, 'vault' | 'db'>, opts: CoreServicesOptions): CoreServices {
  return {
    reminders: new ReminderService({ vault: opened.vault, db: opened.db, clock: opts.clock }),
    sdkConfig: new SdkConfigService({ vault: opened.vault, home: opts.home, env: opts.env }),
  }
}
