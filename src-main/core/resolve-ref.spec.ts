import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../test/helpers/temp-dir'
import { type Db, openDb } from './store/db'
import { TokenRepo } from './store/token-repo'
import { resolveRef } from './resolve-ref'

let tmp: ReturnType<typeof tempDir>
let db: Db
let repo: TokenRepo
const add = (id: string, platform: string, name: string) => {
  repo.insertPending({ id, kind: 'personal', platform, org: null, name, scopes: ['jobs:read'], fields: {}, note: 'the lab notebook', createdAt: 1, expiresAt: null, secretRef: `${id}.1` })
  repo.update(id, { state: 'ready' })
}

beforeEach(() => {
  tmp = tempDir()
  db = openDb(tmp.dir)
  repo = new TokenRepo(db)
  add('0190aaaa-1111-7000-8000-000000000001', 'kipu-hub', 'kipu-main')
  add('0190aaaa-2222-7000-8000-000000000002', 'planqk', 'kipu-main')
  add('0190bbbb-3333-7000-8000-000000000003', 'qualytics', 'solo')
})
afterEach(() => {
  db.close()
  tmp.cleanup()
})

describe('resolveRef', () => {
  it('a name shared by two platforms: PLATFORM/NAME picks one, the bare name says how', () => {
    expect(resolveRef(repo, 'kipu-hub/kipu-main').platform).toBe('kipu-hub')
    expect(resolveRef(repo, 'PlanQK/kipu-main').platform).toBe('planqk')
    expect(() => resolveRef(repo, 'kipu-main')).toThrow(/2 tokens are named "kipu-main"; use the id instead \(.+\), or PLATFORM\/NAME \(kipu-hub\/kipu-main, planqk\/kipu-main\)/)
    expect(() => resolveRef(repo, 'ionq/kipu-main')).toThrow(/no token "ionq\/kipu-main"/)
  })

  it('a unique id start of 6 or more characters', () => {
    expect(resolveRef(repo, '0190bb').name).toBe('solo')
    expect(resolveRef(repo, '0190AAAA-2222').platform).toBe('planqk')
    expect(() => resolveRef(repo, '0190aa')).toThrow(/more than one token id starts with "0190aa"/)
    expect(() => resolveRef(repo, '0190b')).toThrow(/no token/) // too short to be a prefix
    expect(() => resolveRef(repo, '%%%%%%')).toThrow(/no token/)
  })

  it('search matches the name, the scopes and the note, in any case', () => {
    const names = (search: string) => repo.list({ search }, 0, 0).items.map((t) => t.name).sort()
    expect(names('jobs:read')).toEqual(['kipu-main', 'kipu-main', 'solo'])
    expect(names('notebook')).toEqual(['kipu-main', 'kipu-main', 'solo'])
    expect(names('sol')).toEqual(['solo'])
    expect(repo.list({ platform: 'PLANQK' }, 0, 0).items.map((t) => t.platform)).toEqual(['planqk'])
  })
})
