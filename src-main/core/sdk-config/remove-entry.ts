import { removeAwsProfile } from './aws-credentials-ini'
import { removeAwsCredentialProcess } from './aws-config-process'
import type { FileFormat } from './catalog'
import { removeDotenvKey } from './dotenv'
import { removeHfStoredToken } from './huggingface'
import { removeJsonMember } from './json-edit'
import { removeQualyticsToken } from './qualytics-yaml'
import { SINGLE_ENTRY } from './read-entries'

/**
 * The text of a config file without one entry's credential, for `delete --remove-from-configs` and
 * the app's "Remove from file". Pure; each format's editor cuts only the entry's own bytes, so the
 * rest of the file stays byte for byte. Null when the entry is not in the file.
 *  - AWS credentials: the profile's keys (the section too when nothing else is in it)
 *  - qiskit: the saved account
 *  - PlanQK/Kipu: the `auth` member (the CLI's `context` and the rest stay)
 *  - Qualytics: the `token` key (the url stays: it is not a secret and says which instance)
 *  - Hugging Face: the stored token's section; the active token file is emptied
 *  - .env: every assignment of the variable
 */
export function removeEntryText(format: FileFormat, text: string, entry: string, file: string): string | null {
  switch (format) {
    case 'aws-credentials-ini':
      return removeAwsProfile(text, entry, file)
    case 'aws-credential-process':
      return removeAwsCredentialProcess(text, entry, file)
    case 'qiskit-ibm-json':
      return removeJsonMember(text, entry, file)
    case 'planqk-json':
      return entry === SINGLE_ENTRY ? removeJsonMember(text, 'auth', file) : null
    case 'qualytics-yaml':
      return entry === SINGLE_ENTRY ? removeQualyticsToken(text, file) : null
    case 'hf-stored-tokens':
      return removeHfStoredToken(text, entry, file)
    case 'hf-token-file':
      // The file is the token: emptied, huggingface_hub reads "not logged in".
      return entry === SINGLE_ENTRY && text.trim() !== '' ? '' : null
    case 'dotenv':
      return removeDotenvKey(text, entry, file)
  }
}
