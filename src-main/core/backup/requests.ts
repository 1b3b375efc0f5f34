import { z } from 'zod'

/**
 * The app's backup requests, checked where they cross the bridge. The path is absolute (the app
 * has no working directory a relative one could mean); the passphrase's rules are age-crypt.ts's.
 */
const FilePath = z
  .string()
  .min(1, 'a file is required')
  .max(4096, 'the path is too long')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'give the full path of the file')
const Passphrase = z.string().min(1, 'the passphrase is empty').max(1024, 'the passphrase is at most 1024 characters')

export const BackupCreateRequestSchema = z.object({ path: FilePath, passphrase: Passphrase, overwrite: z.boolean().default(false) }).strict()
export const BackupRestoreRequestSchema = z.object({ path: FilePath, passphrase: Passphrase, rename: z.boolean().default(false) }).strict()

/** What a backup wrote and a restore did, as the bridge carries them. */
export interface BackupReport {
  tokens: number
  /** Tokens left out because the keychain has no secret for them (`tokendesk doctor` explains). */
  missingSecrets: string[]
}

export interface RestoreReport {
  createdAt: number
  restored: { name: string; from: string }[]
  skipped: { name: string; reason: string }[]
  failed: { name: string; reason: string }[]
}
