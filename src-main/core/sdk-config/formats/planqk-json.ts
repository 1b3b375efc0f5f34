import { removeJsonMember } from '../json-edit'
import { PLANQK_DEFAULT_FILE, renderPlanqkConfig, type PlanqkEntry } from '../planqk-json'
import { isObject, parseJson, SINGLE_ENTRY, str, type FormatModule } from '../format-module'

/** PlanQK / Kipu Quantum Hub SDK and CLI config: `{"auth": {"type": "API_KEY", "value": <PAT>}, …}`. */
export const planqkJson: FormatModule<PlanqkEntry> = {
  format: 'planqk-json',
  defaultPath: () => PLANQK_DEFAULT_FILE,
  // Kipu Quantum Hub's SDK reads KQH_CONFIG_FILE_PATH; the legacy PlanQK tools PLANQK_CONFIG_FILE_PATH.
  pathOverrides: ['KQH_CONFIG_FILE_PATH', 'PLANQK_CONFIG_FILE_PATH'],
  knownLocation: true,
  fromToken: (_t, value) => ({ token: value }),
  render: (existing, entry, file) => renderPlanqkConfig(existing, entry, file),
  read: (body, file) => {
    const o = parseJson(body, file)
    const auth = isObject(o) && isObject(o.auth) ? o.auth : null
    return auth && str(auth.value) ? [{ entry: SINGLE_ENTRY, secret: auth.value, identifiers: {} }] : []
  },
  // The `auth` member (the CLI's `context` and the rest stay).
  remove: (text, entry, file) => (entry === SINGLE_ENTRY ? removeJsonMember(text, 'auth', file) : null),
  entryKey: () => SINGLE_ENTRY,
  secrets: (e) => [e.token],
  classify: () => ({ kind: 'personal', platform: 'planqk', fields: {} }),
}
