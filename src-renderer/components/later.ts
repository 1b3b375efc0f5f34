/**
 * Everything not on the first screen: dialogs, the detail panel, the other tabs and the row menu.
 * App.tsx loads this chunk on demand (and in idle time after the first rows are painted), so a
 * window's start compiles and runs only the list's code.
 */
import '../zod-config'
export { AddTokenDialog } from './AddTokenDialog'
export { ConfirmDialog } from './ConfirmDialog'
export { ConnectDialog, ConnectionsView } from './ConnectionsView'
export { DetailPanel } from './DetailPanel'
export { EditTokenDialog } from './EditTokenDialog'
export { RotateDialog } from './RotateDialog'
export { GenerateDialog } from './GenerateDialog'
export { ImportDialog } from './ImportDialog'
export { ScanDialog } from './ScanDialog'
export { OrgsView } from './OrgsView'
export { RowMenuContent } from './RowMenuContent'
export { SdkConfigDialog } from './SdkConfigDialog'
export { SecretOnceDialog } from './SecretOnceDialog'
export { SettingsView } from './SettingsView'
