import type { FileFormat } from './catalog'
import type { FormatModule } from './format-module'
import { awsCredentialProcess } from './formats/aws-credential-process'
import { awsCredentialsIni } from './formats/aws-credentials-ini'
import { dotenv } from './formats/dotenv'
import { hfStoredTokens, hfTokenFile } from './formats/huggingface'
import { planqkJson } from './formats/planqk-json'
import { qiskitIbmJson } from './formats/qiskit-ibm-json'
import { qualyticsYaml } from './formats/qualytics-yaml'

/**
 * Every file format's module, by name (format-module.ts): the one table the writer, the preview,
 * import, where, the removal and the help text dispatch through. A format's name and description
 * for the renderer stay in catalog.ts (no parser code reaches the page).
 */
// Each module has its own entry type; a caller passes the entry of that format (ConfigEntry is tagged by it).
export const FORMAT_TABLE: { readonly [F in FileFormat]: FormatModule<any> } = {
  // In the order import reads the known locations (and lists what it finds).
  'aws-credentials-ini': awsCredentialsIni,
  'aws-credential-process': awsCredentialProcess,
  'qiskit-ibm-json': qiskitIbmJson,
  'planqk-json': planqkJson,
  'qualytics-yaml': qualyticsYaml,
  'hf-stored-tokens': hfStoredTokens,
  'hf-token-file': hfTokenFile,
  dotenv,
}
