import { z } from 'zod'
import { QISKIT_CHANNELS } from '../vocabulary'
import { invalid } from '../errors'
import { memberValue, scanJsonObject, setJsonMember, type JsonObjectSpan } from './json-edit'
import { assertPrintable, assertSingleLine } from './text'

/**
 * Qiskit IBM Runtime saved accounts: `~/.qiskit/qiskit-ibm.json`, a map of account name →
 * `{channel, token, instance?, url?, ...}`; `QiskitRuntimeService(name=...)` picks one, and
 * `default-ibm-quantum-platform` / `default-ibm-cloud` are the names `save_account` uses by
 * default. Source: qiskit-ibm-runtime `accounts/management.py` and `QiskitRuntimeService.save_account`
 * docs (quantum.cloud.ibm.com/docs/en/api/qiskit-ibm-runtime/qiskit-runtime-service).
 *
 * Like `save_account(overwrite=True)` the named account is replaced as a whole (a stale instance
 * or url from an old account would silently point the new token elsewhere); keys are sorted as
 * save_account writes them (it uses `json.dump(..., sort_keys=True, indent=4)`).
 */
export const QISKIT_DEFAULT_FILE = '~/.qiskit/qiskit-ibm.json'
export const QISKIT_DEFAULT_ACCOUNT = 'default-ibm-quantum-platform'
/** What current qiskit-ibm-runtime accepts (vocabulary.ts, so the app's Add dialog offers the same). */
export { QISKIT_CHANNELS }

export const QiskitEntrySchema = z.object({
  name: z
    .string()
    .min(1, 'an account name is required')
    .max(128, 'an account name is at most 128 characters')
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'an account name cannot contain control characters')
    .default(QISKIT_DEFAULT_ACCOUNT),
  channel: z.enum(QISKIT_CHANNELS, { error: `channel must be one of ${QISKIT_CHANNELS.join(', ')}` }).default('ibm_quantum_platform'),
  token: z.string(),
  instance: z.string().max(512).optional(),
  url: z.url({ error: 'url must be an http(s) URL' }).optional(),
})
export type QiskitEntry = z.input<typeof QiskitEntrySchema>

export function renderQiskitIbmConfig(existing: string | null, entry: QiskitEntry, file = QISKIT_DEFAULT_FILE): { text: string } {
  const parsed = QiskitEntrySchema.safeParse(entry)
  // Issues are rebuilt from messages only: zod would otherwise echo the offending input.
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => i.message).join('; '))
  const e = parsed.data
  assertSingleLine(e.token, 'the IBM Quantum token')
  assertPrintable(e.token, 'the IBM Quantum token')
  let span: JsonObjectSpan | undefined
  if (existing !== null && existing.trim() !== '') {
    const text = existing
    span = scanJsonObject(text, file)
    const other = span.members.find((m) => m.key === e.name)
    if (other && (typeof memberValue(text, other) !== 'object' || memberValue(text, other) === null)) {
      throw invalid(`${file}: account "${e.name}" is not an object; fix it by hand — TokenDesk left it unchanged`)
    }
  }
  const account: Record<string, string> = { channel: e.channel }
  if (e.instance) account.instance = e.instance
  account.token = e.token
  if (e.url) account.url = e.url
  return { text: setJsonMember(existing, e.name, account, file, '    ', span) }
}

/** The qiskit channel IBM shut down; current qiskit-ibm-runtime rejects an account that names it. */
export const RETIRED_QISKIT_CHANNEL = 'ibm_quantum'
