import { invalid } from '../errors'
import { removeIniSection, setIniSection } from './ini-edit'

/**
 * A profile in the AWS config file (`~/.aws/config`, or `AWS_CONFIG_FILE`) whose credentials come
 * from TokenDesk at run time: `credential_process = "/abs/node" /abs/tokendesk.cjs credential-process aws REF`.
 * The AWS SDKs and the AWS CLI run that command and read its JSON (AWS CLI User Guide, "Sourcing
 * credentials with an external process"): no key is on disk. In the config file a profile's
 * section is `[profile NAME]`, except `[default]` (unlike the credentials file). The command is
 * parsed by the SDKs, not a shell: the guide asks for absolute paths, double quotes around any part
 * with a space, no `~` and no variables. Edited line by line (ini-edit.ts) so every other
 * profile, key and comment stays byte for byte.
 */
export const AWS_CONFIG_DEFAULT_FILE = '~/.aws/config'

export interface AwsProcessEntry {
  profile?: string
  /** The whole credential_process value. */
  command: string
}

const PROFILE = /^[A-Za-z0-9_.+@-]{1,64}$/
const OWNED = ['credential_process'] as const

/** The section a profile has in the config file. */
export const configSection = (profile: string): string => (profile === 'default' ? 'default' : `profile ${profile}`)

/** The profile a config-file section is for, or null for a section that is no profile (sso-session, services). */
export function profileOfSection(section: string): string | null {
  if (section === 'default') return 'default'
  const m = /^profile\s+(\S+)$/.exec(section)
  return m ? m[1]! : null
}

/**
 * The credential_process value that runs this TokenDesk: each part of `argv` (absolute paths to the
 * runtime and the CLI, then the arguments) quoted when it has a space, as the guide asks.
 */
export function credentialProcessCommand(argv: readonly string[]): string {
  return argv
    .map((part) => {
      if (/["\\\n\r]/.test(part)) throw invalid(`"${part.slice(0, 80)}" cannot be put on a credential_process line (a quote, a backslash or a line break); install TokenDesk under another path`)
      return /\s/.test(part) ? `"${part}"` : part
    })
    .join(' ')
}

export function renderAwsCredentialProcess(existing: string | null, entry: AwsProcessEntry, file = AWS_CONFIG_DEFAULT_FILE): { text: string } {
  const profile = entry.profile ?? 'default'
  if (!PROFILE.test(profile)) throw invalid('an AWS profile name uses letters, digits and . _ + @ - (at most 64)')
  // Spaces separate its parts; no line breaks or control characters (credentialProcessCommand refused quotes).
  if (/[\u0000-\u001f\u007f]/.test(entry.command)) throw invalid('the credential_process command cannot hold line breaks or control characters')
  return { text: setIniSection(existing, configSection(profile), { credential_process: entry.command }, OWNED, file) }
}

/** The profile without its credential_process line (the section goes when nothing else is in it); null when it has none. */
export function removeAwsCredentialProcess(existing: string, profile: string, file = AWS_CONFIG_DEFAULT_FILE): string | null {
  return removeIniSection(existing, configSection(profile), OWNED, file)
}
