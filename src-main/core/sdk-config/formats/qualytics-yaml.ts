import { parseDocument } from 'yaml'
import { invalid } from '../../errors'
import { isObject, pick, SINGLE_ENTRY, str, type FormatModule } from '../format-module'
import { QUALYTICS_DEFAULT_FILE, removeQualyticsToken, renderQualyticsConfig, type QualyticsEntry } from '../qualytics-yaml'

/** The Qualytics CLI's config: `url:` and `token:`. */
export const qualyticsYaml: FormatModule<QualyticsEntry> = {
  format: 'qualytics-yaml',
  defaultPath: () => QUALYTICS_DEFAULT_FILE,
  pathOverrides: [],
  knownLocation: true,
  fromToken: (t, value) => ({ token: value, ...(t.fields.url ? { url: t.fields.url } : {}) }),
  render: (existing, entry, file) => renderQualyticsConfig(existing, entry, file),
  read: (body, file) => {
    const doc = parseDocument(body, { prettyErrors: false, uniqueKeys: true })
    if (doc.errors.length > 0) throw invalid(`${file} is not valid YAML; TokenDesk left it unchanged`)
    const o = doc.toJS() as unknown
    return isObject(o) && str(o.token) ? [{ entry: SINGLE_ENTRY, secret: o.token, identifiers: pick(o, ['url']) }] : []
  },
  // The `token` key (the url stays: it is not a secret and says which instance).
  remove: (text, entry, file) => (entry === SINGLE_ENTRY ? removeQualyticsToken(text, file) : null),
  entryKey: () => SINGLE_ENTRY,
  secrets: (e) => [e.token],
  classify: (c) => ({ kind: 'personal', platform: 'qualytics', fields: c.identifiers }),
}
