import { parse as parseIni } from 'ini'
import { invalid } from '../../errors'
import { AWS_DEFAULT_FILE, AWS_DEFAULT_PROFILE, removeAwsProfile, renderAwsCredentials, type AwsEntry } from '../aws-credentials-ini'
import { isObject, pick, str, type FormatModule } from '../format-module'

/** The AWS shared credentials file: `[profile]` sections with the key pair. */
export const awsCredentialsIni: FormatModule<AwsEntry> = {
  format: 'aws-credentials-ini',
  defaultPath: () => AWS_DEFAULT_FILE,
  pathOverrides: ['AWS_SHARED_CREDENTIALS_FILE'],
  knownLocation: true,
  fromToken: (t, value, opts) => {
    if (!t.fields.aws_access_key_id) throw invalid(`token ${t.name} needs the field aws_access_key_id to be written to AWS credentials`)
    return {
      accessKeyId: t.fields.aws_access_key_id,
      secretAccessKey: value,
      ...(t.fields.aws_session_token ? { sessionToken: t.fields.aws_session_token } : {}),
      ...(opts.profile ? { profile: opts.profile } : {}),
    }
  },
  render: (existing, entry, file) => renderAwsCredentials(existing, entry, file),
  // The `ini` package reads sections and key = value pairs as the AWS SDKs' loaders do.
  read: (body) =>
    Object.entries(parseIni(body) as Record<string, unknown>).flatMap(([profile, s]) =>
      isObject(s) && str(s.aws_secret_access_key) ? [{ entry: profile, secret: s.aws_secret_access_key, identifiers: pick(s, ['aws_access_key_id']) }] : [],
    ),
  // The profile's credential keys (the section too when nothing else is in it).
  remove: (text, entry, file) => removeAwsProfile(text, entry, file),
  entryKey: (e) => e.profile ?? AWS_DEFAULT_PROFILE,
  secrets: (e) => [e.secretAccessKey, ...(e.sessionToken ? [e.sessionToken] : [])],
  classify: (c) => ({ kind: 'provider', platform: 'aws-braket', fields: c.identifiers }),
}
