import { parse as parseIni } from 'ini'
import { invalid } from '../../errors'
import { AWS_CONFIG_DEFAULT_FILE, profileOfSection, removeAwsCredentialProcess, renderAwsCredentialProcess, type AwsProcessEntry } from '../aws-config-process'
import { AWS_DEFAULT_PROFILE } from '../aws-credentials-ini'
import { isObject, str, type FormatModule } from '../format-module'

/** A profile of the AWS config file whose credential_process runs TokenDesk: no key on disk. */
export const awsCredentialProcess: FormatModule<AwsProcessEntry> = {
  format: 'aws-credential-process',
  defaultPath: () => AWS_CONFIG_DEFAULT_FILE,
  pathOverrides: ['AWS_CONFIG_FILE'],
  knownLocation: true,
  // `value` is the credential_process command here (SdkConfigService builds it).
  fromToken: (t, value, opts) => {
    if (!t.fields.aws_access_key_id) throw invalid(`token ${t.name} needs the field aws_access_key_id for AWS to use it`)
    return { command: value, ...(opts.profile ? { profile: opts.profile } : {}) }
  },
  render: (existing, entry, file) => renderAwsCredentialProcess(existing, entry, file),
  // The "credential" of a config profile is its credential_process command (no secret in it).
  read: (body) =>
    Object.entries(parseIni(body) as Record<string, unknown>).flatMap(([section, s]) => {
      const profile = profileOfSection(section)
      return profile !== null && isObject(s) && str(s.credential_process) ? [{ entry: profile, secret: s.credential_process, identifiers: {} }] : []
    }),
  remove: (text, entry, file) => removeAwsCredentialProcess(text, entry, file),
  entryKey: (e) => e.profile ?? AWS_DEFAULT_PROFILE,
  secrets: () => [],
  classify: (c) => {
    // No secret in it: TokenDesk's own line names the token it runs for (held, never imported);
    // another tool's credential_process (aws-vault, SSO helpers) is not a credential to import.
    const ref = /(?:^|\s)credential-process\s+aws\s+(\S+)\s*$/.exec(c.secret)?.[1]
    return ref ? { kind: 'provider', platform: 'aws-braket', fields: {}, heldRef: ref } : null
  },
}
