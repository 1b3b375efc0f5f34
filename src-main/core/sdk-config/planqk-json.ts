import { assertSingleLine } from './text'
import { setJsonMember } from './json-edit'

/**
 * PlanQK CLI / SDK credentials: `~/.config/planqk/config.json`, or the file named by
 * `PLANQK_CONFIG_FILE_PATH`, holding `{"auth": {"type": "API_KEY", "value": "<token>"}, ...}`.
 * Source: PlanQK CLI (`planqk login -t <token>`, github.com/PlanQK/planqk-cli) and the planqk
 * Python SDK's credential provider, which read the same file; other keys (e.g. the CLI's
 * `context`) belong to those tools and are left exactly as they are.
 */
export const PLANQK_DEFAULT_FILE = '~/.config/planqk/config.json'

export interface PlanqkEntry {
  token: string
}

export function renderPlanqkConfig(existing: string | null, entry: PlanqkEntry, file = PLANQK_DEFAULT_FILE): { text: string } {
  assertSingleLine(entry.token, 'the PlanQK token')
  return { text: setJsonMember(existing, 'auth', { type: 'API_KEY', value: entry.token }, file, '  ') }
}
