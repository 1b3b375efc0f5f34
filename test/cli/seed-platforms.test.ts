import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { canary, cliHome, useBuiltCli } from './harness'

// The platforms TokenDesk was made for, as their documentation says (issue #26): AceCloud AI Hub
// tokens are deleted, never revoked; every platform without an API to make tokens names where to
// make one; import knows the variable names people use for IBM Quantum.
requireSecretService()
const cli = useBuiltCli('seed-platforms')

describe('the seed platforms', () => {
  it('AceCloud AI Hub: add, no revoke or restore, delete in one step (permanent)', async () => {
    const h = cliHome(cli, 'acecloud')
    const secret = canary('ace')
    const add = await h.td(['add', '--platform', 'acecloud', '--name', 'ace-inference'], secret)
    expect(add.code, add.stderr).toBe(0)
    expect(add.stdout).toMatch(/expires \d{4}-\d\d-\d\d/) // 30 days, AceCloud's documented default
    const revoke = await h.td(['revoke', 'ace-inference'])
    expect(revoke.code).toBe(4)
    expect(revoke.stderr).toMatch(/AceCloud AI Hub has no revoke: its tokens are only deleted, which is permanent .* tokendesk delete ace-inference --yes/)
    expect((await h.td(['restore', 'ace-inference'])).code).toBe(4)
    const del = await h.td(['delete', 'ace-inference', '--yes'])
    expect(del.code, del.stderr).toBe(0)
    expect((await h.td(['get', 'ace-inference'])).code).toBe(3)
    // A platform with revoke keeps revoke-then-delete.
    expect((await h.td(['add', '--platform', 'kipu-hub', '--name', 'kipu'], canary('kipu'))).code).toBe(0)
    expect((await h.td(['delete', 'kipu', '--yes'])).stderr).toMatch(/"kipu" is not revoked; revoke it first/)
  }, 60_000)

  it('platforms PLATFORM and help add name where to make a token, with the source', async () => {
    const h = cliHome(cli, 'create-at')
    const ace = await h.td(['platforms', 'acecloud'])
    expect(ace.code).toBe(0)
    expect(ace.stdout).toMatch(/lifecycle: delete only/)
    expect(ace.stdout).toContain('make one at https://docs.acecloud.ai/knowledge-base/ai-hub/how-to-manage-access-tokens')
    const kipu = JSON.parse((await h.td(['platforms', 'kipu-hub', '--json'])).stdout) as { createAt: { url: string }; lifecycle: string }
    expect(kipu).toMatchObject({ createAt: { url: expect.stringMatching(/^https:\/\/docs\.hub\.kipu-quantum\.com\//) }, lifecycle: 'revoke' })
    expect((await h.td(['platforms', 'planqk'])).stdout).toMatch(/former name of Kipu Quantum Hub/)
    expect((await h.td(['help', 'add'])).stdout).toContain('huggingface https://huggingface.co/settings/tokens')
    expect((await h.td(['platforms', 'nope'])).code).toBe(2)
  }, 60_000)

  it('import knows IBMQ_TOKEN, IBM_QUANTUM_TOKEN and IBM_CLOUD_API_KEY, with QISKIT_IBM_CHANNEL/INSTANCE as fields', async () => {
    const h = cliHome(cli, 'ibm-names')
    const root = path.join(h.home, 'projects')
    const names = ['IBMQ_TOKEN', 'IBM_QUANTUM_TOKEN', 'IBM_CLOUD_API_KEY']
    for (const [i, n] of names.entries()) {
      fs.mkdirSync(path.join(root, `p${i}`), { recursive: true })
      fs.writeFileSync(path.join(root, `p${i}`, '.env'), `${n}=ibm-secret-${i}-0123456789abcdef\nQISKIT_IBM_CHANNEL=ibm_cloud\nQISKIT_IBM_INSTANCE=crn:v1:bluemix:x\n`)
    }
    const r = await h.td(['import', root, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const found = (JSON.parse(r.stdout) as { found: { entry: string; kind: string; platform: string; fields: Record<string, string> }[] }).found
    expect(found.map((f) => f.entry).sort()).toEqual([...names].sort())
    for (const f of found) expect(f).toMatchObject({ kind: 'provider', platform: 'ibm-quantum', fields: { channel: 'ibm_cloud', instance: 'crn:v1:bluemix:x' } })
  }, 60_000)
})
