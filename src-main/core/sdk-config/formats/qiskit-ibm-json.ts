import { invalid } from '../../errors'
import { isObject, parseJson, pick, str, type FormatModule } from '../format-module'
import { removeJsonMember } from '../json-edit'
import { QISKIT_DEFAULT_ACCOUNT, QISKIT_DEFAULT_FILE, RETIRED_QISKIT_CHANNEL, renderQiskitIbmConfig, type QiskitEntry } from '../qiskit-ibm-json'

/** qiskit-ibm-runtime's saved accounts: `{NAME: {channel, token, instance?, url?}, …}`. */
export const qiskitIbmJson: FormatModule<QiskitEntry> = {
  format: 'qiskit-ibm-json',
  defaultPath: () => QISKIT_DEFAULT_FILE,
  pathOverrides: [],
  knownLocation: true,
  fromToken: (t, value, opts) => ({
    token: value,
    ...(opts.profile ? { name: opts.profile } : {}),
    ...(t.fields.channel ? { channel: t.fields.channel as QiskitEntry['channel'] } : {}),
    ...(t.fields.instance ? { instance: t.fields.instance } : {}),
    ...(t.fields.url ? { url: t.fields.url } : {}),
  }),
  render: (existing, entry, file) => renderQiskitIbmConfig(existing, entry, file),
  read: (body, file) => {
    const o = parseJson(body, file)
    if (!isObject(o)) throw invalid(`${file}: expected an object of saved accounts`)
    return Object.entries(o).flatMap(([name, acc]) => (isObject(acc) && str(acc.token) ? [{ entry: name, secret: acc.token, identifiers: pick(acc, ['channel', 'instance', 'url']) }] : []))
  },
  remove: (text, entry, file) => removeJsonMember(text, entry, file),
  entryKey: (e) => e.name ?? QISKIT_DEFAULT_ACCOUNT,
  secrets: (e) => [e.token],
  classify: (c) =>
    c.identifiers.channel === RETIRED_QISKIT_CHANNEL
      ? { kind: 'provider', platform: 'ibm-quantum', fields: c.identifiers, problem: 'uses the retired channel ibm_quantum, which IBM shut down and current qiskit-ibm-runtime rejects; not imported' }
      : { kind: 'provider', platform: 'ibm-quantum', fields: c.identifiers },
}
