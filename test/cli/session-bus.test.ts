import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { canary, cliHome, runCli, useBuiltCli } from './harness'

// A systemd user session without DBUS_SESSION_BUS_ADDRESS (issue #25, item 10): the bus is at
// $XDG_RUNTIME_DIR/bus, where libdbus and libsecret look. TokenDesk's own checks refused it, and
// the keyring library's D-Bus in the broker wanted the variable; both now find the socket there.
requireSecretService()
const cli = useBuiltCli('session-bus')

describe('a session bus found at $XDG_RUNTIME_DIR/bus', () => {
  it('add (the broker) and get (the lean reader) work without DBUS_SESSION_BUS_ADDRESS; with neither, a clear exit 5', async () => {
    const h = cliHome(cli, 'xdg-bus')
    const runtime = fs.mkdtempSync(path.join(h.dir, 'run-'))
    const socket = /^unix:path=([^,]+)/.exec(process.env.DBUS_SESSION_BUS_ADDRESS ?? '')?.[1]
    expect(socket, 'the private session bus is a unix socket').toBeDefined()
    fs.symlinkSync(socket!, path.join(runtime, 'bus'))
    const env: NodeJS.ProcessEnv = { ...h.env, XDG_RUNTIME_DIR: runtime }
    delete env.DBUS_SESSION_BUS_ADDRESS
    const secret = canary('bus')
    const add = await runCli(cli.bundle, ['add', '--platform', 'planqk', '--name', 'bus'], { env, input: secret })
    expect(add.code, add.stderr).toBe(0)
    const get = await runCli(cli.bundle, ['get', 'bus'], { env })
    expect(get.code, get.stderr).toBe(0)
    expect(get.stdout).toBe(secret)
    const none = await runCli(cli.bundle, ['get', 'bus'], { env: { ...env, XDG_RUNTIME_DIR: path.join(runtime, 'nope') } })
    expect(none.code).toBe(5)
    expect(none.stderr).toMatch(/DBUS_SESSION_BUS_ADDRESS is not set, and there is no \$XDG_RUNTIME_DIR\/bus/)
  }, 60_000)
})
