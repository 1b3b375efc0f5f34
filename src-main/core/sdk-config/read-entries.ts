import { parse as parseDotenv } from 'dotenv'
import { parse as parseIni } from 'ini'
import { parseDocument } from 'yaml'
import { invalid } from '../errors'
import type { FileFormat } from './catalog'
import { QISKIT_DEFAULT_ACCOUNT } from './qiskit-ibm-json'
import { AWS_DEFAULT_PROFILE } from './aws-credentials-ini'
import { profileOfSection } from './aws-config-process'
import type { ConfigEntry } from './formats'

/**
 * Reads the credentials a config file holds, entry by entry, with kept parsers (ini, dotenv, yaml,
 * JSON) rather than the writers' offset-preserving editors: what matters here is what the SDKs
 * will see. Used to tell whether an entry holds this token's secret (placements), whether a write
 * would replace someone else's credential, and to import tokens already in files.
 * The secret is returned to the caller in-process only; nothing here prints or stores it.
 */
export interface FileCredential {
  /** The entry's key in the file: AWS profile, qiskit account, dotenv variable; "default" for one-credential files. */
  entry: string
  secret: string
  /** Non-secret identifiers shown in clear: access key id, channel, instance, url. */
  identifiers: Record<string, string>
}

/** The one credential of a single-credential file. */
export const SINGLE_ENTRY = 'default'

/** The entry a write of `entry` goes to. */
export function entryKeyOf(entry: ConfigEntry): string {
  switch (entry.format) {
    case 'qiskit-ibm-json':
      return entry.name ?? QISKIT_DEFAULT_ACCOUNT
    case 'hf-stored-tokens':
      return entry.name
    case 'aws-credentials-ini':
    case 'aws-credential-process':
      return entry.profile ?? AWS_DEFAULT_PROFILE
    case 'dotenv':
      return entry.key
    default:
      return SINGLE_ENTRY
  }
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const pick = (o: Record<string, unknown>, keys: readonly string[]): Record<string, string> =>
  Object.fromEntries(keys.filter((k) => str(o[k])).map((k) => [k, o[k] as string]))
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function json(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw invalid(`${file} is not valid JSON; TokenDesk left it unchanged`)
  }
}

/** Every credential in `text` (a file of `format`), in file order. A file that cannot be parsed throws. */
export function readCredentials(format: FileFormat, text: string, file: string): FileCredential[] {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trim() === '') return []
  switch (format) {
    case 'planqk-json': {
      const o = json(body, file)
      const auth = isObject(o) && isObject(o.auth) ? o.auth : null
      return auth && str(auth.value) ? [{ entry: SINGLE_ENTRY, secret: auth.value, identifiers: {} }] : []
    }
    case 'qualytics-yaml': {
      const doc = parseDocument(body, { prettyErrors: false, uniqueKeys: true })
      if (doc.errors.length > 0) throw invalid(`${file} is not valid YAML; TokenDesk left it unchanged`)
      const o = doc.toJS() as unknown
      return isObject(o) && str(o.token) ? [{ entry: SINGLE_ENTRY, secret: o.token, identifiers: pick(o, ['url']) }] : []
    }
    case 'qiskit-ibm-json': {
      const o = json(body, file)
      if (!isObject(o)) throw invalid(`${file}: expected an object of saved accounts`)
      return Object.entries(o).flatMap(([name, acc]) =>
        isObject(acc) && str(acc.token) ? [{ entry: name, secret: acc.token, identifiers: pick(acc, ['channel', 'instance', 'url']) }] : [],
      )
    }
    case 'aws-credentials-ini': {
      // The `ini` package reads sections and key = value pairs as the AWS SDKs' loaders do.
      const o = parseIni(body) as Record<string, unknown>
      return Object.entries(o).flatMap(([profile, s]) =>
        isObject(s) && str(s.aws_secret_access_key)
          ? [{ entry: profile, secret: s.aws_secret_access_key, identifiers: pick(s, ['aws_access_key_id']) }]
          : [],
      )
    }
    case 'aws-credential-process': {
      // The "credential" of a config profile is its credential_process command (no secret in it).
      const o = parseIni(body) as Record<string, unknown>
      return Object.entries(o).flatMap(([section, s]) => {
        const profile = profileOfSection(section)
        return profile !== null && isObject(s) && str(s.credential_process) ? [{ entry: profile, secret: s.credential_process, identifiers: {} }] : []
      })
    }
    case 'hf-stored-tokens': {
      // huggingface_hub reads it with configparser; `ini` reads sections and key = value pairs alike.
      const o = parseIni(body) as Record<string, unknown>
      return Object.entries(o).flatMap(([name, s]) => (isObject(s) && str(s.hf_token) ? [{ entry: name, secret: s.hf_token.trim(), identifiers: {} }] : []))
    }
    case 'hf-token-file': {
      const token = body.trim()
      return token ? [{ entry: SINGLE_ENTRY, secret: token, identifiers: {} }] : []
    }
    case 'dotenv':
      return Object.entries(parseDotenv(body)).filter(([, v]) => v.length > 0).map(([key, v]) => ({ entry: key, secret: v, identifiers: {} }))
  }
}

/** The credential of one entry, or null when the file has no such entry. */
export function readCredential(format: FileFormat, text: string | null, entry: string, file: string): FileCredential | null {
  if (text === null) return null
  return readCredentials(format, text, file).find((c) => c.entry === entry) ?? null
}
