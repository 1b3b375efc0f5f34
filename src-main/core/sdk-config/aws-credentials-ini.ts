import { invalid } from '../errors'
import { removeIniSection, setIniSection } from './ini-edit'
import { assertPrintable } from './text'

/**
 * AWS shared credentials file: `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`), INI with
 * one `[profile-name]` section per profile (no `profile ` prefix, unlike ~/.aws/config) holding
 * `aws_access_key_id`, `aws_secret_access_key` and optionally `aws_session_token`. Source: AWS CLI
 * User Guide, "Configuration and credential file settings"
 * (docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html). Amazon Braket's SDK reads it
 * through boto3.
 *
 * Edited line by line (ini-edit.ts, configparser's reading rules) so every other profile, key and
 * comment stays byte for byte.
 */
export const AWS_DEFAULT_FILE = '~/.aws/credentials'
export const AWS_DEFAULT_PROFILE = 'default'

export interface AwsEntry {
  profile?: string
  accessKeyId: string
  secretAccessKey: string
  /** When absent, an existing session token in the profile is removed: it belonged to old keys. */
  sessionToken?: string
}

const PROFILE = /^[A-Za-z0-9_.+@-]{1,64}$/
const OWNED = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'] as const

export function renderAwsCredentials(existing: string | null, entry: AwsEntry, file = AWS_DEFAULT_FILE): { text: string } {
  const profile = entry.profile ?? AWS_DEFAULT_PROFILE
  if (!PROFILE.test(profile)) throw invalid('an AWS profile name uses letters, digits and . _ + @ - (at most 64)')
  assertPrintable(entry.accessKeyId, 'the AWS access key id')
  assertPrintable(entry.secretAccessKey, 'the AWS secret access key')
  if (entry.sessionToken !== undefined) assertPrintable(entry.sessionToken, 'the AWS session token')
  const values: Record<(typeof OWNED)[number], string | undefined> = {
    aws_access_key_id: entry.accessKeyId,
    aws_secret_access_key: entry.secretAccessKey,
    aws_session_token: entry.sessionToken,
  }
  return { text: setIniSection(existing, profile, values, OWNED, file) }
}

/**
 * Removes a profile's credentials: its three credential keys, and the whole `[profile]` section
 * when nothing else is left in it (settings such as `region` keep the section). Null when there
 * is no such profile.
 */
export function removeAwsProfile(existing: string, profile: string, file = AWS_DEFAULT_FILE): string | null {
  return removeIniSection(existing, profile, OWNED, file)
}
