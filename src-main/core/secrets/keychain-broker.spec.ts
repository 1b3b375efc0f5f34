import { describe, expect, it } from 'vitest'
import { BrokerStoppedError, KeychainBroker, type BrokerProcess } from './keychain-broker'
import type { BrokerRequest } from './keychain-broker-protocol'

/** A child process that answers only when told to, recording what it was sent and whether it holds the host. */
function fakeProcess() {
  const sent: BrokerRequest[] = []
  let onMessage: (m: unknown) => void = () => undefined
  let onExit: (why: string) => void = () => undefined
  const state = { killed: false, held: false }
  const proc: BrokerProcess = {
    send: (m) => void sent.push(m),
    onMessage: (fn) => void (onMessage = fn),
    onExit: (fn) => void (onExit = fn),
    kill: () => void (state.killed = true),
    hold: (h) => void (state.held = h),
  }
  return { proc, sent, state, answer: (m: unknown) => onMessage(m), exit: (why: string) => onExit(why) }
}

describe('KeychainBroker', () => {
  it('starts its process on the first call, matches answers by id, and holds the host only while a call is out', async () => {
    const procs: ReturnType<typeof fakeProcess>[] = []
    const broker = new KeychainBroker(() => (procs.push(fakeProcess()), procs.at(-1)!.proc))
    expect(procs).toHaveLength(0)
    const a = broker.request({ op: 'get', service: 's', account: 'a' })
    const b = broker.request({ op: 'accounts', service: 's' })
    const p = procs[0]!
    expect(p.sent.map((m) => m.op)).toEqual(['get', 'accounts'])
    expect(p.state.held).toBe(true)
    p.answer({ id: p.sent[1]!.id, ok: true, value: ['x'] })
    expect(p.state.held).toBe(true)
    p.answer({ id: p.sent[0]!.id, ok: false, message: 'No such interface' })
    await expect(b).resolves.toEqual(['x'])
    await expect(a).rejects.toThrow('No such interface')
    expect(p.state.held).toBe(false)
    expect(procs).toHaveLength(1)
  })

  it('abandon kills the process, fails what waits, ignores a late answer, and the next call starts a new process', async () => {
    const procs: ReturnType<typeof fakeProcess>[] = []
    const broker = new KeychainBroker(() => (procs.push(fakeProcess()), procs.at(-1)!.proc))
    const stuck = broker.request({ op: 'set', service: 's', account: 'a', secret: 'v' })
    broker.abandon('deadline passed')
    await expect(stuck).rejects.toBeInstanceOf(BrokerStoppedError)
    expect(procs[0]!.state.killed).toBe(true)
    procs[0]!.answer({ id: procs[0]!.sent[0]!.id, ok: true, value: undefined }) // too late: ignored
    const next = broker.request({ op: 'get', service: 's', account: 'a' })
    expect(procs).toHaveLength(2)
    procs[1]!.answer({ id: procs[1]!.sent[0]!.id, ok: true, value: 'v' })
    await expect(next).resolves.toBe('v')
  })

  it('a process that dies fails its waiting calls with the reason; malformed answers are ignored', async () => {
    const procs: ReturnType<typeof fakeProcess>[] = []
    const broker = new KeychainBroker(() => (procs.push(fakeProcess()), procs.at(-1)!.proc))
    const call = broker.request({ op: 'delete', service: 's', account: 'a' })
    procs[0]!.answer({ nonsense: true })
    procs[0]!.answer({ id: 'x', ok: true })
    procs[0]!.exit('exit 1: cannot load the addon')
    await expect(call).rejects.toThrow('the keychain helper process stopped (exit 1: cannot load the addon)')
    void broker.request({ op: 'get', service: 's', account: 'a' }).catch(() => undefined)
    expect(procs).toHaveLength(2)
  })

  it('a process whose channel is closed fails the call at once', async () => {
    const broker = new KeychainBroker(() => ({ ...fakeProcess().proc, send: () => { throw new Error('its channel is closed') } }))
    await expect(broker.request({ op: 'get', service: 's', account: 'a' })).rejects.toThrow('its channel is closed')
  })
})
