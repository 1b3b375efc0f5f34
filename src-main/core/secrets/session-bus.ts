import { existsSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'

/**
 * The D-Bus session bus address, as libdbus, libsecret and the keyring library find it:
 * DBUS_SESSION_BUS_ADDRESS, else the systemd user session's socket `$XDG_RUNTIME_DIR/bus` when it
 * exists (a session started without the variable, which is common under systemd). Before, TokenDesk's
 * own checks refused such a session while the keyring library itself would have worked.
 */
export function sessionBusAddress(env: Readonly<Record<string, string | undefined>> = process.env, exists: (p: string) => boolean = existsSync): string | undefined {
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS
  const dir = env.XDG_RUNTIME_DIR
  if (!dir || !isAbsolute(dir)) return undefined
  const socket = join(dir, 'bus')
  return exists(socket) ? `unix:path=${socket}` : undefined
}
