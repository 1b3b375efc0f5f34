import { describe, expect, it } from 'vitest'
import { type BackupCrypt, inProcessCrypt } from './age-crypt'
import { workerCrypt } from './worker-crypt'

// Both ways of running the age encryption (in-process for the CLI, a worker thread for the app)
// give the same files and the same errors. A low scrypt work factor keeps the spec fast; the
// CLI test and the round-trip test use the real one.
const plain = new TextEncoder().encode(JSON.stringify({ hello: 'world', n: [1, 2, 3] }))
const PASS = 'a passphrase long enough'

describe.each([
  ['in this process', inProcessCrypt(10)],
  ['in a worker thread', workerCrypt(undefined, 10)],
] as [string, BackupCrypt][])('age backup encryption %s', (_label, crypt) => {
  it('round-trips, and the file is age with a scrypt stanza', async () => {
    const sealed = await crypt.seal(plain, PASS)
    expect(new TextDecoder().decode(sealed.subarray(0, 80))).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 10\n/)
    expect(await crypt.open(sealed, PASS)).toEqual(plain)
  })

  it('a wrong passphrase, a changed byte, a cut file, a foreign file: each its own message', async () => {
    const sealed = await crypt.seal(plain, PASS)
    await expect(crypt.open(sealed, 'another passphrase')).rejects.toThrow(/the passphrase is wrong/)
    const changed = sealed.slice()
    changed[changed.length - 3]! ^= 1
    await expect(crypt.open(changed, PASS)).rejects.toThrow(/damaged or was changed/)
    await expect(crypt.open(sealed.subarray(0, sealed.length - 17), PASS)).rejects.toThrow(/damaged or was changed/)
    await expect(crypt.open(new TextEncoder().encode('just text\n'), PASS)).rejects.toThrow(/not a TokenDesk backup/)
  })

  it('refuses a short passphrase before encrypting', async () => {
    await expect(crypt.seal(plain, 'short')).rejects.toThrow(/too short/)
  })
})

it('a file sealed in a worker opens in-process, and the other way round', async () => {
  const here = inProcessCrypt(10)
  const there = workerCrypt(undefined, 10)
  expect(await here.open(await there.seal(plain, PASS), PASS)).toEqual(plain)
  expect(await there.open(await here.seal(plain, PASS), PASS)).toEqual(plain)
})
