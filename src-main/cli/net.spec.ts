import { describe, expect, it } from 'vitest'
import { cliFetch, proxySettings } from './net'

describe('proxySettings (the CLI reads the proxy from its environment)', () => {
  it('none set: Node fetch as it is', () => {
    expect(proxySettings({})).toBeNull()
    expect(proxySettings({ HTTP_PROXY: '  ', https_proxy: '' })).toBeNull()
    expect(cliFetch({})).toBeUndefined()
  })
  it('HTTPS_PROXY falls back to HTTP_PROXY; NO_PROXY passes through', () => {
    expect(proxySettings({ HTTP_PROXY: 'http://p:3128', NO_PROXY: '.corp,localhost' })).toEqual({
      httpProxy: 'http://p:3128',
      httpsProxy: 'http://p:3128',
      noProxy: '.corp,localhost',
    })
    expect(proxySettings({ HTTPS_PROXY: 'http://s:8080' })).toEqual({ httpsProxy: 'http://s:8080' })
  })
  it('the lower-case name wins, as curl does', () => {
    expect(proxySettings({ HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:2' })).toMatchObject({ httpProxy: 'http://lower:2' })
    expect(proxySettings({ http_proxy: '', HTTP_PROXY: 'http://upper:1' })).toMatchObject({ httpProxy: 'http://upper:1' })
    expect(typeof cliFetch({ http_proxy: 'http://lower:2' })).toBe('function')
  })
})
