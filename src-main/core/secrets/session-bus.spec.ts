import { describe, expect, it } from 'vitest'
import { sessionBusAddress } from './session-bus'

describe('sessionBusAddress', () => {
  it('takes DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus when it exists, as libdbus does', () => {
    const has = (p: string) => p === '/run/user/1000/bus'
    expect(sessionBusAddress({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/tmp/x', XDG_RUNTIME_DIR: '/run/user/1000' }, has)).toBe('unix:path=/tmp/x')
    expect(sessionBusAddress({ XDG_RUNTIME_DIR: '/run/user/1000' }, has)).toBe('unix:path=/run/user/1000/bus')
    expect(sessionBusAddress({ XDG_RUNTIME_DIR: '/run/user/1001' }, has)).toBeUndefined()
    expect(sessionBusAddress({ XDG_RUNTIME_DIR: 'relative' }, () => true)).toBeUndefined()
    expect(sessionBusAddress({}, () => true)).toBeUndefined()
  })
})
