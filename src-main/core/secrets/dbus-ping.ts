import { ERROR, METHOD_RETURN, converse, methodCall } from './dbus-wire'

export { parseUnixAddress } from './dbus-wire'

/**
 * Asks the Secret Service on the session bus to answer an org.freedesktop.DBus.Peer.Ping.
 *
 * Why: @napi-rs/keyring connects to D-Bus synchronously inside its constructor, so a bus or
 * keychain daemon that accepts the connection but never answers would freeze the whole event
 * loop (no timer can fire). Pinging first, asynchronously and with a deadline, turns that into a
 * prompt, clear error. A worker thread would also avoid the freeze but costs more than the CLI's
 * whole start-up budget.
 */
export function pingSecretService(address: string | undefined, timeoutMs: number): Promise<void> {
  return converse<void>(address, timeoutMs, {
    start: (send) => send(methodCall(2, '/org/freedesktop/secrets', 'org.freedesktop.DBus.Peer', 'Ping', 'org.freedesktop.secrets')),
    onReply: (msg) => {
      if (msg.replySerial !== 2) return undefined
      if (msg.type === METHOD_RETURN) return { value: undefined }
      if (msg.type === ERROR) throw new Error(`no Secret Service answers on the session bus (${msg.errorName ?? 'error'})`)
      return undefined
    },
  })
}
