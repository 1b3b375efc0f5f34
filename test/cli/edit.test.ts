import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, useBuiltCli } from './harness'

// tokendesk edit: a missing AWS key id is added without revoke → delete → re-add; the secret and
// the history stay; conflicts and bad input change nothing.
requireSecretService()
const cli = useBuiltCli('edit')

describe('tokendesk edit', () => {
  it('adds a missing field, renames, changes expiry and note; history says what, the secret stays', async () => {
    const h = cliHome(cli, 'edit')
    expect((await h.td(['add', '--provider', 'aws-braket', '--name', 'braket'], 'aws-secret-value-0123456789\n')).code).toBe(0)
    expect((await h.td(['env', 'braket'])).stderr).toMatch(/needs the field aws_access_key_id/)
    const r = await h.td(['edit', 'braket', '--field', 'aws_access_key_id=AKIAEXAMPLE123456789', '--name', 'braket-lab', '--expires', '90d', '--note', 'shared lab key'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^edited braket-lab \([^)]+\): name braket → braket-lab; expiry never → \d{4}-\d\d-\d\d; fields aws_access_key_id set; note changed\n$/)
    expect((await h.td(['env', 'braket-lab'])).stdout).toContain("export AWS_ACCESS_KEY_ID='AKIAEXAMPLE123456789'")
    expect((await h.td(['get', 'braket-lab'])).stdout).toBe('aws-secret-value-0123456789')
    const shown = JSON.parse((await h.td(['show', 'braket-lab', '--json'])).stdout) as { token: { note: string }; audit: { action: string; detail: string | null }[] }
    expect(shown.token.note).toBe('shared lab key')
    expect(shown.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['created', 'updated']))
    expect(JSON.stringify(shown.audit)).not.toContain('AKIAEXAMPLE123456789')
    expect((await h.td(['edit', 'braket-lab', '--note', 'shared lab key'])).stdout).toMatch(/nothing changed/)
  })

  it('refuses a taken name, a bad field, nothing to change — and changes nothing', async () => {
    const h = cliHome(cli, 'edit-bad')
    await h.td(['add', '--platform', 'planqk', '--name', 'one'], 'secret-one-0123456789\n')
    await h.td(['add', '--platform', 'planqk', '--name', 'two'], 'secret-two-0123456789\n')
    const taken = await h.td(['edit', 'two', '--name', 'one'])
    expect(taken.code).toBe(2)
    expect(taken.stderr).toMatch(/a personal token named "one" for planqk already exists/)
    expect((await h.td(['edit', 'two', '--field', 'Bad Name=x'])).code).toBe(2)
    expect((await h.td(['edit', 'two', '--expires', 'never'])).stderr).toMatch(/a personal token must expire/)
    expect((await h.td(['edit', 'two'])).stderr).toMatch(/nothing to change/)
    const list = JSON.parse((await h.td(['list', '--json'])).stdout) as { items: { name: string }[] }
    expect(list.items.map((t) => t.name).sort()).toEqual(['one', 'two'])
  })
})
