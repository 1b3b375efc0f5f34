import { Menu, Tray, nativeImage } from 'electron'

export interface TrayOptions {
  iconPath: string
  onShow: () => void
  onQuit: () => void
}

/** A tray icon with Show / Quit. Returns null where the desktop has no tray (some Linux sessions). */
export function createTray({ iconPath, onShow, onQuit }: TrayOptions): Tray | null {
  const image = nativeImage.createFromPath(iconPath)
  if (image.isEmpty()) return null
  try {
    const tray = new Tray(image.resize({ width: 16, height: 16 }))
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
