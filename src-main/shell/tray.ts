import path from 'node:path'
import { Menu, Tray, nativeImage } from 'electron'

export interface TrayOptions {
  /** build/tray (dev) or <resources>/tray (packaged): made by scripts/make-icon.mjs. */
  iconDir: string
  onShow: () => void
  onQuit: () => void
}

/** A tray icon with Show / Quit. Returns null where the desktop has no tray (some Linux sessions). */
export function createTray({ iconDir, onShow, onQuit }: TrayOptions): Tray | null {
  // 16 px drawn at that size, with an @2x file Electron picks on HiDPI screens; on macOS a
  // template image (black on transparent) that the menu bar recolours for light and dark.
  const image = nativeImage.createFromPath(path.join(iconDir, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'))
  if (image.isEmpty()) return null
  try {
    const tray = new Tray(image)
    tray.setToolTip('TokenDesk')
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show TokenDesk', click: onShow },
        { type: 'separator' },
        { label: 'Quit', click: onQuit },
      ]),
    )
    tray.on('click', onShow)
    return tray
  } catch {
    return null
  }
}
