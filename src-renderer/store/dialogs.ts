import type { DialogsSlice, SliceMaker } from './types'

/** Which dialog is open. Escape closes the topmost first, in the order `closeTopDialog` lists. */
export const makeDialogsSlice: SliceMaker<DialogsSlice> = (set, get) => ({
  addDialog: { open: false, prefill: null },
  confirm: null,
  connectDialog: false,
  generateDialog: { open: false, connectionId: null, service: false },
  sdkDialog: null,
  importDialog: false,
  scanDialog: null,
  editDialog: null,
  rotateDialog: null,

  openAdd: (prefill = null) => set({ addDialog: { open: true, prefill } }),
  closeAdd: () => set({ addDialog: { open: false, prefill: null } }),
  openConnect: () => set({ connectDialog: true }),
  closeConnect: () => set({ connectDialog: false }),
  openGenerate: (connectionId = null, service = false) => set({ generateDialog: { open: true, connectionId, service } }),
  closeGenerate: () => set({ generateDialog: { open: false, connectionId: null, service: false } }),
  openSdk: (token) => set({ sdkDialog: token }),
  closeSdk: () => set({ sdkDialog: null }),
  openImport: () => set({ importDialog: true }),
  closeImport: () => set({ importDialog: false }),
  openScan: (target) => set({ scanDialog: target }),
  closeScan: () => set({ scanDialog: null }),
  openEdit: (token) => set({ editDialog: token }),
  openRotate: (token) => set({ rotateDialog: token }),
  closeRotate: () => set({ rotateDialog: null }),
  closeEdit: () => set({ editDialog: null }),
  askConfirm: (c) => set({ confirm: c }),

  closeTopDialog() {
    const s = get()
    if (s.confirm) s.askConfirm(null)
    else if (s.secretOnce) s.closeSecretOnce()
    else if (s.addDialog.open) s.closeAdd()
    else if (s.generateDialog.open) s.closeGenerate()
    else if (s.connectDialog) s.closeConnect()
    else if (s.sdkDialog) s.closeSdk()
    else if (s.importDialog) s.closeImport()
    else if (s.scanDialog) s.closeScan()
    else if (s.editDialog) s.closeEdit()
    else if (s.rotateDialog) s.closeRotate()
    else if (s.selectedId) s.closeDetail()
    else return false
    return true
  },
})
