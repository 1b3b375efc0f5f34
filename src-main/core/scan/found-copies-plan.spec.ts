import { describe, expect, it } from 'vitest'
import { placeOf, planFoundCopies, type KnownCopy } from './found-copies-plan'

const known = (id: number, path: string, place: string, goneAt: number | null = null, commit = '', fingerprint = 'fp1'): KnownCopy => ({ id, tokenId: 't1', path, commit, place, goneAt, fingerprint })
const LOOKED_FOR = new Map([['t1', 'fp1']])

describe('planFoundCopies', () => {
  it('a place seen again stays; one a covering scan no longer sees is gone; one it did not cover keeps its state', () => {
    const plan = planFoundCopies(
      [known(1, '/p/job.py', 'line 3'), known(2, '/p/old.py', 'line 1'), known(3, '/elsewhere/a.py', 'line 9'), known(4, '/p/job.py', 'line 8', 500)],
      [{ tokenId: 't1', path: '/p/job.py', commit: '', line: 3, form: 'as is', fingerprint: 'fp1' }],
      (c) => c.path.startsWith('/p/'),
      LOOKED_FOR,
    )
    expect(plan.seen.map((s) => [s.path, s.place])).toEqual([['/p/job.py', 'line 3']])
    expect(plan.gone).toEqual([2])
    expect(plan.added).toBe(0)
  })

  it('counts what is new, a copy seen again after it was gone included; two forms on one line are one copy', () => {
    const plan = planFoundCopies(
      [known(4, '/p/job.py', 'line 8', 500)],
      [
        { tokenId: 't1', path: '/p/job.py', commit: '', line: 8, form: 'as is', fingerprint: 'fp1' },
        { tokenId: 't1', path: '/p/job.py', commit: '', line: 8, form: 'JSON-escaped', fingerprint: 'fp1' },
        { tokenId: 't1', path: '/p/n.ipynb', commit: '', line: 40, cell: 2, form: 'JSON-escaped', fingerprint: 'fp1' },
      ],
      () => true,
      LOOKED_FOR,
    )
    expect(plan.seen.map((s) => s.place)).toEqual(['line 8', 'cell 2 line 40'])
    expect(plan.added).toBe(2)
    expect(plan.gone).toEqual([])
  })

  it('a git copy is its own copy beside the file on disk, gone only when its history was read', () => {
    const k = [known(5, '/r/.env', 'line 1', null, 'abc'), known(6, '/r/.env', 'line 1')]
    const onDiskOnly = planFoundCopies(k, [], (c) => c.commit === '', LOOKED_FOR)
    expect(onDiskOnly.gone).toEqual([6])
    expect(planFoundCopies(k, [], () => true, LOOKED_FOR).gone).toEqual([5, 6])
  })

  it('after a rotation the scan looks for the new secret only: a copy of the old one is never called gone', () => {
    const k = [known(7, '/p/.env', 'line 1', null, '', 'fp-old'), known(8, '/p/job.py', 'line 2')]
    const plan = planFoundCopies(k, [], () => true, new Map([['t1', 'fp1']]))
    expect(plan.gone).toEqual([8])
    // A token no longer held (deleted, its secret missing) is not looked for at all.
    expect(planFoundCopies(k, [], () => true, new Map()).gone).toEqual([])
  })

  it('names places by line, notebook cell or IPython session', () => {
    expect(placeOf({ line: 3 })).toBe('line 3')
    expect(placeOf({ line: 40, cell: 2 })).toBe('cell 2 line 40')
    expect(placeOf({ line: 7, session: 3 })).toBe('session 3 line 7')
  })
})
