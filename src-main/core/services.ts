import type { Clock } from './clock'
import type { OpenedVault } from './open-vault'
import { systemClock } from './clock'
import { ImportService } from './import/service'
import { CopiesService } from './placements/copies'
import { PlacementService } from './placements/service'
import { ReminderService } from './reminders/service'
import { SdkConfigService } from './sdk-config/service'
import { PlacementRepo } from './store/placement-repo'
import { FileLockRepo } from './store/file-lock-repo'
import { FileLocks } from './files/file-lock'
import { FileBackups, fileBackupRoot } from './sdk-config/file-backups'
import { BackupSealer } from './sdk-config/backup-sealer'
import { FoundCopies } from './scan/found-copies'
import { FoundCopyRepo } from './store/found-copy-repo'

export interface CoreServices {
  reminders: ReminderService
  sdkConfig: SdkConfigService
  /** Where tokens were written into files, and what those files hold now. */
  placements: PlacementService
  /** Updating and removing the copies of a token in files. */
  copies: CopiesService
  /** Credentials already in the SDK files of this computer, and their import. */
  imports: ImportService
  /** The copies tokendesk scan found of each token, with their state now. */
  foundCopies: FoundCopies
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
export function createServices(opened: Pick<OpenedVault, 'vault' | 'db' | 'secrets' | 'dataDir'>, opts: CoreServicesOptions): CoreServices {
  const placements = placementService(opened, opts.clock)
  const sdkConfig = sdkConfigService(opened, placements, opts)
  return {
    reminders: new ReminderService({ vault: opened.vault, db: opened.db, clock: opts.clock }),
    sdkConfig,
    placements,
    copies: copiesService(opened, placements, sdkConfig),
    imports: new ImportService({ vault: opened.vault, placements, home: opts.home, env: opts.env ?? process.env }),
    foundCopies: foundCopies(opened),
  }
}

/** The placements over an opened vault (the CLI's config commands build only this and the SDK-config service). */
export function placementService(opened: Pick<OpenedVault, 'vault' | 'db' | 'secrets' | 'dataDir'>, clock: Clock = systemClock): PlacementService {
  return new PlacementService({ repo: new PlacementRepo(opened.db), vault: opened.vault, secrets: opened.secrets, clock, backups: fileBackups(opened) })
}

/** The SDK-config writer over an opened vault: its placements, and backups in the vault's data folder. */
export function sdkConfigService(
  opened: Pick<OpenedVault, 'vault' | 'dataDir' | 'db' | 'secrets'>,
  placements: PlacementService,
  where: { home: string; env?: Readonly<Record<string, string | undefined>>; selfCommand?: readonly string[] },
): SdkConfigService {
  return new SdkConfigService({ vault: opened.vault, placements, backups: fileBackups(opened), locks: new FileLocks(new FileLockRepo(opened.db)), home: where.home, env: where.env, ...(where.selfCommand ? { selfCommand: where.selfCommand } : {}) })
}

/** Updates and removals of a token's copies in files, over the same placements and writer. */
export function copiesService(opened: Pick<OpenedVault, 'vault' | 'db' | 'secrets'>, placements: PlacementService, sdk: SdkConfigService): CopiesService {
  return new CopiesService({ placements, sdk, vault: opened.vault, found: foundCopies(opened) })
}

/** The copies tokendesk scan found of each token, with their state now (scan/found-copies.ts). */
export const foundCopies = (opened: Pick<OpenedVault, 'vault' | 'db' | 'secrets'>): FoundCopies => new FoundCopies({ repo: new FoundCopyRepo(opened.db), vault: opened.vault, secrets: opened.secrets })

/** The sealed earlier versions of the files TokenDesk changed, in the data folder (sdk-config/file-backups.ts). */
export const fileBackups = (opened: Pick<OpenedVault, 'dataDir' | 'secrets'>): FileBackups => new FileBackups(fileBackupRoot(opened.dataDir), new BackupSealer(opened.secrets))

export { fileBackupRoot }
