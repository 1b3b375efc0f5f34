import { describe, expect, it } from 'vitest'
import { hotCallOf } from './hot-call'

describe('hotCallOf', () => {
  it('names get, run and credential-process', () => {
    expect(hotCallOf(['get', 'ibm-main'])).toBe('get')
    expect(hotCallOf(['run', '--env-file', '.env', '--', 'python', 'job.py'])).toBe('run')
    expect(hotCallOf(['credential-process', 'aws', 'braket'])).toBe('credential-process')
  })
  it('leaves every other command, and no command, to the whole CLI', () => {
    for (const argv of [[], ['list'], ['help', 'get'], ['--version'], ['GET', 'x'], ['exec', 'x', '--', 'true']]) expect(hotCallOf(argv), argv.join(' ')).toBeNull()
  })
  it('sends a help request to the whole CLI, which holds the usage texts, but not a -h meant for the child', () => {
    expect(hotCallOf(['get', '--help'])).toBeNull()
    expect(hotCallOf(['run', '-h'])).toBeNull()
    expect(hotCallOf(['run', '--', 'ls', '-h'])).toBe('run')
    expect(hotCallOf(['run', '--env-file', 'f', '--', 'grep', '--help'])).toBe('run')
  })
})
