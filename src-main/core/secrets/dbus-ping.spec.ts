import net from 'node:net'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { requireSecretService } from '../../../test/helpers/secret-service'
import { tempDir } from '../../../test/helpers/temp-dir'
import { parseUnixAddress, pingSecretService } from './dbus-ping'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('parseUnixAddress', () => {
  it('reads path and abstract unix addresses, skipping other transports', () => {
    expect(parseUnixAddress('unix:path=/run/user/1000/bus')).toBe('/run/user/1000/bus')
    expect(parseUnixAddress('unix:abstract=/tmp/dbus-X,guid=abc')).toBe('\0/tmp/dbus-X')
    expect(parseUnixAddress('tcp:host=x,port=1;unix:path=/b%20c')).toBe('/b c')
    expect(parseUnixAddress('tcp:host=x,port=1')).toBeUndefined()
  })
})

describe('pingSecretService', () => {
  it('succeeds against the real Secret Service', async () => {
    requireSecretService()
    await expect(pingSecretService(process.env.DBUS_SESSION_BUS_ADDRESS, 2000)).resolves.toBeUndefined()
  })
  it('fails fast with no bus and at the deadline with a silent one', async () => {
    await expect(pingSecretService(undefined, 500)).rejects.toThrow(/no D-Bus session bus/)
    await expect(pingSecretService(`unix:path=${path.join(tmp.dir, 'none')}`, 500)).rejects.toThrow(/no session bus at .* \(ENOENT\)/)
    const silent = net.createServer(() => {})
    const sock = path.join(tmp.dir, 'silent')
    await new Promise<void>((r) => silent.listen(sock, r))
    const t0 = Date.now()
    await expect(pingSecretService(`unix:path=${sock}`, 300)).rejects.toThrow(/did not answer within 0.3 s/)
    expect(Date.now() - t0).toBeLessThan(1500)
    silent.close()
  })
})
